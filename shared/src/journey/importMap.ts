/**
 * A journey map from a table (CSV or XLSX): one row per card with its stage, lane, text
 * and touchpoint attributes. Stages and lanes appear in the order of their first row.
 * Every problem names its line; a table with any problem imports nothing (see README).
 */
import { z } from 'zod';
import type { Locale } from '../api.ts';
import type { JourneyMapProps, TouchpointAttributes } from './shapes.ts';
import { TouchpointAttributesSchema } from './shapes.ts';
import {
  DEFAULT_LANE_HEIGHT,
  DEFAULT_STAGE_WIDTH,
  EMOTION_LANE_HEIGHT,
  HEADER_HEIGHT,
  LANE_HEADER_WIDTH,
  newLane,
  newStage,
  TITLE_HEIGHT,
  withOuterSize,
} from './templates.ts';
import { cellsOf, isBlankRow, mapColumns, type LineProblem, type Table } from './tableRows.ts';
import {
  CHANNEL_LABELS,
  CHANNELS,
  EVIDENCE_LEVELS,
  LANE_KINDS,
  LANE_LABELS,
  MEDIA_TYPES,
  MOMENTS_OF_TRUTH,
  type LaneKind,
  type Localized,
} from './vocabulary.ts';

export const IMPORT_MAX_ROWS = 5000;
const MAX_STAGES = 100;
const MAX_LANES = 50;
const NOTE_COLORS = ['black', 'grey', 'light-violet', 'violet', 'blue', 'light-blue', 'yellow', 'orange', 'green', 'light-green', 'light-red', 'red', 'white'] as const;

const IMPORT_COLUMNS = {
  stage: ['stage', 'phase'],
  lane: ['lane', 'spur', 'ebene', 'zeile'],
  text: ['text', 'card', 'karte', 'inhalt'],
  laneKind: ['lanekind', 'lanetype', 'spurart', 'spurtyp'],
  channel: ['channel', 'kanal'],
  owner: ['owner', 'verantwortlich', 'verantwortlichkeit'],
  momentOfTruth: ['momentoftruth', 'mot', 'momentderwahrheit'],
  mediaType: ['mediatype', 'ownedpaidearned', 'medientyp'],
  mode: ['mode', 'analogdigital', 'modus'],
  systems: ['systems', 'systeme'],
  evidence: ['evidence', 'evidenz'],
  color: ['color', 'colour', 'farbe'],
} as const;
type ImportField = keyof typeof IMPORT_COLUMNS;

/** The attribute columns: a card with any of them set carries touchpoint attributes. */
const ATTRIBUTE_FIELDS = ['channel', 'owner', 'momentOfTruth', 'mediaType', 'mode', 'systems', 'evidence'] as const;

export interface ImportedCard {
  line: number;
  stageIndex: number;
  laneIndex: number;
  text: string;
  color: (typeof NOTE_COLORS)[number];
  /** Null for a plain card outside a touchpoints lane without attribute columns. */
  touchpoint: TouchpointAttributes | null;
}

export interface ImportPlan {
  stages: string[];
  lanes: { label: string; kind: LaneKind }[];
  cards: ImportedCard[];
  /** Empty lines are not cards; counted so the report can say so. */
  blankLines: number;
}

const key = (text: string): string => text.toLocaleLowerCase().replace(/[\s_\-/&().]+/g, '');

/** Accepts the id ("coBrowsing") or an English or German label ("Co-Browsing") of a vocabulary value. */
function vocabularyLookup<V extends string>(ids: readonly V[], labels?: Record<V, Localized>): (text: string) => V | undefined {
  const table = new Map<string, V>();
  for (const id of ids) {
    table.set(key(id), id);
    if (labels) {
      table.set(key(labels[id].en), id);
      table.set(key(labels[id].de), id);
    }
  }
  return (text) => table.get(key(text));
}

const MOMENT_LABELS: Record<(typeof MOMENTS_OF_TRUTH)[number], Localized> = {
  none: { en: 'no', de: 'kein' },
  first: { en: 'first moment of truth', de: 'erster' },
  second: { en: 'second moment of truth', de: 'zweiter' },
};

const lookups = {
  channel: vocabularyLookup(CHANNELS, CHANNEL_LABELS),
  laneKind: vocabularyLookup(LANE_KINDS, LANE_LABELS),
  momentOfTruth: vocabularyLookup(MOMENTS_OF_TRUTH, MOMENT_LABELS),
  mediaType: vocabularyLookup(MEDIA_TYPES),
  mode: vocabularyLookup(['analog', 'digital'] as const),
  evidence: vocabularyLookup(EVIDENCE_LEVELS),
  color: vocabularyLookup(NOTE_COLORS),
};

