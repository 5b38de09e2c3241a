import type { Locale } from '../api.ts';
import { LANE_SETS, STAGE_PRESETS, type LaneSetId, type StagePresetId } from './presets.ts';
import type { JourneyMapProps, Lane, Stage } from './shapes.ts';
import { LANE_LABELS, type LaneKind } from './vocabulary.ts';

export const DEFAULT_STAGE_WIDTH = 320;
export const DEFAULT_LANE_HEIGHT = 200;
/** The emotions lane is taller so the five levels of the curve are far apart. */
export const EMOTION_LANE_HEIGHT = 300;
export const TITLE_HEIGHT = 64;
export const HEADER_HEIGHT = 56;
export const LANE_HEADER_WIDTH = 200;

export function newPartId(prefix: 'stage' | 'lane'): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function newStage(label: string, width = DEFAULT_STAGE_WIDTH): Stage {
  return { id: newPartId('stage'), label, width };
}

export function newLane(kind: LaneKind, locale: Locale, label = LANE_LABELS[kind][locale]): Lane {
  return { id: newPartId('lane'), kind, label, height: kind === 'emotions' ? EMOTION_LANE_HEIGHT : DEFAULT_LANE_HEIGHT };
}

export interface JourneyMapTemplateOptions {
  locale: Locale;
  stagePreset: StagePresetId;
  laneSet: LaneSetId;
  title?: string;
}

export function journeyMapTemplate(options: JourneyMapTemplateOptions): JourneyMapProps {
  const { locale } = options;
  return withOuterSize({
    w: 0,
    h: 0,
    title: options.title ?? (locale === 'de' ? 'Customer Journey Map' : 'Customer journey map'),
    locale,
    personaId: null,
    stages: STAGE_PRESETS[options.stagePreset].stages.map((label) => newStage(label[locale])),
    lanes: LANE_SETS[options.laneSet].lanes.map((kind) => newLane(kind, locale)),
    titleHeight: TITLE_HEIGHT,
    headerHeight: HEADER_HEIGHT,
    laneHeaderWidth: LANE_HEADER_WIDTH,
  });
}

/** The map's outer size follows from its parts. */
export function journeyMapSize(props: Omit<JourneyMapProps, 'w' | 'h'>): { w: number; h: number } {
  return {
    w: props.laneHeaderWidth + props.stages.reduce((sum, stage) => sum + stage.width, 0),
    h: props.titleHeight + props.headerHeight + props.lanes.reduce((sum, lane) => sum + lane.height, 0),
  };
}

/** Sets w and h from the parts; call after changing stages or lanes. */
export function withOuterSize(props: JourneyMapProps): JourneyMapProps {
  return { ...props, ...journeyMapSize(props) };
}

/** Scales stage widths and lane heights so the map takes the new outer size (map resize). */
export function resizeJourneyMap(props: JourneyMapProps, w: number, h: number): JourneyMapProps {
  const current = journeyMapSize(props);
  const gridW = current.w - props.laneHeaderWidth;
  const gridH = current.h - props.titleHeight - props.headerHeight;
  const sx = Math.max(w - props.laneHeaderWidth, 40 * props.stages.length) / gridW;
  const sy = Math.max(h - props.titleHeight - props.headerHeight, 40 * props.lanes.length) / gridH;
  return withOuterSize({
    ...props,
    stages: props.stages.map((stage) => ({ ...stage, width: stage.width * sx })),
    lanes: props.lanes.map((lane) => ({ ...lane, height: lane.height * sy })),
  });
}
