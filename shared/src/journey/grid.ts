/** A map as a table: lanes as rows, stages as columns, in display order (for reports and spreadsheets). */
import type { EmotionPoint, JourneyCard, JourneyMap } from './model.ts';

export interface GridCell {
  cards: JourneyCard[];
  /** Points of the emotion curve in this stage; only in the emotions lane. */
  emotions: EmotionPoint[];
}

export interface GridRow {
  lane: JourneyMap['lanes'][number];
  cells: GridCell[];
}

export function mapGrid(map: JourneyMap): GridRow[] {
  const stages = [...map.stages].sort((a, b) => a.index - b.index);
  return [...map.lanes]
    .sort((a, b) => a.index - b.index)
    .map((lane) => ({
      lane,
      cells: stages.map((stage) => ({
        cards: map.cells.find((c) => c.stageId === stage.id && c.laneId === lane.id)?.cards ?? [],
        emotions: lane.kind === 'emotions' ? map.emotionCurve.filter((p) => p.stageId === stage.id) : [],
      })),
    }));
}

/** "+2 curious", "-1", "0 waiting": a point of the curve as text. */
export function emotionText(point: EmotionPoint): string {
  return `${point.score > 0 ? '+' : ''}${point.score}${point.label ? ` ${point.label}` : ''}`;
}