/** Reads the table into a plan, or reports every problem with its line. */
export function planImport(table: Table): { plan: ImportPlan | null; problems: LineProblem[] } {
  const { columns, problems } = mapColumns(table.header, IMPORT_COLUMNS);
  const present = new Set(columns.values());
  for (const required of ['stage', 'lane', 'text'] as const) {
    if (!present.has(required)) problems.push({ line: table.header.line, message: `the header has no "${required}" column` });
  }
  if (problems.length > 0) return { plan: null, problems };

  const stages: string[] = [];
  const lanes: { label: string; kind: LaneKind; line: number; explicit: boolean }[] = [];
  const cards: ImportedCard[] = [];
  let blankLines = 0;
  const dataRows = table.rows.filter((row) => {
    if (!isBlankRow(row)) return true;
    blankLines += 1;
    return false;
  });
  if (dataRows.length > IMPORT_MAX_ROWS) {
    return { plan: null, problems: [{ line: dataRows[IMPORT_MAX_ROWS]?.line ?? table.header.line, message: `more than ${IMPORT_MAX_ROWS} cards in one import` }] };
  }

  for (const row of dataRows) {
    const cells = cellsOf<ImportField>(row, columns);
    const rowProblems: LineProblem[] = [];
    const need = (field: 'stage' | 'lane' | 'text'): string => {
      const value = cells[field] ?? '';
      if (value === '') rowProblems.push({ line: row.line, column: field, message: `${field} is empty` });
      else if (value.length > 500) rowProblems.push({ line: row.line, column: field, message: `${field} is longer than 500 characters` });
      return value;
    };
    const stage = need('stage');
    const lane = need('lane');
    const text = need('text');
    const vocabulary = <V extends string>(field: keyof typeof lookups & ImportField, lookup: (t: string) => V | undefined): V | undefined => {
      const value = cells[field] ?? '';
      if (value === '') return undefined;
      const found = lookup(value);
      if (found === undefined) rowProblems.push({ line: row.line, column: field, message: `${field} "${value}" is not known` });
      return found;
    };
    const laneKind = vocabulary('laneKind', lookups.laneKind);
    const channel = vocabulary('channel', lookups.channel);
    const momentOfTruth = vocabulary('momentOfTruth', lookups.momentOfTruth);
    const mediaType = vocabulary('mediaType', lookups.mediaType);
    const mode = vocabulary('mode', lookups.mode);
    const evidence = vocabulary('evidence', lookups.evidence);
    const color = vocabulary('color', lookups.color);
    const owner = cells.owner ?? '';
    const systems = (cells.systems ?? '').split(/[;,]/).map((s) => s.trim()).filter(Boolean);
    if (owner.length > 200) rowProblems.push({ line: row.line, column: 'owner', message: 'owner is longer than 200 characters' });
    if (systems.length > 50 || systems.some((s) => s.length > 200)) rowProblems.push({ line: row.line, column: 'systems', message: 'at most 50 systems of 200 characters each' });

    let stageIndex = stages.findIndex((s) => key(s) === key(stage));
    let laneIndex = lanes.findIndex((l) => key(l.label) === key(lane));
    if (stage !== '' && stageIndex < 0) {
      if (stages.length >= MAX_STAGES) rowProblems.push({ line: row.line, column: 'stage', message: `more than ${MAX_STAGES} stages` });
      else stageIndex = stages.push(stage) - 1;
    }
    if (lane !== '') {
      const kind = laneKind ?? lookups.laneKind(lane) ?? 'custom';
      const existing = lanes[laneIndex];
      if (!existing) {
        if (lanes.length >= MAX_LANES) rowProblems.push({ line: row.line, column: 'lane', message: `more than ${MAX_LANES} lanes` });
        else laneIndex = lanes.push({ label: lane, kind, line: row.line, explicit: laneKind !== undefined }) - 1;
      } else if (laneKind !== undefined && existing.explicit && existing.kind !== laneKind) {
        rowProblems.push({ line: row.line, column: 'laneKind', message: `lane "${lane}" is ${existing.kind} on line ${existing.line}, not ${laneKind}` });
      } else if (laneKind !== undefined && !existing.explicit) {
        existing.kind = laneKind;
        existing.explicit = true;
      }
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    const hasAttributes = ATTRIBUTE_FIELDS.some((field) => (cells[field] ?? '') !== '');
    cards.push({
      line: row.line,
      stageIndex,
      laneIndex,
      text,
      color: color ?? 'yellow',
      touchpoint: hasAttributes
        ? TouchpointAttributesSchema.parse({
            channel: channel ?? null,
            modeOverride: mode ?? null,
            mediaType: mediaType ?? null,
            momentOfTruth: momentOfTruth ?? 'none',
            owner,
            systems,
            evidence: evidence ?? null,
          })
        : null,
    });
  }
  if (problems.length === 0 && cards.length === 0) problems.push({ line: table.header.line, message: 'the file has no cards' });
  if (problems.length > 0) return { plan: null, problems };
  return { plan: { stages, lanes: lanes.map(({ label, kind }) => ({ label, kind })), cards, blankLines }, problems: [] };
}

/** Imported cards are half-size notes, so a busy cell stays readable at the map's scale. */
export const IMPORT_CARD_SCALE = 0.5;
const CARD_SIZE = 200 * IMPORT_CARD_SCALE;
const GAP = 12;
const PADDING = 16;
const MAX_COLUMNS_PER_CELL = 4;

export interface PlacedCard extends ImportedCard {
  /** Top-left corner in the map's coordinates. */
  x: number;
  y: number;
}

export const ImportOptionsSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  locale: z.enum(['en', 'de']).optional(),
  /** Check the file and report, without changing the board. */
  dryRun: z.enum(['true', 'false']).optional(),
});

