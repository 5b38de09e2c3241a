import { Box, createShapeId, type Editor, type TLShapeId } from 'tldraw';
import {
  JOURNEY_MAP_SHAPE,
  journeyMapTemplate,
  WORKSHOP_CANVAS_SHAPE,
  workshopTemplate,
  type AgendaTemplate,
  type Locale,
  type TemplateCanvas,
} from '../../../shared/src/index.ts';
import type { JourneyMapShape, WorkshopCanvasShape } from '../journey/shapeTypes.ts';

/** Space between the board's content and the template's canvases, and between those canvases. */
const GAP = 160;

type Placed = { create: (id: TLShapeId, x: number, y: number) => void; w: number; h: number };

function canvasFor(editor: Editor, canvas: TemplateCanvas, locale: Locale): Placed {
  if (canvas.kind === 'journeyMap') {
    const props = journeyMapTemplate({ locale, stagePreset: canvas.stagePreset, laneSet: canvas.laneSet });
    return { w: props.w, h: props.h, create: (id, x, y) => editor.createShape<JourneyMapShape>({ id, type: JOURNEY_MAP_SHAPE, x, y, props }) };
  }
  const props = workshopTemplate(canvas.kind, locale);
  return { w: props.w, h: props.h, create: (id, x, y) => editor.createShape<WorkshopCanvasShape>({ id, type: WORKSHOP_CANVAS_SHAPE, x, y, props }) };
}

/**
 * Places the canvases a template needs in a row to the right of everything on the page (in the
 * viewport's middle on an empty page), as one undo step, and brings them into view. Returns their
 * ids in the template's order, for `agendaFromTemplate`.
 */
export function placeAgendaTemplateCanvases(editor: Editor, template: AgendaTemplate, locale: Locale): TLShapeId[] {
  const canvases = template.canvases.map((canvas) => canvasFor(editor, canvas, locale));
  const rowWidth = canvases.reduce((sum, c) => sum + c.w, 0) + GAP * (canvases.length - 1);
  const rowHeight = Math.max(...canvases.map((c) => c.h));
  const content = editor.getCurrentPageBounds();
  const viewport = editor.getViewportPageBounds();
  const origin = content ? { x: content.maxX + GAP, y: content.minY } : { x: viewport.center.x - rowWidth / 2, y: viewport.center.y - rowHeight / 2 };
  const ids = canvases.map(() => createShapeId());
  editor.markHistoryStoppingPoint(`place agenda template ${template.id}`);
  editor.run(() => {
    let x = origin.x;
    canvases.forEach((canvas, index) => {
      canvas.create(ids[index]!, x, origin.y);
      x += canvas.w + GAP;
    });
    editor.select(...ids);
  });
  editor.zoomToBounds(new Box(origin.x, origin.y, rowWidth, rowHeight), { inset: 64, animation: { duration: 300 } });
  return ids;
}
