/**
 * The words of journey mapping, in English and German, as CX teams use them
 * (see shared/docs/journey-mapping.md). Templates, the UI and exports read
 * labels from here so a map placed in German extracts with German labels.
 */
import type { Locale } from '../api.ts';

export type Localized = Record<Locale, string>;

export const LANE_KINDS = [
  'steps',
  'touchpoints',
  'channels',
  'thoughts',
  'emotions',
  'painPoints',
  'opportunities',
  'momentsOfTruth',
  'owners',
  'systems',
  'metrics',
  'custom',
] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

export const LANE_LABELS: Record<LaneKind, Localized> = {
  steps: { en: 'Steps', de: 'Schritte' },
  touchpoints: { en: 'Touchpoints', de: 'Touchpoints' },
  channels: { en: 'Channels', de: 'Kanäle' },
  thoughts: { en: 'Thoughts & feelings', de: 'Gedanken & Gefühle' },
  emotions: { en: 'Emotions', de: 'Emotionen' },
  painPoints: { en: 'Pain points', de: 'Schmerzpunkte' },
  opportunities: { en: 'Opportunities / ideas', de: 'Optimierungspotential / Ideen' },
  momentsOfTruth: { en: 'Moments of truth', de: 'Momente der Wahrheit' },
  owners: { en: 'Owners', de: 'Verantwortlichkeit' },
  systems: { en: 'Systems / backstage', de: 'Systeme / Backstage' },
  metrics: { en: 'Metrics (KPI / CPI)', de: 'Kennzahlen (KPI / CPI)' },
  custom: { en: 'Custom', de: 'Eigene' },
};

export const CHANNELS = [
  'web',
  'app',
  'email',
  'phone',
  'chat',
  'video',
  'coBrowsing',
  'store',
  'fieldService',
  'print',
  'social',
  'event',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, Localized> = {
  web: { en: 'Web', de: 'Web' },
  app: { en: 'App', de: 'App' },
  email: { en: 'E-mail', de: 'E-Mail' },
  phone: { en: 'Phone / hotline', de: 'Telefon / Hotline' },
  chat: { en: 'Chat', de: 'Chat' },
  video: { en: 'Video call', de: 'Videocall' },
  coBrowsing: { en: 'Co-browsing', de: 'Co-Browsing' },
  store: { en: 'Store / branch', de: 'Filiale / Geschäft' },
  fieldService: { en: 'Field service', de: 'Außendienst' },
  print: { en: 'Print', de: 'Print' },
  social: { en: 'Social media', de: 'Social Media' },
  event: { en: 'Event / fair', de: 'Event / Messe' },
  other: { en: 'Other', de: 'Sonstiges' },
};

export type TouchpointMode = 'analog' | 'digital';

/** The default analog/digital reading of a channel; a touchpoint may override it. */
export const CHANNEL_MODE: Record<Channel, TouchpointMode | null> = {
  web: 'digital',
  app: 'digital',
  email: 'digital',
  phone: 'analog',
  chat: 'digital',
  video: 'digital',
  coBrowsing: 'digital',
  store: 'analog',
  fieldService: 'analog',
  print: 'analog',
  social: 'digital',
  event: 'analog',
  other: null,
};

export const MEDIA_TYPES = ['owned', 'paid', 'earned'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const MOMENTS_OF_TRUTH = ['none', 'first', 'second'] as const;
export type MomentOfTruth = (typeof MOMENTS_OF_TRUTH)[number];

export const EVIDENCE_LEVELS = ['observed', 'reported', 'assumed'] as const;
export type Evidence = (typeof EVIDENCE_LEVELS)[number];

/** The emotion scale: -2 frustration .. +2 delight ("Lust oder Frust"). */
export const EMOTION_MIN = -2;
export const EMOTION_MAX = 2;
export const EMOTION_LABELS: Record<number, Localized> = {
  [-2]: { en: 'Frustration', de: 'Frust' },
  [-1]: { en: 'Annoyed', de: 'Verärgert' },
  0: { en: 'Neutral', de: 'Neutral' },
  1: { en: 'Pleased', de: 'Zufrieden' },
  2: { en: 'Delight', de: 'Begeisterung' },
};
