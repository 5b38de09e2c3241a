import { createShapeId, type Editor, type TLShapeId } from 'tldraw';
import {
  JOURNEY_MAP_SHAPE,
  journeyMapTemplate,
  PERSONA_SHAPE,
  type JourneyMapTemplateOptions,
} from '../../../shared/src/index.ts';
import type { JourneyMapShape, PersonaShape } from './shapeTypes.ts';

/** Centres a box of the given size in the viewport, zooming out if it would not fit. */
function centreInViewport(editor: Editor, w: number, h: number): { x: number; y: number } {
  const viewport = editor.getViewportPageBounds();
  return { x: viewport.center.x - w / 2, y: viewport.center.y - h / 2 };
}

function revealSelection(editor: Editor, w: number, h: number): void {
  const viewport = editor.getViewportPageBounds();
  if (w > viewport.w || h > viewport.h) editor.zoomToSelection({ animation: { duration: 200 } });
}

/** Creates a shape centred in the viewport and selects it, as one undo step. */
export function placeInViewport(editor: Editor, mark: string, w: number, h: number, create: (id: TLShapeId, x: number, y: number) => void): TLShapeId {
  const id = createShapeId();
  const { x, y } = centreInViewport(editor, w, h);
  editor.markHistoryStoppingPoint(mark);
  editor.run(() => {
    create(id, x, y);
    editor.select(id);
  });
  revealSelection(editor, w, h);
  return id;
}

/** Places a journey map from a template as one undo step, in the middle of the viewport. */
export function placeJourneyMap(editor: Editor, options: JourneyMapTemplateOptions): TLShapeId {
  const props = journeyMapTemplate(options);
  return placeInViewport(editor, 'place journey map', props.w, props.h, (id, x, y) => {
    editor.createShape<JourneyMapShape>({ id, type: JOURNEY_MAP_SHAPE, x, y, props });
  });
}

/** Places a persona card; a selected journey map is linked to it in the same undo step. */
export function placePersona(editor: Editor): TLShapeId {
  const id = createShapeId();
  const selectedMap = editor.getOnlySelectedShape();
  const w = 320;
  const h = 480;
  const position =
    selectedMap?.type === JOURNEY_MAP_SHAPE
      ? { x: editor.getShapePageBounds(selectedMap)?.minX ?? 0, y: 0 }
      : centreInViewport(editor, w, h);
  if (selectedMap?.type === JOURNEY_MAP_SHAPE) {
    const bounds = editor.getShapePageBounds(selectedMap);
    position.x = (bounds?.minX ?? 0) - w - 80;
    position.y = bounds?.minY ?? 0;
  }
  editor.markHistoryStoppingPoint('place persona');
  editor.run(() => {
    editor.createShape<PersonaShape>({ id, type: PERSONA_SHAPE, x: position.x, y: position.y });
    if (selectedMap?.type === JOURNEY_MAP_SHAPE) {
      editor.updateShape<JourneyMapShape>({ id: selectedMap.id, type: JOURNEY_MAP_SHAPE, props: { personaId: id } });
    }
    editor.select(id);
  });
  revealSelection(editor, w, h);
  return id;
}
