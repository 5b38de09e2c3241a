import { atom, createShapeId, type Editor } from 'tldraw';
import { EMOTION_POINT_SHAPE, emotionLevelY, JOURNEY_MAP_SHAPE, type ScoreSummary } from '../../../shared/src/index.ts';
import type { EmotionPointShape, JourneyMapShape } from '../journey/shapeTypes.ts';
import { mapLayout } from '../journey/mapGeometry.ts';

/** Whether this browser shows the emotion-scoring controls on the maps. */
export const $scoringOpen = atom('emotion scoring open', false);

const POINT_SIZE = 28;

/** A map step's place in map-local coordinates: column centre and the emotions lane. */
export interface StepSlot {
  stageId: string;
  label: string;
  x: number;
  laneTop: number;
  laneHeight: number;
}

/** The steps of a map that has an emotions lane, in order; empty without one. */
export function stepSlots(map: JourneyMapShape): StepSlot[] {
  const { columns, rows } = mapLayout(map.props);
  const laneIndex = map.props.lanes.findIndex((lane) => lane.kind === 'emotions');
  const lane = map.props.lanes[laneIndex];
  if (!lane) return [];
  return map.props.stages.map((stage, i) => ({
    stageId: stage.id,
    label: stage.label,
    x: ((columns[i] ?? 0) + (columns[i + 1] ?? 0)) / 2,
    laneTop: rows[laneIndex] ?? 0,
    laneHeight: lane.height,
  }));
}

export function journeyMaps(editor: Editor): JourneyMapShape[] {
  return editor.getCurrentPageShapes().filter((shape): shape is JourneyMapShape => shape.type === JOURNEY_MAP_SHAPE);
}

/** Replaces the map's emotion curve with one point per scored step at the median (one undo step). */
export function adoptMedianCurve(editor: Editor, map: JourneyMapShape, summaries: ReadonlyMap<string, ScoreSummary>): void {
  const slots = stepSlots(map);
  const lane = slots[0];
  if (!lane) return;
  const inLane = (point: EmotionPointShape) => point.y + point.props.size / 2 >= lane.laneTop && point.y + point.props.size / 2 < lane.laneTop + lane.laneHeight;
  const oldPoints = editor
    .getSortedChildIdsForParent(map.id)
    .map((id) => editor.getShape(id))
    .filter((shape): shape is EmotionPointShape => shape?.type === EMOTION_POINT_SHAPE && inLane(shape));
  editor.markHistoryStoppingPoint('adopt median emotion curve');
  // The facilitator may have locked the map; the curve is still theirs to set.
  editor.run(
    () => {
      editor.deleteShapes(oldPoints.map((point) => point.id));
      editor.createShapes<EmotionPointShape>(
        slots.flatMap((slot) => {
          const summary = summaries.get(slot.stageId);
          if (!summary) return [];
          const y = emotionLevelY(slot.laneTop, slot.laneHeight, summary.median);
          return [{ id: createShapeId(), type: EMOTION_POINT_SHAPE, parentId: map.id, x: slot.x - POINT_SIZE / 2, y: y - POINT_SIZE / 2, props: { label: '', size: POINT_SIZE } }];
        }),
      );
    },
    { ignoreShapeLock: true },
  );
}
