import type { Editor, TLShape, TLShapeId } from 'tldraw';
import { PERSONA_SHAPE, regionIndexAt, richTextToPlain, WORKSHOP_CANVAS_SHAPE } from '../../../shared/src/index.ts';
import type { WorkshopCanvasShape } from '../journey/shapeTypes.ts';

export interface PersonaChoice {
  id: TLShapeId;
  name: string;
}

function isPersonaCanvas(shape: TLShape | undefined): shape is WorkshopCanvasShape {
  return shape?.type === WORKSHOP_CANVAS_SHAPE && shape.props.kind === 'personaCanvas';
}

/** As the extraction names it: the topmost note in the canvas's persona region, else the canvas title. */
function personaCanvasName(editor: Editor, canvas: WorkshopCanvasShape): string {
  const { regions } = canvas.props;
  const names = editor
    .getSortedChildIdsForParent(canvas.id)
    .map((id) => editor.getShape(id))
    .filter((shape) => shape?.type === 'note')
    .map((note) => {
      const bounds = editor.getShapeGeometry(note).bounds;
      return { note, x: note.x + bounds.w / 2, y: note.y + bounds.h / 2 };
    })
    .filter(({ x, y }) => regions[regionIndexAt(regions, x, y)]?.role === 'persona')
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map(({ note }) => richTextToPlain(note.props.richText));
  return names[0] || canvas.props.title;
}

/** The name of a persona card or persona canvas, or '' when `id` is neither. */
export function personaName(editor: Editor, id: string | null): string {
  const shape = id ? editor.getShape(id as TLShapeId) : undefined;
  if (shape?.type === PERSONA_SHAPE) return shape.props.name;
  return isPersonaCanvas(shape) ? personaCanvasName(editor, shape) : '';
}

/** What a journey map can link to as its persona: persona cards and persona canvases on the page. */
export function personaChoices(editor: Editor): PersonaChoice[] {
  return editor
    .getCurrentPageShapes()
    .filter((shape) => shape.type === PERSONA_SHAPE || isPersonaCanvas(shape))
    .map((shape) => ({ id: shape.id, name: personaName(editor, shape.id) || shape.id }));
}
