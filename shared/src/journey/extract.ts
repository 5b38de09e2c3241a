/**
 * Board records -> journey data. Pure and synchronous: runs on the server after
 * edits, in the browser's Data panel, and in unit tests, without tldraw.
 *
 * Membership is geometric: a card belongs to the cell that contains its centre
 * (cells are half-open, so a centre on a border belongs to the right/lower cell).
 */
import { byDueDate, cardActionOf, type ActionItem } from './actions.ts';
import { apply, compose, IDENTITY, invert, shapeTransform, type Point, type Transform } from './geometry.ts';
import {
  JOURNEY_SCHEMA_VERSION,
  type EmotionPoint,
  type Flow,
  type JourneyCard,
  type JourneyData,
  type JourneyMap,
  type Persona,
  type Touchpoint,
  type UnplacedItem,
} from './model.ts';
import { richTextToPlain } from './richText.ts';
import {
  CARD_META_TOUCHPOINT,
  CARD_SHAPE,
  EMOTION_POINT_SHAPE,
  EmotionPointPropsSchema,
  JOURNEY_MAP_SHAPE,
  JourneyMapPropsSchema,
  PERSONA_SHAPE,
  PersonaPropsSchema,
  TouchpointAttributesSchema,
  type JourneyMapProps,
} from './shapes.ts';
import { CHANNEL_MODE, EMOTION_MAX, EMOTION_MIN } from './vocabulary.ts';
import { canvasPersonas, workshopExtraction } from './workshop/extract.ts';

interface ShapeRecord {
  id: string;
  type: string;
  x: number;
  y: number;
  rotation: number;
  parentId: string;
  index: string;
  props: Record<string, unknown>;
  meta: Record<string, unknown>;
}

interface ArrowBinding {
  arrowId: string;
  targetId: string;
  terminal: 'start' | 'end';
}

/** tldraw's note is 200 x 200 at scale 1 and grows downwards by growY. */
const NOTE_BASE_SIZE = 200;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asShape(record: Record<string, unknown>): ShapeRecord | undefined {
  const { id, type, x, y, rotation, parentId, index, props, meta } = record;
  if (typeof id !== 'string' || typeof type !== 'string' || typeof parentId !== 'string') return undefined;
  if (typeof x !== 'number' || typeof y !== 'number' || !isObject(props)) return undefined;
  return {
    id,
    type,
    x,
    y,
    rotation: typeof rotation === 'number' ? rotation : 0,
    parentId,
    index: typeof index === 'string' ? index : '',
    props,
    meta: isObject(meta) ? meta : {},
  };
}

function asArrowBinding(record: Record<string, unknown>): ArrowBinding | undefined {
  const { type, fromId, toId, props } = record;
  if (type !== 'arrow' || typeof fromId !== 'string' || typeof toId !== 'string' || !isObject(props)) return undefined;
  const terminal = props.terminal;
  if (terminal !== 'start' && terminal !== 'end') return undefined;
  return { arrowId: fromId, targetId: toId, terminal };
}

function shapeSize(shape: ShapeRecord): { w: number; h: number } {
  const { props } = shape;
  if (shape.type === CARD_SHAPE) {
    const scale = typeof props.scale === 'number' ? props.scale : 1;
    const growY = typeof props.growY === 'number' ? props.growY : 0;
    return { w: NOTE_BASE_SIZE * scale, h: (NOTE_BASE_SIZE + growY) * scale };
  }
  if (shape.type === EMOTION_POINT_SHAPE) {
    const size = typeof props.size === 'number' ? props.size : 0;
    return { w: size, h: size };
  }
  return { w: typeof props.w === 'number' ? props.w : 0, h: typeof props.h === 'number' ? props.h : 0 };
}

interface Grid {
  left: number;
  top: number;
  /** Stage boundaries: columns[i]..columns[i+1]. */
  columns: number[];
  rows: number[];
}

function gridOf(props: JourneyMapProps): Grid {
  const left = props.laneHeaderWidth;
  const top = props.titleHeight + props.headerHeight;
  const columns = [left];
  for (const stage of props.stages) columns.push((columns.at(-1) ?? left) + stage.width);
  const rows = [top];
  for (const lane of props.lanes) rows.push((rows.at(-1) ?? top) + lane.height);
  return { left, top, columns, rows };
}

/** Index i with bounds[i] <= value < bounds[i+1], or -1. */
function bandIndex(bounds: readonly number[], value: number): number {
  for (let i = 0; i < bounds.length - 1; i++) {
    const start = bounds[i] ?? 0;
    const end = bounds[i + 1] ?? 0;
    if (value >= start && value < end) return i;
  }
  return -1;
}

