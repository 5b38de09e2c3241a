import './templates.css';
import { BaseFrameLikeShapeUtil, Group2d, HTMLContainer, Rectangle2d, useEditor, type Editor, useSvgExportContext, useValue, type TLShape } from 'tldraw';
import { WORKSHOP_CANVAS_SHAPE, workshopTemplate } from '../../../shared/src/index.ts';
import { useJourneyMessages } from '../journey/journeyMessages.ts';
import { ContainerPart, letContainedShapesBeDragged } from '../journey/mapGeometry.ts';
import { workshopCanvasProps, type WorkshopCanvasShape } from '../journey/shapeTypes.ts';
import { useTemplateMessages } from './templateMessages.ts';
import { WorkshopCanvasSvg } from './WorkshopCanvasSvg.tsx';

/** Shapes that can sit in a region; arrows stay on the page so links can reach journey maps. */
const REGION_CONTENT_TYPES = new Set<string>(['note', 'text', 'geo', 'image']);

/** Keeps tldraw from treating typing and clicks in the title field as canvas gestures. */
const stopCanvas = {
  onPointerDown: (e: React.PointerEvent) => e.stopPropagation(),
  onKeyDown: (e: React.KeyboardEvent) => {
    if (e.key !== 'Escape') e.stopPropagation();
  },
};

/** The title, renamed in place while the canvas is being edited (double-click on its title). */
function TitleField({ shape }: { shape: WorkshopCanvasShape }) {
  const editor = useEditor();
  const t = useJourneyMessages();
  const { titleHeight, w, title } = shape.props;
  return (
    <input
      className="jb-canvas-title-input"
      data-testid="workshop-canvas-title"
      aria-label={t.canvasTitle}
      autoFocus
      value={title}
      onFocus={(e) => e.currentTarget.select()}
      onKeyUp={(e) => {
        // Enter finishes the rename, as it does for a frame's name.
        if (e.key === 'Enter') editor.complete();
      }}
      onChange={(e) => editor.updateShape<WorkshopCanvasShape>({ id: shape.id, type: shape.type, props: { title: e.target.value } })}
      style={{ position: 'absolute', left: 8, top: 8, width: Math.min(w - 16, 640), height: titleHeight - 16, font: '700 26px system-ui, sans-serif', pointerEvents: 'all', boxSizing: 'border-box' }}
      {...stopCanvas}
    />
  );
}

function WorkshopCanvasView({ shape }: { shape: WorkshopCanvasShape }) {
  const editor = useEditor();
  const t = useTemplateMessages();
  // Pictures and PDFs of the board show the canvas, not the hint.
  const exporting = useSvgExportContext() !== null;
  const isEditing = useValue('is editing canvas', () => editor.getEditingShapeId() === shape.id, [editor, shape.id]);
  return (
    <HTMLContainer className="jb-canvas" data-testid="workshop-canvas" data-kind={shape.props.kind} style={{ width: shape.props.w, height: shape.props.h }}>
      <WorkshopCanvasSvg props={shape.props} />
      {exporting || isEditing ? null : (
        <span className="jb-canvas-hint" style={{ height: shape.props.titleHeight }}>
          {t.canvasHint}
        </span>
      )}
      {isEditing && !exporting ? <TitleField shape={shape} /> : null}
    </HTMLContainer>
  );
}

/**
 * A workshop canvas (empathy map, jobs to be done, persona canvas, stakeholder map):
 * frame-like, so sticky notes dropped on it become its children and move with it.
 * Its layout is fixed by the template, so it is moved but not resized; its title is renamed in place.
 */
export class WorkshopCanvasShapeUtil extends BaseFrameLikeShapeUtil<WorkshopCanvasShape> {
  static override type = WORKSHOP_CANVAS_SHAPE;
  static override props = workshopCanvasProps;

  constructor(editor: Editor) {
    super(editor);
    letContainedShapesBeDragged(editor, WORKSHOP_CANVAS_SHAPE);
  }

  override getDefaultProps(): WorkshopCanvasShape['props'] {
    return workshopTemplate('empathyMap', 'en');
  }

  override canResize(): boolean {
    return false;
  }

  /** Editing a canvas is renaming it: its regions are fixed by the template. */
  override canEdit(): boolean {
    return true;
  }

  /**
   * The outline, plus the title band as a solid part: a click on the title selects the canvas
   * and a double-click renames it, as with a frame's name (the regions stay open for brushing).
   */
  override getGeometry(shape: WorkshopCanvasShape) {
    const { w, h, titleHeight } = shape.props;
    return new Group2d({
      children: [
        new Rectangle2d({ width: w, height: h, isFilled: false }),
        new ContainerPart(this.editor, shape.id, { x: 0, y: 0, width: w, height: titleHeight }),
      ],
    });
  }

  override canReceiveNewChildrenOfType(shape: WorkshopCanvasShape, type: TLShape['type']): boolean {
    return !shape.isLocked && REGION_CONTENT_TYPES.has(type);
  }

  override component(shape: WorkshopCanvasShape) {
    return <WorkshopCanvasView shape={shape} />;
  }

  override getIndicatorPath(shape: WorkshopCanvasShape) {
    const path = new Path2D();
    path.rect(0, 0, shape.props.w, shape.props.h);
    return path;
  }

  override getText(shape: WorkshopCanvasShape): string {
    return [shape.props.title, ...shape.props.regions.map((r) => r.label)].join('\n');
  }
}
