import type { Editor, TLShapeId } from 'tldraw';
import { WORKSHOP_CANVAS_SHAPE, workshopTemplate, type Locale, type WorkshopKind } from '../../../shared/src/index.ts';
import { placeInViewport } from '../journey/placement.ts';
import type { WorkshopCanvasShape } from '../journey/shapeTypes.ts';

/** Places a workshop canvas from its template as one undo step, in the middle of the viewport. */
export function placeWorkshopCanvas(editor: Editor, kind: WorkshopKind, locale: Locale): TLShapeId {
  const props = workshopTemplate(kind, locale);
  return placeInViewport(editor, `place ${kind}`, props.w, props.h, (id, x, y) => {
    editor.createShape<WorkshopCanvasShape>({ id, type: WORKSHOP_CANVAS_SHAPE, x, y, props });
  });
}
