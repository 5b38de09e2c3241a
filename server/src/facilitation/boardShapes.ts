import type * as Y from 'yjs';
import { isInScope, JOURNEY_MAP_SHAPE, type VoteScope } from '../../../shared/src/index.ts';
import { readBoardRecords } from '../journey/boardRecords.ts';

/** Shape types people vote on: sticky notes. */
const VOTABLE_TYPES = new Set(['note']);

interface ShapeLike {
  id: string;
  typeName: 'shape';
  type: string;
  parentId: string;
  x: number;
  y: number;
  props?: { w?: unknown; h?: unknown };
}

function isShape(record: unknown): record is ShapeLike {
  const r = record as Partial<ShapeLike> | null;
  return typeof r === 'object' && r !== null && r.typeName === 'shape' && typeof r.id === 'string' && typeof r.x === 'number' && typeof r.y === 'number';
}

/** Page position of a shape's origin, adding its parents' offsets (rotation ignored: a scope is coarse). */
function pagePosition(shape: ShapeLike, shapes: Map<string, ShapeLike>): { x: number; y: number } {
  let x = shape.x;
  let y = shape.y;
  const seen = new Set([shape.id]);
  for (let parent = shapes.get(shape.parentId); parent && !seen.has(parent.id); parent = shapes.get(parent.parentId)) {
    seen.add(parent.id);
    x += parent.x;
    y += parent.y;
  }
  return { x, y };
}

/** Why these card ids cannot take votes in a round with this scope, or null. */
export function cardsProblem(doc: Y.Doc, cardIds: readonly string[], scope: VoteScope): string | null {
  const shapes = new Map<string, ShapeLike>();
  for (const record of readBoardRecords(doc)) if (isShape(record)) shapes.set(record.id, record);
  for (const cardId of new Set(cardIds)) {
    const shape = shapes.get(cardId);
    if (!shape || !VOTABLE_TYPES.has(shape.type)) return `${cardId} is not a card on this board`;
    if (!isInScope(scope, pagePosition(shape, shapes))) return `${cardId} is outside this round's voting area`;
  }
  return null;
}

/** Why a map step cannot be scored (no such journey map or stage), or null. */
export function stageProblem(doc: Y.Doc, mapId: string, stageId: string): string | null {
  const map = readBoardRecords(doc).find((record) => isShape(record) && record.id === mapId && record.type === JOURNEY_MAP_SHAPE) as
    | { props?: { stages?: { id?: unknown }[] } }
    | undefined;
  if (!map) return `${mapId} is not a journey map on this board`;
  return map.props?.stages?.some((stage) => stage.id === stageId) ? null : `the map has no step ${stageId}`;
}

/**
 * The page rectangle of a shape with a size (a journey map, workshop canvas or frame): an agenda
 * step's area, and the scope of its dot vote. Null when the board has no such shape.
 */
export function shapeArea(doc: Y.Doc, shapeId: string): { x: number; y: number; w: number; h: number } | null {
  const shapes = new Map<string, ShapeLike>();
  for (const record of readBoardRecords(doc)) if (isShape(record)) shapes.set(record.id, record);
  const shape = shapes.get(shapeId);
  const w = shape?.props?.w;
  const h = shape?.props?.h;
  if (!shape || typeof w !== 'number' || typeof h !== 'number' || !(w > 0) || !(h > 0)) return null;
  return { ...pagePosition(shape, shapes), w, h };
}
