/**
 * The journey data extracted from a board: what the API serves and exports
 * build on. Versioned; a breaking change bumps JOURNEY_SCHEMA_VERSION.
 */
import { z } from 'zod';
import { LocaleSchema } from '../api.ts';
import { JourneyVoteSchema } from '../facilitation/journeyVotes.ts';
import { ActionItemSchema } from './actions.ts';
import { LiveMetricSchema } from './liveMetricSchema.ts';
import { MetricSchema } from './shapes.ts';
import { CHANNELS, EVIDENCE_LEVELS, LANE_KINDS, MEDIA_TYPES, MOMENTS_OF_TRUTH } from './vocabulary.ts';
import { WorkshopCanvasSchema } from './workshop/model.ts';

export const JOURNEY_SCHEMA_VERSION = 1;

export const TouchpointSchema = z.object({
  channel: z.enum(CHANNELS).nullable(),
  mode: z.enum(['analog', 'digital']).nullable().describe('analog or digital: the override if set, else derived from the channel'),
  modeOverridden: z.boolean(),
  mediaType: z.enum(MEDIA_TYPES).nullable().describe('owned, paid or earned'),
  momentOfTruth: z.enum(MOMENTS_OF_TRUTH),
  owner: z.string(),
  systems: z.array(z.string()),
  metrics: z.array(MetricSchema),
  evidence: z.enum(EVIDENCE_LEVELS).nullable(),
});
export type Touchpoint = z.infer<typeof TouchpointSchema>;

/** Comment threads anchored to an item (see shared/src/comments.ts); absent when there are none. */
export const CommentCountsSchema = z
  .object({
    openThreads: z.number().int(),
    resolvedThreads: z.number().int(),
    comments: z.number().int().describe('comments in those threads, not counting deleted ones'),
  })
  .describe('comment threads anchored here; absent when there are none');
export type CommentCounts = z.infer<typeof CommentCountsSchema>;

export const JourneyCardSchema = z.object({
  id: z.string().describe('tldraw shape id'),
  text: z.string(),
  color: z.string(),
  /** Centre of the card in the map's own coordinates: orders cards within a cell. */
  position: z.object({ x: z.number(), y: z.number() }),
  touchpoint: TouchpointSchema.nullable().describe('attributes, for cards in a touchpoints lane or cards that carry them'),
  comments: CommentCountsSchema.optional(),
  liveMetrics: z.array(LiveMetricSchema).optional().describe('latest measured value per metric posted for this card; absent when there are none'),
});
export type JourneyCard = z.infer<typeof JourneyCardSchema>;

export const JourneyStageSchema = z.object({ id: z.string(), label: z.string(), index: z.number().int() });
export const JourneyLaneSchema = z.object({
  id: z.string(),
  kind: z.enum(LANE_KINDS),
  label: z.string(),
  index: z.number().int(),
});

export const JourneyCellSchema = z.object({
  stageId: z.string(),
  laneId: z.string(),
  cards: z.array(JourneyCardSchema),
});
export type JourneyCell = z.infer<typeof JourneyCellSchema>;

export const EmotionPointSchema = z.object({
  id: z.string(),
  stageId: z.string(),
  laneId: z.string(),
  /** Horizontal position in the map's coordinates: the curve runs left to right. */
  x: z.number(),
  score: z.number().int().min(-2).max(2).describe('-2 frustration .. +2 delight'),
  label: z.string(),
});
export type EmotionPoint = z.infer<typeof EmotionPointSchema>;

export const FlowSchema = z.object({
  id: z.string().describe('the arrow shape id'),
  fromId: z.string(),
  toId: z.string(),
  label: z.string(),
  /** The map both ends belong to, or null when the arrow crosses maps or leaves one. */
  mapId: z.string().nullable(),
});
export type Flow = z.infer<typeof FlowSchema>;

export const PersonaSchema = z.object({
  id: z.string(),
  name: z.string(),
  demographics: z.string(),
  job: z.string(),
  pains: z.string(),
  goals: z.string(),
  informationBehaviour: z.string(),
});
export type Persona = z.infer<typeof PersonaSchema>;

export const JourneyMapSchema = z.object({
  id: z.string(),
  title: z.string(),
  locale: LocaleSchema,
  personaId: z.string().nullable(),
  stages: z.array(JourneyStageSchema),
  lanes: z.array(JourneyLaneSchema),
  /** Every stage x lane cell, stages outer, lanes inner, in display order. */
  cells: z.array(JourneyCellSchema),
  emotionCurve: z.array(EmotionPointSchema),
  comments: CommentCountsSchema.optional().describe('threads on the map itself and on everything placed in it; absent when there are none'),
});
export type JourneyMap = z.infer<typeof JourneyMapSchema>;

export const UnplacedItemSchema = z.object({
  id: z.string(),
  shapeType: z.string(),
  text: z.string(),
  /** Set when the item lies on a map but outside its cells (e.g. on a header). */
  mapId: z.string().nullable(),
  comments: CommentCountsSchema.optional(),
});
export type UnplacedItem = z.infer<typeof UnplacedItemSchema>;

export const JourneyDataSchema = z.object({
  schemaVersion: z.literal(JOURNEY_SCHEMA_VERSION),
  maps: z.array(JourneyMapSchema),
  personas: z.array(PersonaSchema),
  flows: z.array(FlowSchema),
  unplaced: z.array(UnplacedItemSchema),
  canvases: z.array(WorkshopCanvasSchema).describe('empathy maps, jobs-to-be-done, persona canvases and stakeholder maps (added in schema version 1, additively)'),
  actions: z.array(ActionItemSchema).optional().describe('cards marked as an action item or a decision, open ones first by due date; absent when there are none (added in schema version 1, additively)'),
  /** Dot-voting results per card and revealed round (facilitator tools); absent when no round was revealed. */
  votes: z.array(JourneyVoteSchema).optional(),
});
export type JourneyData = z.infer<typeof JourneyDataSchema>;

/** The published JSON Schema of JourneyData, generated from the same definition. */
export function journeyJsonSchema(): Record<string, unknown> {
  return {
    $id: '/api/schema/journey.json',
    title: 'Journeyboard journey data',
    ...z.toJSONSchema(JourneyDataSchema, { target: 'draft-2020-12' }),
  };
}
