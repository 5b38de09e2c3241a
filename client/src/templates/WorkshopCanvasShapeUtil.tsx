import './templates.css';
import { BaseFrameLikeShapeUtil, HTMLContainer, useSvgExportContext, type TLShape } from 'tldraw';
import { WORKSHOP_CANVAS_SHAPE, workshopTemplate } from '../../../shared/src/index.ts';
import { workshopCanvasProps, type WorkshopCanvasShape } from '../journey/shapeTypes.ts';
import { useTemplateMessages } from './templateMessages.ts';
import { WorkshopCanvasSvg } from './WorkshopCanvasSvg.tsx';

/** Shapes that can sit in a region; arrows stay on the page so links can reach journey maps. */
const REGION_CONTENT_TYPES = new Set<string>(['note', 'text', 'geo', 'image']);

function WorkshopCanvasView({ shape }: { shape: WorkshopCanvasShape }) {
  const t = useTemplateMessages();
  // Pictures and PDFs of the board show the canvas, not the hint.
  const exporting = useSvgExportContext() !== null;
  return (
    <HTMLContainer className="jb-canvas" data-testid="workshop-canvas" data-kind={shape.props.kind} style={{ width: shape.props.w, height: shape.props.h }}>
      <WorkshopCanvasSvg props={shape.props} />
      {exporting ? null : (
        <span className="jb-canvas-hint" style={{ height: shape.props.titleHeight }}>
          {t.canvasHint}
        </span>
      )}
    </HTMLContainer>
  );
}

/**
 * A workshop canvas (empathy map, jobs to be done, persona canvas, stakeholder map):
 * frame-like, so sticky notes dropped on it become its children and move with it.
 * Its layout is fixed by the template, so it is moved but not resized.
 */
export class WorkshopCanvasShapeUtil extends BaseFrameLikeShapeUtil<WorkshopCanvasShape> {
  static override type = WORKSHOP_CANVAS_SHAPE;
  static override props = workshopCanvasProps;

  override getDefaultProps(): WorkshopCanvasShape['props'] {
    return workshopTemplate('empathyMap', 'en');
  }

  override canResize(): boolean {
    return false;
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