/** The map's props and every card's position: stages widen and lanes grow to hold their cards. */
export function layoutImport(plan: ImportPlan, options: { title: string; locale: Locale }): { props: JourneyMapProps; cards: PlacedCard[] } {
  const counts = plan.stages.map(() => plan.lanes.map(() => 0));
  for (const card of plan.cards) {
    const row = counts[card.stageIndex];
    if (row) row[card.laneIndex] = (row[card.laneIndex] ?? 0) + 1;
  }
  const columnsPerStage = counts.map((perLane) => Math.min(MAX_COLUMNS_PER_CELL, Math.max(1, ...perLane)));
  const stages = plan.stages.map((label, i) => {
    const columns = columnsPerStage[i] ?? 1;
    return newStage(label, Math.max(DEFAULT_STAGE_WIDTH, 2 * PADDING + columns * CARD_SIZE + (columns - 1) * GAP));
  });
  const lanes = plan.lanes.map(({ label, kind }, laneIndex) => {
    const rows = Math.max(1, ...counts.map((perLane, s) => Math.ceil((perLane[laneIndex] ?? 0) / (columnsPerStage[s] ?? 1))));
    const minimum = kind === 'emotions' ? EMOTION_LANE_HEIGHT : DEFAULT_LANE_HEIGHT;
    return { ...newLane(kind, options.locale, label), height: Math.max(minimum, 2 * PADDING + rows * CARD_SIZE + (rows - 1) * GAP) };
  });
  const props = withOuterSize({
    w: 0,
    h: 0,
    title: options.title,
    locale: options.locale,
    personaId: null,
    stages,
    lanes,
    titleHeight: TITLE_HEIGHT,
    headerHeight: HEADER_HEIGHT,
    laneHeaderWidth: LANE_HEADER_WIDTH,
  });
  const stageLeft = [LANE_HEADER_WIDTH];
  for (const stage of stages) stageLeft.push((stageLeft.at(-1) ?? 0) + stage.width);
  const laneTop = [TITLE_HEIGHT + HEADER_HEIGHT];
  for (const lane of lanes) laneTop.push((laneTop.at(-1) ?? 0) + lane.height);
  const filled = counts.map((perLane) => perLane.map(() => 0));
  const cards = plan.cards.map((card) => {
    const perStage = filled[card.stageIndex] ?? [];
    const k = perStage[card.laneIndex] ?? 0;
    perStage[card.laneIndex] = k + 1;
    const columns = columnsPerStage[card.stageIndex] ?? 1;
    return {
      ...card,
      x: (stageLeft[card.stageIndex] ?? 0) + PADDING + (k % columns) * (CARD_SIZE + GAP),
      y: (laneTop[card.laneIndex] ?? 0) + PADDING + Math.floor(k / columns) * (CARD_SIZE + GAP),
    };
  });
  return { props, cards };
}

export const ImportResultSchema = z.object({
  mapId: z.string().nullable().describe('null on a dry run'),
  title: z.string(),
  stages: z.number().int(),
  lanes: z.number().int(),
  cards: z.number().int(),
  blankLines: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;
/**
 * The answer to input with problems: nothing was stored. Each problem names the file line
 * (uploads) or the position in the request's list (JSON), and the column when it is one cell's fault.
 */
export const InputProblemSchema = z.object({
  line: z.number().int().optional(),
  index: z.number().int().optional(),
  column: z.string().optional(),
  message: z.string(),
});
export type InputProblem = z.infer<typeof InputProblemSchema>;
export const InputRejectedSchema = z.object({
  error: z.object({ code: z.literal('bad_request'), message: z.string() }),
  problems: z.array(InputProblemSchema),
});
export type InputRejected = z.infer<typeof InputRejectedSchema>;

export function inputRejected(message: string, problems: readonly InputProblem[]): InputRejected {
  return { error: { code: 'bad_request', message }, problems: [...problems] };
}
