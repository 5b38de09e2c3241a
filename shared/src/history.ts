/**
 * Version history of a board: the API shapes (zod) and the change summary between
 * two versions. The summary is a pure function of two sets of board records, so the
 * server's diff endpoint, the browser and unit tests share one definition.
 */
import { z } from 'zod';
import { extractJourney } from './journey/extract.ts';
import type { JourneyData } from './journey/model.ts';
import { richTextToPlain } from './journey/richText.ts';
import { CARD_META_TOUCHPOINT, CARD_SHAPE } from './journey/shapes.ts';

/**
 * How a version came about. `named`: saved by a person under a name, kept until deleted.
 * The others are automatic checkpoints, of which only the most recent ones are kept:
 * `activity` after a burst of editing, `last-left` when the last participant left,
 * `before-restore` the board as it was right before a restore (restoring it undoes the restore).
 */
export const VERSION_KINDS = ['named', 'activity', 'last-left', 'before-restore'] as const;
export const VersionKindSchema = z.enum(VERSION_KINDS);
export type VersionKind = z.infer<typeof VersionKindSchema>;

export const AUTOMATIC_VERSION_KINDS: readonly VersionKind[] = ['activity', 'last-left', 'before-restore'];

/**
 * Record types that belong to people, not to the board's content: tldraw's `user` record (a
 * participant's name and colour) is added by everyone who opens the board. Versions neither
 * keep, compare nor restore them.
 */
export const PERSONAL_RECORD_TYPES: readonly string[] = ['user'];

/** True for records that are part of the board's content (see PERSONAL_RECORD_TYPES). */
export function isContentRecord(record: unknown): boolean {
  if (typeof record !== 'object' || record === null) return false;
  const { typeName } = record as { typeName?: unknown };
  return typeof typeName !== 'string' || !PERSONAL_RECORD_TYPES.includes(typeName);
}

export const VersionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'version id must be 16-64 characters of A-Z, a-z, 0-9, _ or -');

/** `to` (or `from`) of a diff may name the board as it is now instead of a version. */
export const CURRENT_BOARD = 'current';

export const VersionSummarySchema = z.object({
  id: VersionIdSchema,
  boardId: z.string(),
  kind: VersionKindSchema,
  /** Set for named versions. */
  name: z.string().nullable(),
  /** Display name of whoever saved it or triggered it (a restore); null for automatic checkpoints. */
  createdBy: z.string().nullable(),
  createdAt: z.string().datetime(),
  recordCount: z.number().int().nonnegative(),
  cardCount: z.number().int().nonnegative(),
  /** For `before-restore`: the version that was restored right after this checkpoint. */
  restoredVersionId: z.string().nullable(),
});
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

export const VersionListSchema = z.object({
  versions: z.array(VersionSummarySchema).describe('newest first'),
  /** How many automatic checkpoints are kept per board; named versions are always kept. */
  keepAutomatic: z.number().int().positive(),
});
export type VersionList = z.infer<typeof VersionListSchema>;

export const VersionDetailSchema = VersionSummarySchema.extend({
  /** The board's tldraw document records at that moment. */
  records: z.array(z.record(z.string(), z.unknown())),
  /** tldraw's serialized schema the records were written with, for migrating them; null if unknown. */
  schema: z.record(z.string(), z.unknown()).nullable(),
});
export type VersionDetail = z.infer<typeof VersionDetailSchema>;

const author = z.string().trim().max(80, 'author must be at most 80 characters').optional();

export const CreateVersionRequestSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(120, 'name must be at most 120 characters'),
  author,
});
export type CreateVersionRequest = z.infer<typeof CreateVersionRequestSchema>;

export const RestoreVersionRequestSchema = z.object({ author });
export type RestoreVersionRequest = z.infer<typeof RestoreVersionRequestSchema>;

export const RestoreResultSchema = z.object({
  restored: VersionSummarySchema,
  /** The automatic checkpoint of the board right before the restore: restore it to undo. */
  checkpoint: VersionSummarySchema,
  /** Records written or deleted by the restore (0 when the board already looked like that). */
  changedRecords: z.number().int().nonnegative(),
});
export type RestoreResult = z.infer<typeof RestoreResultSchema>;

export const VersionDiffQuerySchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1).default(CURRENT_BOARD),
});

