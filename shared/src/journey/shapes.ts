/**
 * Props of Journeyboard's own tldraw shapes, and of the journey attributes kept
 * in a note's `meta`. The client's shape utils validate with these schemas and
 * the server's extraction parses records with them: one definition for both.
 */
import { z } from 'zod';
import { LocaleSchema } from '../api.ts';
import { CHANNELS, EVIDENCE_LEVELS, LANE_KINDS, MEDIA_TYPES, MOMENTS_OF_TRUTH } from './vocabulary.ts';

export const JOURNEY_MAP_SHAPE = 'journey-map';
export const EMOTION_POINT_SHAPE = 'journey-emotion';
export const PERSONA_SHAPE = 'journey-persona';
/** Cards are tldraw's own sticky notes; their journey attributes live in meta. */
export const CARD_SHAPE = 'note';

const label = z.string().max(500);
const size = z.number().finite().positive().max(100_000);

export const StageSchema = z.object({ id: z.string().min(1).max(64), label, width: size });
export type Stage = z.infer<typeof StageSchema>;

export const LaneSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(LANE_KINDS),
  label,
  height: size,
});
export type Lane = z.infer<typeof LaneSchema>;

export const JourneyMapPropsSchema = z.object({
  /** Outer size; always equals journeyMapSize() of the parts (kept for tldraw's box-shape tools). */
  w: size,
  h: size,
  title: label,
  locale: LocaleSchema,
  /** Shape id of the persona card this map is for, if any. */
  personaId: z.string().max(128).nullable(),
  stages: z.array(StageSchema).min(1).max(100),
  lanes: z.array(LaneSchema).min(1).max(50),
  titleHeight: size,
  headerHeight: size,
  laneHeaderWidth: size,
});
export type JourneyMapProps = z.infer<typeof JourneyMapPropsSchema>;

export const EmotionPointPropsSchema = z.object({
  /** Optional note on why the customer feels this way here. */
  label: label,
  /** Diameter of the dot. */
  size: size,
});
export type EmotionPointProps = z.infer<typeof EmotionPointPropsSchema>;

export const PersonaPropsSchema = z.object({
  w: size,
  h: size,
  name: label,
  demographics: label,
  job: label,
  pains: label,
  goals: label,
  informationBehaviour: label,
});
export type PersonaProps = z.infer<typeof PersonaPropsSchema>;

export const MetricSchema = z.object({
  name: z.string().max(200),
  value: z.number().finite().nullable(),
  unit: z.string().max(50),
});
export type Metric = z.infer<typeof MetricSchema>;

export const TouchpointAttributesSchema = z.object({
  channel: z.enum(CHANNELS).nullable().default(null),
  /** Overrides the analog/digital reading derived from the channel. */
  modeOverride: z.enum(['analog', 'digital']).nullable().default(null),
  mediaType: z.enum(MEDIA_TYPES).nullable().default(null),
  momentOfTruth: z.enum(MOMENTS_OF_TRUTH).default('none'),
  owner: z.string().max(200).default(''),
  systems: z.array(z.string().max(200)).max(50).default([]),
  metrics: z.array(MetricSchema).max(50).default([]),
  evidence: z.enum(EVIDENCE_LEVELS).nullable().default(null),
});
export type TouchpointAttributes = z.infer<typeof TouchpointAttributesSchema>;

/** Where a note keeps its journey attributes: `shape.meta.touchpoint`. */
export const CARD_META_TOUCHPOINT = 'touchpoint';