/** Top of the lane is +2 (delight), bottom is -2 (frustration), snapped to whole steps. */
export function emotionScore(yInLane: number, laneHeight: number): number {
  const t = laneHeight > 0 ? yInLane / laneHeight : 0.5;
  const score = Math.round(EMOTION_MAX - (EMOTION_MAX - EMOTION_MIN) * t);
  return Math.min(EMOTION_MAX, Math.max(EMOTION_MIN, score)) + 0; // + 0 turns -0 into 0
}

const EMPTY_ATTRIBUTES = TouchpointAttributesSchema.parse({});

/**
 * Record objects are immutable in tldraw and Yjs: a changed record is a new object.
 * So results computed from one can be cached by identity, and re-extracting a board
 * after an edit only pays for what changed.
 */
const touchpointCache = new WeakMap<object, Touchpoint>();
const plainTextCache = new WeakMap<object, string>();

function plainTextOf(richText: unknown): string {
  if (typeof richText !== 'object' || richText === null) return richTextToPlain(richText);
  let text = plainTextCache.get(richText);
  if (text === undefined) {
    text = richTextToPlain(richText);
    plainTextCache.set(richText, text);
  }
  return text;
}

function touchpointOf(shape: ShapeRecord, inTouchpointLane: boolean): Touchpoint | null {
  const raw = shape.meta[CARD_META_TOUCHPOINT];
  if (raw === undefined && !inTouchpointLane) return null;
  if (typeof raw === 'object' && raw !== null) {
    const cached = touchpointCache.get(raw);
    if (cached) return cached;
    const touchpoint = parseTouchpoint(raw);
    touchpointCache.set(raw, touchpoint);
    return touchpoint;
  }
  return parseTouchpoint(raw);
}

function parseTouchpoint(raw: unknown): Touchpoint {
  const parsed = raw === undefined ? undefined : TouchpointAttributesSchema.safeParse(raw);
  const attributes = parsed?.success ? parsed.data : EMPTY_ATTRIBUTES;
  const derived = attributes.channel ? CHANNEL_MODE[attributes.channel] : null;
  return {
    channel: attributes.channel,
    mode: attributes.modeOverride ?? derived,
    modeOverridden: attributes.modeOverride !== null,
    mediaType: attributes.mediaType,
    momentOfTruth: attributes.momentOfTruth,
    owner: attributes.owner,
    systems: attributes.systems,
    metrics: attributes.metrics,
    evidence: attributes.evidence,
  };
}

interface PlacedMap {
  shape: ShapeRecord;
  props: JourneyMapProps;
  toLocal: Transform;
  grid: Grid;
  /** Axis-aligned page bounds: a cheap first test before transforming a point. */
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  /** Cards per cell, at stageIndex * lanes.length + laneIndex (a number: no key string per card). */
  cells: JourneyCard[][];
  emotionCurve: EmotionPoint[];
}

