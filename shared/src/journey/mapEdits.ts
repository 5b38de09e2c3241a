/**
 * Structural edits of a journey map: pure functions from props to props, plus
 * the relayout that keeps every card in its stage and lane when columns and
 * rows move, grow or disappear. The client applies both in one undo step.
 */
import type { Locale } from '../api.ts';
import type { JourneyMapProps, Lane, Stage } from './shapes.ts';
import { newLane, newStage, withOuterSize } from './templates.ts';
import type { LaneKind } from './vocabulary.ts';

export const MIN_STAGE_WIDTH = 80;
export const MIN_LANE_HEIGHT = 60;

function move<T>(items: readonly T[], from: number, to: number): T[] {
  const result = [...items];
  const [item] = result.splice(from, 1);
  if (item === undefined) return result;
  result.splice(Math.max(0, Math.min(result.length, to)), 0, item);
  return result;
}

export function renameStage(props: JourneyMapProps, stageId: string, label: string): JourneyMapProps {
  return { ...props, stages: props.stages.map((s) => (s.id === stageId ? { ...s, label } : s)) };
}

export function addStage(props: JourneyMapProps, label: string, atIndex = props.stages.length): JourneyMapProps {
  const width = props.stages.at(-1)?.width ?? 320;
  const stages = [...props.stages];
  stages.splice(atIndex, 0, newStage(label, width));
  return withOuterSize({ ...props, stages });
}

/** A map keeps at least one stage. */
export function removeStage(props: JourneyMapProps, stageId: string): JourneyMapProps {
  if (props.stages.length <= 1) return props;
  return withOuterSize({ ...props, stages: props.stages.filter((s) => s.id !== stageId) });
}

export function moveStage(props: JourneyMapProps, stageId: string, toIndex: number): JourneyMapProps {
  const from = props.stages.findIndex((s) => s.id === stageId);
  if (from < 0) return props;
  return { ...props, stages: move(props.stages, from, toIndex) };
}

export function resizeStage(props: JourneyMapProps, stageId: string, width: number): JourneyMapProps {
  const clamped = Math.max(MIN_STAGE_WIDTH, width);
  return withOuterSize({ ...props, stages: props.stages.map((s) => (s.id === stageId ? { ...s, width: clamped } : s)) });
}

export function renameLane(props: JourneyMapProps, laneId: string, label: string): JourneyMapProps {
  return { ...props, lanes: props.lanes.map((l) => (l.id === laneId ? { ...l, label } : l)) };
}

export function addLane(props: JourneyMapProps, kind: LaneKind, locale: Locale, atIndex = props.lanes.length): JourneyMapProps {
  const lanes = [...props.lanes];
  lanes.splice(atIndex, 0, newLane(kind, locale));
  return withOuterSize({ ...props, lanes });
}

export function removeLane(props: JourneyMapProps, laneId: string): JourneyMapProps {
  if (props.lanes.length <= 1) return props;
  return withOuterSize({ ...props, lanes: props.lanes.filter((l) => l.id !== laneId) });
}

export function moveLane(props: JourneyMapProps, laneId: string, toIndex: number): JourneyMapProps {
  const from = props.lanes.findIndex((l) => l.id === laneId);
  if (from < 0) return props;
  return { ...props, lanes: move(props.lanes, from, toIndex) };
}

export function resizeLane(props: JourneyMapProps, laneId: string, height: number): JourneyMapProps {
  const clamped = Math.max(MIN_LANE_HEIGHT, height);
  return withOuterSize({ ...props, lanes: props.lanes.map((l) => (l.id === laneId ? { ...l, height: clamped } : l)) });
}

export interface ChildBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Band {
  start: number;
  size: number;
}

function bands<T extends Stage | Lane>(items: readonly T[], origin: number, sizeOf: (item: T) => number): Map<string, Band> {
  const result = new Map<string, Band>();
  let start = origin;
  for (const item of items) {
    result.set(item.id, { start, size: sizeOf(item) });
    start += sizeOf(item);
  }
  return result;
}

function locate(map: Map<string, Band>, value: number): [string, Band] | undefined {
  for (const entry of map) {
    const band = entry[1];
    if (value >= band.start && value < band.start + band.size) return entry;
  }
  return undefined;
}

/**
 * New positions (map-local) for the map's children after `before` became `after`:
 * each card keeps its stage and lane and its relative place inside the cell.
 * Cards whose stage or lane was removed move just right of the map, where they
 * stay visible as "unplaced" instead of silently landing in another cell.
 */
export function relayoutChildren(before: JourneyMapProps, after: JourneyMapProps, children: readonly ChildBox[]): { id: string; x: number; y: number }[] {
  const gridTop = (p: JourneyMapProps): number => p.titleHeight + p.headerHeight;
  const oldColumns = bands(before.stages, before.laneHeaderWidth, (s) => s.width);
  const newColumns = bands(after.stages, after.laneHeaderWidth, (s) => s.width);
  const oldRows = bands(before.lanes, gridTop(before), (l) => l.height);
  const newRows = bands(after.lanes, gridTop(after), (l) => l.height);
  const moves: { id: string; x: number; y: number }[] = [];
  let parkedY = 0;
  for (const child of children) {
    const cx = child.x + child.w / 2;
    const cy = child.y + child.h / 2;
    const column = locate(oldColumns, cx);
    const row = locate(oldRows, cy);
    if (!column || !row) continue; // not in a cell before: leave it where it is
    const [stageId, oldColumn] = column;
    const [laneId, oldRow] = row;
    const newColumn = newColumns.get(stageId);
    const newRow = newRows.get(laneId);
    if (!newColumn || !newRow) {
      moves.push({ id: child.id, x: after.w + 40, y: parkedY });
      parkedY += child.h + 20;
      continue;
    }
    const nx = newColumn.start + ((cx - oldColumn.start) / oldColumn.size) * newColumn.size;
    const ny = newRow.start + ((cy - oldRow.start) / oldRow.size) * newRow.size;
    const x = nx - child.w / 2;
    const y = ny - child.h / 2;
    if (Math.abs(x - child.x) > 1e-6 || Math.abs(y - child.y) > 1e-6) moves.push({ id: child.id, x, y });
  }
  return moves;
}

/** Vertical centre (map-local) for an emotion score inside a lane; inverse of emotionScore. */
export function emotionLevelY(laneTop: number, laneHeight: number, score: number): number {
  const t = 0.1 + ((2 - score) / 4) * 0.8;
  return laneTop + t * laneHeight;
}
