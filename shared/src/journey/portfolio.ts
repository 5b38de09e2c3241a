/**
 * The portfolio: a summary per board and every touchpoint of every board, computed from the
 * extracted journey data (the server stores them on each extraction), filtered and exported
 * without loading any board.
 */
import { z } from 'zod';
import { BoardSchema } from '../api.ts';
import { ActionItemSchema, byDueDate } from './actions.ts';
import { LiveMetricSchema, missesTarget } from './liveMetricSchema.ts';
import type { JourneyData } from './model.ts';
import { CHANNELS, MEDIA_TYPES, MOMENTS_OF_TRUTH } from './vocabulary.ts';

/** Per board in the portfolio index: more open actions than this on one board are not a list anymore. */
export const MAX_INDEXED_ACTIONS = 200;

export const BoardSummarySchema = z.object({
  personas: z.array(z.string()),
  maps: z.number().int(),
  stages: z.number().int(),
  cards: z.number().int(),
  touchpoints: z.number().int(),
  /** Mean of every emotion point (-2..+2); null without an emotion curve. */
  averageEmotion: z.number().nullable(),
  openComments: z.number().int().describe('open comment threads on the board'),
  missedTargets: z.number().int().describe('cards with a live metric that misses its target'),
  /** Open action items (not decisions, not done); absent in entries indexed before they existed. */
  openActions: z.array(ActionItemSchema).max(MAX_INDEXED_ACTIONS).optional(),
});
export type BoardSummary = z.infer<typeof BoardSummarySchema>;

export const TouchpointRowSchema = z.object({
  boardId: z.string(),
  boardTitle: z.string(),
  mapId: z.string(),
  mapTitle: z.string(),
  cardId: z.string(),
  text: z.string(),
  stage: z.string(),
  lane: z.string(),
  channel: z.enum(CHANNELS).nullable(),
  mode: z.enum(['analog', 'digital']).nullable(),
  mediaType: z.enum(MEDIA_TYPES).nullable(),
  momentOfTruth: z.enum(MOMENTS_OF_TRUTH),
  owner: z.string(),
  systems: z.array(z.string()),
  /** Mean emotion score of the card's stage on its map; null when the stage has no emotion point. */
  emotion: z.number().nullable(),
  liveMetrics: z.array(LiveMetricSchema),
  missesTarget: z.boolean(),
  openComments: z.number().int(),
});
export type TouchpointRow = z.infer<typeof TouchpointRowSchema>;
export type IndexedTouchpoint = Omit<TouchpointRow, 'boardId' | 'boardTitle'>;

const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

export function summarizeJourney(data: JourneyData): { summary: BoardSummary; touchpoints: IndexedTouchpoint[] } {
  const touchpoints: IndexedTouchpoint[] = [];
  const emotions: number[] = [];
  let cards = 0;
  let missed = 0;
  let openComments = 0;
  for (const map of data.maps) {
    const stageLabel = new Map(map.stages.map((s) => [s.id, s.label]));
    const laneLabel = new Map(map.lanes.map((l) => [l.id, l.label]));
    const stageEmotion = new Map(map.stages.map((s) => [s.id, mean(map.emotionCurve.filter((p) => p.stageId === s.id).map((p) => p.score))]));
    emotions.push(...map.emotionCurve.map((p) => p.score));
    openComments += map.comments?.openThreads ?? 0;
    for (const cell of map.cells) {
      for (const card of cell.cards) {
        cards += 1;
        const misses = missesTarget(card.liveMetrics);
        if (misses) missed += 1;
        if (!card.touchpoint) continue;
        const { channel, mode, mediaType, momentOfTruth, owner, systems } = card.touchpoint;
        touchpoints.push({
          mapId: map.id,
          mapTitle: map.title,
          cardId: card.id,
          text: card.text,
          stage: stageLabel.get(cell.stageId) ?? '',
          lane: laneLabel.get(cell.laneId) ?? '',
          channel,
          mode,
          mediaType,
          momentOfTruth,
          owner,
          systems,
          emotion: stageEmotion.get(cell.stageId) ?? null,
          liveMetrics: card.liveMetrics ?? [],
          missesTarget: misses,
          openComments: card.comments?.openThreads ?? 0,
        });
      }
    }
  }
  for (const item of data.unplaced) openComments += item.comments?.openThreads ?? 0;
  const averageEmotion = mean(emotions);
  return {
    summary: {
      personas: data.personas.map((p) => p.name).filter((name) => name.trim() !== ''),
      maps: data.maps.length,
      stages: data.maps.reduce((sum, map) => sum + map.stages.length, 0),
      cards,
      touchpoints: touchpoints.length,
      averageEmotion: averageEmotion === null ? null : Math.round(averageEmotion * 100) / 100,
      openComments,
      missedTargets: missed,
      openActions: (data.actions ?? []).filter((item) => item.kind === 'action' && !item.done).sort(byDueDate).slice(0, MAX_INDEXED_ACTIONS),
    },
    touchpoints,
  };
}