export function extractJourney(records: Iterable<unknown>): JourneyData {
  const shapes = new Map<string, ShapeRecord>();
  const bindings: ArrowBinding[] = [];
  for (const record of records) {
    if (!isObject(record)) continue;
    if (record.typeName === 'shape') {
      const shape = asShape(record);
      if (shape) shapes.set(shape.id, shape);
    } else if (record.typeName === 'binding') {
      const binding = asArrowBinding(record);
      if (binding) bindings.push(binding);
    }
  }

  const pageTransforms = new Map<string, Transform>();
  const pageTransformOf = (shape: ShapeRecord, depth = 0): Transform => {
    const cached = pageTransforms.get(shape.id);
    if (cached) return cached;
    const parent = shapes.get(shape.parentId);
    // Depth guard: a corrupt parent cycle must not hang extraction.
    const parentTransform = parent && depth < 64 ? pageTransformOf(parent, depth + 1) : IDENTITY;
    const transform = compose(parentTransform, shapeTransform(shape.x, shape.y, shape.rotation));
    pageTransforms.set(shape.id, transform);
    return transform;
  };
  const localCentre = (shape: ShapeRecord): Point => {
    const { w, h } = shapeSize(shape);
    return { x: shape.x + w / 2, y: shape.y + h / 2 };
  };
  const pageCentre = (shape: ShapeRecord): Point => {
    const { w, h } = shapeSize(shape);
    if (shape.rotation === 0 && !shapes.has(shape.parentId)) return { x: shape.x + w / 2, y: shape.y + h / 2 };
    return apply(pageTransformOf(shape), { x: w / 2, y: h / 2 });
  };

  // Topmost map first, so a card over two overlapping maps goes to the visible one.
  const maps: PlacedMap[] = [];
  for (const shape of shapes.values()) {
    if (shape.type !== JOURNEY_MAP_SHAPE) continue;
    const parsed = JourneyMapPropsSchema.safeParse(shape.props);
    if (!parsed.success) continue;
    const toPage = pageTransformOf(shape);
    const grid = gridOf(parsed.data);
    const right = grid.columns.at(-1) ?? 0;
    const bottom = grid.rows.at(-1) ?? 0;
    const corners = [apply(toPage, { x: 0, y: 0 }), apply(toPage, { x: right, y: 0 }), apply(toPage, { x: 0, y: bottom }), apply(toPage, { x: right, y: bottom })];
    maps.push({
      shape,
      props: parsed.data,
      toLocal: invert(toPage),
      grid,
      bounds: {
        minX: Math.min(...corners.map((c) => c.x)),
        minY: Math.min(...corners.map((c) => c.y)),
        maxX: Math.max(...corners.map((c) => c.x)),
        maxY: Math.max(...corners.map((c) => c.y)),
      },
      cells: Array.from({ length: parsed.data.stages.length * parsed.data.lanes.length }, () => []),
      emotionCurve: [],
    });
  }
  maps.sort((a, b) => (a.shape.index < b.shape.index ? 1 : a.shape.index > b.shape.index ? -1 : 0));
  const mapById = new Map(maps.map((m) => [m.shape.id, m]));

  const ancestorMap = (shape: ShapeRecord): PlacedMap | undefined => {
    let parent = shapes.get(shape.parentId);
    for (let depth = 0; parent && depth < 64; depth++) {
      const map = mapById.get(parent.id);
      if (map) return map;
      parent = shapes.get(parent.parentId);
    }
    return undefined;
  };

  const workshop = workshopExtraction(shapes.values(), pageTransformOf);
  const personas: Persona[] = [];
  const unplaced: UnplacedItem[] = [];
  const actions: ActionItem[] = [];
  // Which map each journey item is on ('' for none), kept only for items an arrow is bound to:
  // flows are all it is needed for, and most cards have no arrow.
  const arrowTargets = new Set(bindings.map((binding) => binding.targetId));
  const itemMap = new Map<string, string>();
  const noteItem = (id: string, mapId: string): void => {
    if (arrowTargets.has(id)) itemMap.set(id, mapId);
  };

  for (const shape of shapes.values()) {
    if (shape.type === PERSONA_SHAPE) {
      const parsed = PersonaPropsSchema.safeParse(shape.props);
      if (parsed.success) {
        const { name, demographics, job, pains, goals, informationBehaviour } = parsed.data;
        personas.push({ id: shape.id, name, demographics, job, pains, goals, informationBehaviour });
      }
      continue;
    }
    const isCard = shape.type === CARD_SHAPE;
    const isEmotion = shape.type === EMOTION_POINT_SHAPE && EmotionPointPropsSchema.safeParse(shape.props).success;
    if (!isCard && !isEmotion) continue;

    const text = isCard ? plainTextOf(shape.props.richText) : (typeof shape.props.label === 'string' ? shape.props.label : '');
    const action = isCard ? cardActionOf(shape.meta) : null;
    if (action) actions.push({ ...action, cardId: shape.id, text });
    // A note on a workshop canvas (empathy map, stakeholder map, ...) belongs to one of its regions.
    if (isCard && shape.rotation === 0 && workshop.placeChild(shape, text, localCentre(shape))) {
      noteItem(shape.id, '');
      continue;
    }
    const owner = ancestorMap(shape);
    // Most cards sit unrotated directly in a map: their centre in map space needs no transforms.
    const direct = owner && shape.parentId === owner.shape.id && shape.rotation === 0;
    let centre: Point | undefined;
    let placed = false;
    let onMap: PlacedMap | undefined;
    // The map a card is a child of first, then the others, topmost first.
    for (let m = owner ? -1 : 0; m < maps.length; m++) {
      const map = m < 0 ? owner : maps[m];
      if (!map || (m >= 0 && map === owner)) continue;
      let local: Point;
      if (m < 0 && direct) {
        const { w, h } = shapeSize(shape);
        local = { x: shape.x + w / 2, y: shape.y + h / 2 };
      } else {
        centre ??= pageCentre(shape);
        const { bounds } = map;
        if (centre.x < bounds.minX || centre.x > bounds.maxX || centre.y < bounds.minY || centre.y > bounds.maxY) continue;
        local = apply(map.toLocal, centre);
      }
      const stageIndex = bandIndex(map.grid.columns, local.x);
      const laneIndex = bandIndex(map.grid.rows, local.y);
      const insideMap = local.x >= 0 && local.y >= 0 && local.x < (map.grid.columns.at(-1) ?? 0) && local.y < (map.grid.rows.at(-1) ?? 0);
      if (insideMap && !onMap) onMap = map;
      const stage = map.props.stages[stageIndex];
      const lane = map.props.lanes[laneIndex];
      if (!stage || !lane) continue;
      if (isEmotion) {
        if (lane.kind !== 'emotions') continue;
        const laneTop = map.grid.rows[laneIndex] ?? 0;
        map.emotionCurve.push({
          id: shape.id,
          stageId: stage.id,
          laneId: lane.id,
          x: local.x,
          score: emotionScore(local.y - laneTop, lane.height),
          label: text,
        });
      } else {
        map.cells[stageIndex * map.props.lanes.length + laneIndex]?.push({
          id: shape.id,
          text,
          color: typeof shape.props.color === 'string' ? shape.props.color : 'yellow',
          position: { x: local.x, y: local.y },
          touchpoint: touchpointOf(shape, lane.kind === 'touchpoints'),
        });
      }
      noteItem(shape.id, map.shape.id);
      placed = true;
      break;
    }
    if (!placed) {
      noteItem(shape.id, '');
      if (isCard && workshop.placeOver(shape, text, pageCentre(shape))) continue;
      unplaced.push({ id: shape.id, shapeType: shape.type, text, mapId: onMap?.shape.id ?? null });
    }
  }

  const flows = extractFlows(bindings, shapes, itemMap);

  const journeyMaps: JourneyMap[] = maps
    .slice()
    .sort((a, b) => (a.shape.index < b.shape.index ? -1 : a.shape.index > b.shape.index ? 1 : 0))
    .map((map) => toJourneyMap(map));

  const canvases = workshop.finish(bindings, shapes, journeyMaps);
  return {
    schemaVersion: JOURNEY_SCHEMA_VERSION,
    maps: journeyMaps,
    personas: [...personas, ...canvasPersonas(canvases)],
    flows,
    unplaced,
    canvases,
    ...(actions.length > 0 ? { actions: actions.sort(byDueDate) } : {}),
  };
}

