/** Builders for board records as tldraw stores them, for extraction tests. */
import {
  journeyMapTemplate,
  noteProps,
  plainToRichText,
  withOuterSize,
  type JourneyMapProps,
  type TouchpointAttributes,
  type WorkshopCanvasProps,
} from '../../../shared/src/index.ts';

export type BoardRecord = Record<string, unknown>;

let indexCounter = 0;
// Fractional index keys: 'a1' then a fraction that never ends in 0, and sorts in creation order.
const nextIndex = (): string => `a1${(indexCounter += 1).toString(36).padStart(4, '0')}1`;

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
    // Every prop of tldraw 5's note, so the record passes the server's record guard.
    noteProps(text, { color: options.color ?? 'yellow' }),
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

/** A tldraw arrow bound from one shape to another, with its two binding records. */
export function arrow(id: string, fromId: string, toId: string, label = ''): BoardRecord[] {
  const binding = (terminal: 'start' | 'end', target: string): BoardRecord => ({
    typeName: 'binding',
    id: `binding:${id}-${terminal}`,
    type: 'arrow',
    fromId: `shape:${id}`,
    toId: `shape:${target}`,
    props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
    meta: {},
  });
  return [
    shape(id, 'arrow', 0, 0, {
      kind: 'arc',
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
      font: 'draw',
      start: { x: 0, y: 0 },
      end: { x: 100, y: 100 },
      bend: 0,
      richText: plainToRichText(label),
      labelPosition: 0.5,
      scale: 1,
      elbowMidPoint: 0.5,
    }),
    binding('start', fromId),
    binding('end', toId),
  ];
}

export const GRID_LEFT = 200;
export const GRID_TOP = 120;
/** Page coordinates of the centre of cell (stage i, lane j) of a map at (mx, my). */
export function cellCentre(mx: number, my: number, stage: number, lane: number): { x: number; y: number } {
  return { x: mx + GRID_LEFT + stage * 300 + 150, y: my + GRID_TOP + lane * 200 + 100 };
}

/** A workshop canvas (empathy map, jobs to be done, persona canvas, stakeholder map) at (x, y). */
export function workshopCanvas(id: string, x: number, y: number, props: WorkshopCanvasProps, extra: Partial<BoardRecord> = {}): BoardRecord {
  return shape(id, 'journey-workshop', x, y, props, extra);
}
