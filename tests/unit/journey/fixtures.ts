/** Builders for board records as tldraw stores them, for extraction tests. */
import {
  journeyMapTemplate,
  plainToRichText,
  withOuterSize,
  type JourneyMapProps,
  type TouchpointAttributes,
} from '../../../shared/src/index.ts';

export type BoardRecord = Record<string, unknown>;

let indexCounter = 0;
const nextIndex = (): string => `a${(indexCounter += 1).toString().padStart(4, '0')}`;

function shape(id: string, type: string, x: number, y: number, props: Record<string, unknown>, extra: Partial<BoardRecord> = {}): BoardRecord {
  return {
    typeName: 'shape',
    id: `shape:${id}`,
    type,
    x,
    y,
    rotation: 0,
    parentId: 'page:page',
    index: nextIndex(),
    isLocked: false,
    opacity: 1,
    props,
    meta: {},
    ...extra,
  };
}

/** A map with fixed geometry: lane header 200 wide, title 64 + header 56 high, stages 300 wide, lanes 200 high. */
export function fixedMapProps(stageLabels: string[], laneKinds: JourneyMapProps['lanes'][number]['kind'][]): JourneyMapProps {
  const base = journeyMapTemplate({ locale: 'en', stagePreset: 'empty', laneSet: 'minimal', title: 'Test map' });
  return withOuterSize({
    ...base,
    stages: stageLabels.map((label, i) => ({ id: `s${i + 1}`, label, width: 300 })),
    lanes: laneKinds.map((kind, i) => ({ id: `l${i + 1}`, kind, label: kind, height: 200 })),
  });
}

export function journeyMap(id: string, x: number, y: number, props: JourneyMapProps, extra: Partial<BoardRecord> = {}): BoardRecord {
  return shape(id, 'journey-map', x, y, props, extra);
}

/** A note (200 x 200) whose centre is at (cx, cy) in its parent's space. */
export function note(
  id: string,
  cx: number,
  cy: number,
  text: string,
  options: { parentId?: string; touchpoint?: Partial<TouchpointAttributes>; color?: string } = {},
): BoardRecord {
  return shape(
    id,
    'note',
    cx - 100,
    cy - 100,
    { color: options.color ?? 'yellow', richText: plainToRichText(text), scale: 1, growY: 0, size: 'm', font: 'draw' },
    {
      ...(options.parentId ? { parentId: `shape:${options.parentId}` } : {}),
      meta: options.touchpoint ? { touchpoint: options.touchpoint } : {},
    },
  );
}

/** An emotion point (24 x 24) centred at (cx, cy). */
export function emotion(id: string, cx: number, cy: number, label = '', parentId?: string): BoardRecord {
  return shape(id, 'journey-emotion', cx - 12, cy - 12, { label, size: 24 }, parentId ? { parentId: `shape:${parentId}` } : {});
}

export function persona(id: string, name: string): BoardRecord {
  return shape(id, 'journey-persona', -800, 0, {
    w: 300,
    h: 400,
    name,
    demographics: '34, Hamburg',
    job: 'Team lead',
    pains: 'No time',
    goals: 'Quick answers',
    informationBehaviour: 'Search, forums',
  });
}

export function arrow(id: string, fromId: string, toId: string, label = ''): BoardRecord[] {
  return [
    shape(id, 'arrow', 0, 0, { richText: plainToRichText(label), start: { x: 0, y: 0 }, end: { x: 1, y: 1 } }),
    { typeName: 'binding', id: `binding:${id}-start`, type: 'arrow', fromId: `shape:${id}`, toId: `shape:${fromId}`, props: { terminal: 'start' }, meta: {} },
    { typeName: 'binding', id: `binding:${id}-end`, type: 'arrow', fromId: `shape:${id}`, toId: `shape:${toId}`, props: { terminal: 'end' }, meta: {} },
  ];
}

export const GRID_LEFT = 200;
export const GRID_TOP = 120;
/** Page coordinates of the centre of cell (stage i, lane j) of a map at (mx, my). */
export function cellCentre(mx: number, my: number, stage: number, lane: number): { x: number; y: number } {
  return { x: mx + GRID_LEFT + stage * 300 + 150, y: my + GRID_TOP + lane * 200 + 100 };
}