/** Where a card sits: a cell of a map, or (all null) nowhere in particular. */
export const CardPlacementSchema = z.object({
  mapId: z.string().nullable(),
  mapTitle: z.string().nullable(),
  stageId: z.string().nullable(),
  stageLabel: z.string().nullable(),
  laneId: z.string().nullable(),
  laneLabel: z.string().nullable(),
});
export type CardPlacement = z.infer<typeof CardPlacementSchema>;

export const DiffCardSchema = z.object({ id: z.string(), text: z.string(), placement: CardPlacementSchema });
export type DiffCard = z.infer<typeof DiffCardSchema>;

export const CARD_CHANGES = ['text', 'touchpoint', 'color'] as const;
export const CardEditSchema = z.object({
  id: z.string(),
  before: z.string(),
  after: z.string(),
  changes: z.array(z.enum(CARD_CHANGES)),
  placement: CardPlacementSchema,
});
export type CardEdit = z.infer<typeof CardEditSchema>;

export const CardMoveSchema = z.object({ id: z.string(), text: z.string(), from: CardPlacementSchema, to: CardPlacementSchema });
export type CardMove = z.infer<typeof CardMoveSchema>;

const ColumnRefSchema = z.object({ id: z.string(), label: z.string(), mapTitle: z.string() });
const ColumnRenameSchema = z.object({ id: z.string(), from: z.string(), to: z.string(), mapTitle: z.string() });
const ColumnChangesSchema = z.object({
  added: z.array(ColumnRefSchema),
  removed: z.array(ColumnRefSchema),
  renamed: z.array(ColumnRenameSchema),
});

export const ChangeSummarySchema = z.object({
  /** True when both sides hold exactly the same records. */
  identical: z.boolean(),
  cards: z.object({
    added: z.array(DiffCardSchema),
    removed: z.array(DiffCardSchema),
    /** Text, touchpoint attributes or colour changed. */
    edited: z.array(CardEditSchema),
    /** Now in another stage, lane or map (or placed / unplaced). */
    moved: z.array(CardMoveSchema),
  }),
  stages: ColumnChangesSchema,
  lanes: ColumnChangesSchema,
  /** Every other shape (maps, arrows, drawings, emotion points...): counted, not listed. */
  otherShapes: z.object({
    added: z.number().int().nonnegative(),
    removed: z.number().int().nonnegative(),
    changed: z.number().int().nonnegative(),
  }),
});
export type ChangeSummary = z.infer<typeof ChangeSummarySchema>;

export const VersionDiffSchema = ChangeSummarySchema.extend({
  /** Version id, or `current`. */
  from: z.string(),
  to: z.string(),
});
export type VersionDiff = z.infer<typeof VersionDiffSchema>;

interface CardState {
  id: string;
  text: string;
  color: string;
  /** The card's own touchpoint attributes as stored (not those derived from its lane). */
  touchpoint: string;
  placement: CardPlacement;
}

const NOWHERE: CardPlacement = { mapId: null, mapTitle: null, stageId: null, stageLabel: null, laneId: null, laneLabel: null };