/** Which boards the caller asks about, with the share-link token of each (boards this browser knows). */
export const BoardTokensSchema = z.array(z.object({ id: z.string(), token: z.string().optional() })).max(1000);

export const PortfolioBoardsQuerySchema = z.object({
  /** Omitted: every board the caller may list (administrator token, or a server with an anonymous role). */
  boards: BoardTokensSchema.optional(),
  search: z.string().trim().max(200).optional(),
});
export type PortfolioBoardsQuery = z.infer<typeof PortfolioBoardsQuerySchema>;

export const PortfolioBoardSchema = BoardSchema.extend({
  /** Null until the server has extracted the board once. */
  summary: BoardSummarySchema.nullable(),
  /** When the board's preview picture was last stored; null: it has none (the card shows a placeholder). */
  previewUpdatedAt: z.string().datetime().nullable(),
});
export type PortfolioBoard = z.infer<typeof PortfolioBoardSchema>;
export const PortfolioBoardListSchema = z.object({ boards: z.array(PortfolioBoardSchema) });

export const TouchpointFilterSchema = z.object({
  search: z.string().trim().max(200).optional(),
  /** Case-insensitive part of the owner's name. */
  owner: z.string().trim().max(200).optional(),
  channel: z.enum(CHANNELS).optional(),
  /** 'any': a first or second moment of truth. */
  momentOfTruth: z.enum([...MOMENTS_OF_TRUTH, 'any']).optional(),
  /** Only touchpoints whose stage's emotion is below this score. */
  emotionBelow: z.number().min(-2).max(3).optional(),
  /** Only touchpoints with a live metric that misses its target. */
  missesTarget: z.boolean().optional(),
});
export type TouchpointFilter = z.infer<typeof TouchpointFilterSchema>;

export const PortfolioTouchpointsQuerySchema = TouchpointFilterSchema.extend({
  boards: BoardTokensSchema.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type PortfolioTouchpointsQuery = z.input<typeof PortfolioTouchpointsQuerySchema>;
export const PortfolioTouchpointListSchema = z.object({ touchpoints: z.array(TouchpointRowSchema) });

export const PortfolioActionsQuerySchema = z.object({
  boards: BoardTokensSchema.optional(),
  /** Case-insensitive part of the owner's name. */
  owner: z.string().trim().max(200).optional(),
});
export const PortfolioActionSchema = ActionItemSchema.extend({ boardId: z.string(), boardTitle: z.string() });
export type PortfolioAction = z.infer<typeof PortfolioActionSchema>;
export const PortfolioActionListSchema = z.object({ actions: z.array(PortfolioActionSchema) });

const contains = (text: string, part: string): boolean => text.toLocaleLowerCase().includes(part.toLocaleLowerCase());

export function matchesTouchpointFilter(row: TouchpointRow, filter: TouchpointFilter): boolean {
  if (filter.owner && !contains(row.owner, filter.owner)) return false;
  if (filter.channel && row.channel !== filter.channel) return false;
  if (filter.momentOfTruth === 'any' ? row.momentOfTruth === 'none' : filter.momentOfTruth && row.momentOfTruth !== filter.momentOfTruth) return false;
  if (filter.emotionBelow !== undefined && (row.emotion === null || row.emotion >= filter.emotionBelow)) return false;
  if (filter.missesTarget && !row.missesTarget) return false;
  if (filter.search) {
    const haystack = [row.text, row.boardTitle, row.mapTitle, row.stage, row.owner, ...row.systems].join('\n');
    if (!contains(haystack, filter.search)) return false;
  }
  return true;
}

function csvCell(value: string): string {
  // A leading =, +, - or @ would run as a formula in spreadsheet programs.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function touchpointsToCsv(rows: readonly TouchpointRow[]): string {
  const header = ['board', 'map', 'stage', 'lane', 'touchpoint', 'channel', 'mode', 'media_type', 'moment_of_truth', 'owner', 'systems', 'emotion', 'metrics', 'misses_target', 'open_comments', 'board_id', 'card_id'];
  const lines = rows.map((r) =>
    [
      r.boardTitle,
      r.mapTitle,
      r.stage,
      r.lane,
      r.text,
      r.channel ?? '',
      r.mode ?? '',
      r.mediaType ?? '',
      r.momentOfTruth,
      r.owner,
      r.systems.join('; '),
      r.emotion === null ? '' : String(r.emotion),
      r.liveMetrics.map((m) => `${m.name}=${m.value}${m.unit}${m.target === null ? '' : ` (target ${m.target})`}`).join('; '),
      r.missesTarget ? 'yes' : 'no',
      String(r.openComments),
      r.boardId,
      r.cardId,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