function toJourneyMap(map: PlacedMap): JourneyMap {
  const { props } = map;
  const byReadingOrder = (a: JourneyCard, b: JourneyCard): number => a.position.y - b.position.y || a.position.x - b.position.x;
  const cells = props.stages.flatMap((stage, stageIndex) =>
    props.lanes.map((lane, laneIndex) => ({
      stageId: stage.id,
      laneId: lane.id,
      cards: (map.cells[stageIndex * props.lanes.length + laneIndex] ?? []).sort(byReadingOrder),
    })),
  );
  return {
    id: map.shape.id,
    title: props.title,
    locale: props.locale,
    personaId: props.personaId,
    stages: props.stages.map((stage, index) => ({ id: stage.id, label: stage.label, index })),
    lanes: props.lanes.map((lane, index) => ({ id: lane.id, kind: lane.kind, label: lane.label, index })),
    cells,
    emotionCurve: map.emotionCurve.sort((a, b) => a.x - b.x),
  };
}

/** Arrows whose both ends are bound to journey items become flows; the graph may branch and loop. */
function extractFlows(bindings: readonly ArrowBinding[], shapes: Map<string, ShapeRecord>, itemMap: Map<string, string>): Flow[] {
  const ends = new Map<string, { start?: string; end?: string }>();
  for (const binding of bindings) {
    const entry = ends.get(binding.arrowId) ?? {};
    entry[binding.terminal] = binding.targetId;
    ends.set(binding.arrowId, entry);
  }
  const flows: Flow[] = [];
  for (const [arrowId, { start, end }] of ends) {
    if (!start || !end) continue;
    const fromMap = itemMap.get(start);
    const toMap = itemMap.get(end);
    if (fromMap === undefined || toMap === undefined) continue;
    const arrow = shapes.get(arrowId);
    flows.push({
      id: arrowId,
      fromId: start,
      toId: end,
      label: arrow ? plainTextOf(arrow.props.richText) : '',
      mapId: fromMap !== '' && fromMap === toMap ? fromMap : null,
    });
  }
  return flows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
