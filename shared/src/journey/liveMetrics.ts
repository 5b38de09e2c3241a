/**
 * Live metrics on the map: which card a posted value belongs to, how the latest values
 * per card are kept in the doc, and how they enter the journey data.
 */
import { z } from 'zod';
import {
  CardLiveMetricsSchema,
  LiveMetricSchema,
  METRIC_DIRECTIONS,
  type LiveMetric,
} from './liveMetricSchema.ts';
import type { JourneyCard, JourneyData } from './model.ts';

const label = z.string().trim().min(1).max(500);

/** One posted value: for a card id, or for the card of a step found by stage and step label. */
export const MetricValueInputSchema = z
  .object({
    cardId: z.string().min(1).max(128).optional(),
    /** Map title; only needed when several maps have the same stage and step. */
    map: label.optional(),
    stage: label.optional(),
    step: label.optional(),
    /** Lane label; only needed when a step label repeats across lanes of one stage. */
    lane: label.optional(),
    name: LiveMetricSchema.shape.name,
    value: LiveMetricSchema.shape.value,
    unit: LiveMetricSchema.shape.unit.default(''),
    target: z.number().finite().nullable().default(null),
    direction: z.enum(METRIC_DIRECTIONS).default('higherIsBetter'),
    /** Measured at; the server's receipt time when absent. */
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((v) => v.cardId !== undefined || (v.stage !== undefined && v.step !== undefined), {
    message: 'name the card: cardId, or stage and step',
  });
export type MetricValueInput = z.infer<typeof MetricValueInputSchema>;

export const PostMetricsRequestSchema = z.object({ values: z.array(MetricValueInputSchema).min(1).max(5000) });
export type PostMetricsRequest = z.infer<typeof PostMetricsRequestSchema>;

export const PostMetricsResponseSchema = z.object({
  recorded: z.number().int(),
  /** The card each value went to, in request order. */
  cardIds: z.array(z.string()),
});
export type PostMetricsResponse = z.infer<typeof PostMetricsResponseSchema>;

export const MetricPointSchema = LiveMetricSchema.extend({ cardId: z.string(), receivedAt: z.string() });
export type MetricPoint = z.infer<typeof MetricPointSchema>;
export const MetricSeriesSchema = z.object({ points: z.array(MetricPointSchema) });

export interface ResolvedMetric {
  cardId: string;
  metric: LiveMetric;
}

export interface MetricProblem {
  /** Position of the value in the request (0-based), or the CSV line (1-based) when it came from a file. */
  index: number;
  message: string;
}

const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim().toLocaleLowerCase();

interface CardPlace {
  card: JourneyCard;
  map: string;
  stage: string;
  lane: string;
}

function cardPlaces(data: JourneyData): CardPlace[] {
  const places: CardPlace[] = [];
  for (const map of data.maps) {
    const stages = new Map(map.stages.map((s) => [s.id, s.label]));
    const lanes = new Map(map.lanes.map((l) => [l.id, l.label]));
    for (const cell of map.cells) {
      for (const card of cell.cards) {
        places.push({ card, map: map.title, stage: stages.get(cell.stageId) ?? '', lane: lanes.get(cell.laneId) ?? '' });
      }
    }
  }
  return places;
}

/**
 * Finds the card of every value. All or nothing: one value that names no card, or more than
 * one, is a problem, and the caller stores none of them.
 */
export function resolveMetricTargets(
  data: JourneyData,
  inputs: readonly MetricValueInput[],
  receivedAt: string,
  indexOf: (position: number) => number = (position) => position,
): { resolved: ResolvedMetric[]; problems: MetricProblem[] } {
  const places = cardPlaces(data);
  const byId = new Set(places.map((p) => p.card.id));
  const resolved: ResolvedMetric[] = [];
  const problems: MetricProblem[] = [];
  inputs.forEach((input, position) => {
    const index = indexOf(position);
    let cardId: string | undefined;
    if (input.cardId !== undefined) {
      if (byId.has(input.cardId)) cardId = input.cardId;
      else problems.push({ index, message: `no card ${input.cardId} on a journey map of this board` });
    } else {
      const wanted = (value: string | undefined, actual: string) => value === undefined || normalise(value) === normalise(actual);
      const matches = places.filter(
        (p) => wanted(input.stage, p.stage) && wanted(input.step, p.card.text) && wanted(input.map, p.map) && wanted(input.lane, p.lane),
      );
      const where = `stage "${input.stage ?? ''}" and step "${input.step ?? ''}"`;
      if (matches.length === 1) cardId = matches[0]?.card.id;
      else if (matches.length === 0) problems.push({ index, message: `no card with ${where}` });
      else problems.push({ index, message: `${matches.length} cards with ${where}; add map or lane, or use cardId` });
    }
    if (cardId === undefined) return;
    resolved.push({
      cardId,
      metric: {
        name: input.name,
        value: input.value,
        unit: input.unit,
        target: input.target,
        direction: input.direction,
        at: input.at ?? receivedAt,
      },
    });
  });
  return { resolved, problems };
}

/** The card's latest values with `incoming` merged in: per metric name the one measured last wins. */
export function mergeLatestMetrics(existing: readonly LiveMetric[], incoming: readonly LiveMetric[]): LiveMetric[] {
  const byName = new Map(existing.map((m) => [m.name, m]));
  for (const metric of incoming) {
    const current = byName.get(metric.name);
    if (!current || Date.parse(metric.at) >= Date.parse(current.at)) byName.set(metric.name, metric);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A doc entry as the latest metrics of a card, or none when it is not valid. */
export function parseCardLiveMetrics(value: unknown): LiveMetric[] {
  const parsed = CardLiveMetricsSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** The journey data with each card's latest live metrics. */
export function withLiveMetrics(data: JourneyData, byCard: ReadonlyMap<string, readonly LiveMetric[]>): JourneyData {
  if (byCard.size === 0) return data;
  return {
    ...data,
    maps: data.maps.map((map) => ({
      ...map,
      cells: map.cells.map((cell) => ({
        ...cell,
        cards: cell.cards.map((card) => {
          const metrics = byCard.get(card.id);
          return metrics && metrics.length > 0 ? { ...card, liveMetrics: [...metrics] } : card;
        }),
      })),
    })),
  };
}