/** Every card with its placement (from the extraction) and its attributes (from its record). */
function cardsOf(data: JourneyData, raw: Map<string, RawRecord>): Map<string, CardState> {
  const placements = new Map<string, CardPlacement>();
  for (const map of data.maps) {
    const stages = new Map(map.stages.map((s) => [s.id, s.label]));
    const lanes = new Map(map.lanes.map((l) => [l.id, l.label]));
    for (const cell of map.cells) {
      for (const card of cell.cards) {
        placements.set(card.id, {
          mapId: map.id,
          mapTitle: map.title,
          stageId: cell.stageId,
          stageLabel: stages.get(cell.stageId) ?? null,
          laneId: cell.laneId,
          laneLabel: lanes.get(cell.laneId) ?? null,
        });
      }
    }
  }
  const cards = new Map<string, CardState>();
  for (const record of raw.values()) {
    if (!record.isCard) continue;
    const props = isObject(record.value.props) ? record.value.props : {};
    const meta = isObject(record.value.meta) ? record.value.meta : {};
    cards.set(record.id, {
      id: record.id,
      text: richTextToPlain(props.richText),
      color: typeof props.color === 'string' ? props.color : '',
      touchpoint: JSON.stringify(meta[CARD_META_TOUCHPOINT] ?? null),
      placement: placements.get(record.id) ?? NOWHERE,
    });
  }
  return cards;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function samePlace(a: CardPlacement, b: CardPlacement): boolean {
  return a.mapId === b.mapId && a.stageId === b.stageId && a.laneId === b.laneId;
}

type Column = { id: string; label: string; mapTitle: string };

function columnsOf(data: JourneyData, pick: 'stages' | 'lanes'): Map<string, Column> {
  const columns = new Map<string, Column>();
  for (const map of data.maps) {
    for (const column of map[pick]) columns.set(`${map.id}\u0000${column.id}`, { id: column.id, label: column.label, mapTitle: map.title });
  }
  return columns;
}

function columnChanges(before: Map<string, Column>, after: Map<string, Column>): ChangeSummary['stages'] {
  const changes: ChangeSummary['stages'] = { added: [], removed: [], renamed: [] };
  for (const [key, column] of after) {
    const old = before.get(key);
    if (!old) changes.added.push(column);
    else if (old.label !== column.label) changes.renamed.push({ id: column.id, from: old.label, to: column.label, mapTitle: column.mapTitle });
  }
  for (const [key, column] of before) if (!after.has(key)) changes.removed.push(column);
  return changes;
}

interface RawRecord {
  id: string;
  value: Record<string, unknown>;
  json: string;
  isShape: boolean;
  isCard: boolean;
}

function rawRecords(records: Iterable<unknown>): Map<string, RawRecord> {
  const byId = new Map<string, RawRecord>();
  for (const record of records) {
    if (!isObject(record) || !isContentRecord(record)) continue;
    const { id, typeName, type } = record;
    if (typeof id !== 'string') continue;
    const isShape = typeName === 'shape';
    byId.set(id, { id, value: record, json: JSON.stringify(record), isShape, isCard: isShape && type === CARD_SHAPE });
  }
  return byId;
}

/** The number of cards (sticky notes) among a board's records. */
export function countCards(records: Iterable<unknown>): number {
  let count = 0;
  for (const record of rawRecords(records).values()) if (record.isCard) count += 1;
  return count;
}

/**
 * What changed from `beforeRecords` to `afterRecords`: cards added, removed, edited and
 * moved between stages, lanes or maps (by the same cell membership the journey data uses),
 * stages and lanes added, removed or renamed, and how many other shapes changed.
 * A card that was edited and moved appears in both lists.
 */
export function summarizeChanges(beforeRecords: readonly unknown[], afterRecords: readonly unknown[]): ChangeSummary {
  const rawBefore = rawRecords(beforeRecords);
  const rawAfter = rawRecords(afterRecords);
  const before = extractJourney(beforeRecords);
  const after = extractJourney(afterRecords);
  const cardsBefore = cardsOf(before, rawBefore);
  const cardsAfter = cardsOf(after, rawAfter);

  const summary: ChangeSummary = {
    identical: rawBefore.size === rawAfter.size && [...rawAfter.values()].every((r) => rawBefore.get(r.id)?.json === r.json),
    cards: { added: [], removed: [], edited: [], moved: [] },
    stages: columnChanges(columnsOf(before, 'stages'), columnsOf(after, 'stages')),
    lanes: columnChanges(columnsOf(before, 'lanes'), columnsOf(after, 'lanes')),
    otherShapes: { added: 0, removed: 0, changed: 0 },
  };

  for (const card of cardsAfter.values()) {
    const old = cardsBefore.get(card.id);
    if (!old) {
      summary.cards.added.push({ id: card.id, text: card.text, placement: card.placement });
      continue;
    }
    const changes: CardEdit['changes'] = [];
    if (old.text !== card.text) changes.push('text');
    if (old.touchpoint !== card.touchpoint) changes.push('touchpoint');
    if (old.color !== card.color) changes.push('color');
    if (changes.length > 0) summary.cards.edited.push({ id: card.id, before: old.text, after: card.text, changes, placement: card.placement });
    if (!samePlace(old.placement, card.placement)) summary.cards.moved.push({ id: card.id, text: card.text, from: old.placement, to: card.placement });
  }
  for (const card of cardsBefore.values()) {
    if (!cardsAfter.has(card.id)) summary.cards.removed.push({ id: card.id, text: card.text, placement: card.placement });
  }

  // Cards are shapes too, but they are reported above.
  for (const record of rawAfter.values()) {
    if (!record.isShape || record.isCard) continue;
    const old = rawBefore.get(record.id);
    if (!old) summary.otherShapes.added += 1;
    else if (old.json !== record.json) summary.otherShapes.changed += 1;
  }
  for (const record of rawBefore.values()) {
    if (record.isShape && !record.isCard && !rawAfter.has(record.id)) summary.otherShapes.removed += 1;
  }
  return summary;
}
