/**
 * tldraw records as the client writes them, for boards the benchmarks build without a
 * browser. Note records are complete, valid tldraw 5 note shapes (checked against
 * @tldraw/tlschema once per process), so a server that guards records accepts them.
 */
import { createTLSchema } from '@tldraw/tlschema';
import { getIndices } from '@tldraw/utils';
import { journeyMapTemplate } from '../../shared/src/journey/templates.ts';
import { plainToRichText } from '../../shared/src/journey/richText.ts';
import { JourneyMapPropsSchema } from '../../shared/src/journey/shapes.ts';

export type BenchRecord = Record<string, unknown> & { id: string; typeName: string };

const TEXTS = [
  'Searches for a plan',
  'Compares prices',
  'Waits for a reply',
  'Calls the hotline',
  'Reads the FAQ',
  'Signs up online',
  'Gets the welcome mail',
  'Unclear next step',
];

export function noteRecord(options: {
  id: string;
  x: number;
  y: number;
  index: string;
  text?: string;
  parentId?: string;
  scale?: number;
  meta?: Record<string, unknown>;
}): BenchRecord {
  return {
    id: options.id,
    typeName: 'shape',
    type: 'note',
    x: options.x,
    y: options.y,
    rotation: 0,
    index: options.index,
    parentId: options.parentId ?? 'page:page',
    isLocked: false,
    opacity: 1,
    props: {
      color: 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 0,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: plainToRichText(options.text ?? 'Card'),
      scale: options.scale ?? 1,
      textLastEditedBy: null,
    },
    meta: options.meta ?? {},
  };
}

export function documentRecords(): BenchRecord[] {
  return [
    { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} },
    { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} },
  ];
}

export function journeyMapRecord(id: string, x: number, y: number, index: string): BenchRecord {
  return {
    id,
    typeName: 'shape',
    type: 'journey-map',
    x,
    y,
    rotation: 0,
    index,
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    props: journeyMapTemplate({ locale: 'en', stagePreset: 'afcpl', laneSet: 'default' }),
    meta: {},
  };
}

/**
 * A workshop board with `shapeCount` shapes: one journey map per 1,000 shapes, about a
 * third of the cards in map cells (children of the map), the rest in a grid beside it.
 * Returns the document and page records first.
 */
export function workshopBoard(shapeCount: number): BenchRecord[] {
  const mapCount = Math.max(1, Math.round(shapeCount / 1000));
  const noteCount = shapeCount - mapCount;
  const indices = getIndices(shapeCount + 1);
  const records = documentRecords();
  const maps: { id: string; props: ReturnType<typeof journeyMapTemplate> }[] = [];
  for (let m = 0; m < mapCount; m++) {
    const map = journeyMapRecord(`shape:map${m}`, 0, m * 3000, indices[m + 1] ?? 'a1');
    records.push(map);
    maps.push({ id: map.id, props: map.props as ReturnType<typeof journeyMapTemplate> });
  }
  for (let i = 0; i < noteCount; i++) {
    const index = indices[mapCount + 1 + i] ?? 'a1';
    const text = `${TEXTS[i % TEXTS.length] ?? 'Card'} ${i}`;
    const map = maps[i % mapCount];
    if (map && i % 3 === 0) {
      const { props } = map;
      const stage = Math.floor(i / 3) % props.stages.length;
      const lane = Math.floor(i / 3 / props.stages.length) % props.lanes.length;
      records.push(
        noteRecord({
          id: `shape:card${i}`,
          x: props.laneHeaderWidth + stage * 320 + 20 + (i % 4) * 30,
          y: props.titleHeight + props.headerHeight + lane * 200 + 20 + (i % 5) * 20,
          index,
          text,
          parentId: map.id,
          scale: 0.5,
        }),
      );
    } else {
      const column = i % 60;
      const row = Math.floor(i / 60);
      records.push(noteRecord({ id: `shape:card${i}`, x: 2400 + column * 240, y: row * 240, index, text }));
    }
  }
  return records;
}

let validated = false;

/** Throws if the generated records are not what tldraw 5 accepts (catches a tldraw upgrade). */
export function assertRecordsValid(): void {
  if (validated) return;
  const schema = createTLSchema();
  for (const record of workshopBoard(20)) {
    if (record.type === 'journey-map') JourneyMapPropsSchema.parse(record.props);
    else schema.validateRecord(undefined as never, record as never, 'initialize', null);
  }
  validated = true;
}

/** Updates a card gets in one drag, as tldraw sends a drag. */
export const UPDATES_PER_DRAG = 60;

/**
 * Step `step` of several participants dragging in turn, one update each: who drags, and the card
 * where it is now. Each dragger holds a card of its own at a time, so concurrent drags never touch
 * one record; over a drag the card moves right and up and back.
 */
export function dragStep(cards: readonly BenchRecord[], step: number, draggers: number): { dragger: number; card: BenchRecord } | undefined {
  const dragger = step % draggers;
  const ownStep = Math.floor(step / draggers);
  const card = cards[(Math.floor(ownStep / UPDATES_PER_DRAG) * draggers + dragger) % cards.length];
  if (!card) return undefined;
  const t = (ownStep % UPDATES_PER_DRAG) / UPDATES_PER_DRAG;
  return { dragger, card: { ...card, x: (card.x as number) + 300 * t, y: (card.y as number) + 80 * Math.sin(t * Math.PI) } };
}
