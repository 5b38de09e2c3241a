import type { Locale } from '../api.ts';
import { LANE_LABELS, type LaneKind, type Localized } from './vocabulary.ts';

export const STAGE_PRESET_IDS = ['aida', 'afcpl', 'cdj', 'beforeDuringAfter', 'empty'] as const;
export type StagePresetId = (typeof STAGE_PRESET_IDS)[number];

export interface StagePreset {
  id: StagePresetId;
  name: Localized;
  stages: Localized[];
}

export const STAGE_PRESETS: Record<StagePresetId, StagePreset> = {
  aida: {
    id: 'aida',
    name: { en: 'AIDA', de: 'AIDA' },
    stages: [
      { en: 'Attention', de: 'Aufmerksamkeit' },
      { en: 'Interest', de: 'Interesse' },
      { en: 'Desire', de: 'Verlangen' },
      { en: 'Action', de: 'Handlung' },
    ],
  },
  afcpl: {
    id: 'afcpl',
    name: { en: 'Awareness to loyalty', de: 'Bewusstsein bis Loyalität' },
    stages: [
      { en: 'Awareness', de: 'Bewusstsein' },
      { en: 'Familiarity', de: 'Vertrautheit' },
      { en: 'Consideration', de: 'Erwägung' },
      { en: 'Purchase', de: 'Kauf' },
      { en: 'Loyalty', de: 'Loyalität' },
    ],
  },
  cdj: {
    id: 'cdj',
    name: { en: 'Consumer Decision Journey', de: 'Consumer Decision Journey' },
    stages: [
      { en: 'Consider', de: 'Erwägen' },
      { en: 'Evaluate', de: 'Bewerten' },
      { en: 'Buy', de: 'Kaufen' },
      { en: 'Enjoy, advocate, bond', de: 'Nutzen, empfehlen, binden' },
    ],
  },
  beforeDuringAfter: {
    id: 'beforeDuringAfter',
    name: { en: 'Before - during - after', de: 'Vorher - während - nachher' },
    stages: [
      { en: 'Before', de: 'Vorher' },
      { en: 'During', de: 'Während' },
      { en: 'After', de: 'Nachher' },
    ],
  },
  empty: {
    id: 'empty',
    name: { en: 'Empty', de: 'Leer' },
    stages: [{ en: 'Stage 1', de: 'Phase 1' }],
  },
};

export const LANE_SET_IDS = ['default', 'minimal'] as const;
export type LaneSetId = (typeof LANE_SET_IDS)[number];

export const LANE_SETS: Record<LaneSetId, { name: Localized; lanes: LaneKind[] }> = {
  default: {
    name: { en: 'Full', de: 'Vollständig' },
    lanes: ['steps', 'touchpoints', 'thoughts', 'emotions', 'painPoints', 'opportunities', 'owners', 'systems', 'metrics'],
  },
  minimal: {
    name: { en: 'Minimal', de: 'Minimal' },
    lanes: ['steps', 'touchpoints', 'emotions', 'painPoints'],
  },
};

export function laneLabel(kind: LaneKind, locale: Locale): string {
  return LANE_LABELS[kind][locale];
}
