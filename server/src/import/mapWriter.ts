import { createShapeId, DocumentRecordType, PageRecordType, TLDOCUMENT_ID, type TLSchema } from '@tldraw/tlschema';
import { getIndexAbove, getIndices, type IndexKey } from '@tldraw/utils';
import type * as Y from 'yjs';
import {
  CARD_META_TOUCHPOINT,
  CARD_SHAPE,
  DocLayout,
  IMPORT_CARD_SCALE,
  JOURNEY_MAP_SHAPE,
  noteProps,
  type JourneyMapProps,
  type PlacedCard,
} from '../../../shared/src/index.ts';
import { readBoardRecords } from '../journey/boardRecords.ts';

/** Transaction origin of imports: a server change, not a participant's, so the record guard leaves it alone. */
export const IMPORT_ORIGIN = Symbol('import');

type BoardRecord = Record<string, unknown>;

const isObject = (value: unknown): value is BoardRecord => typeof value === 'object' && value !== null && !Array.isArray(value);
const GAP_TO_EXISTING = 200;

/** The first page of the board, and what is on it (top-level shapes). */
function pageOf(records: readonly BoardRecord[]): { pageId: string | null; topLevel: BoardRecord[] } {
  const pages = records.filter((r) => r.typeName === 'page').sort((a, b) => (String(a.index) < String(b.index) ? -1 : 1));
  const pageId = typeof pages[0]?.id === 'string' ? pages[0].id : null;
  return { pageId, topLevel: pageId ? records.filter((r) => r.typeName === 'shape' && r.parentId === pageId) : [] };
}

function widthOf(shape: BoardRecord): number {
  const props = isObject(shape.props) ? shape.props : {};
  if (typeof props.w === 'number') return props.w;
  return 200 * (typeof props.scale === 'number' ? props.scale : 1);
}

/**
 * Writes an imported map with its cards into the board, right of everything on the first page,
 * as one transaction: participants see the whole map appear at once. An empty board gets its
 * document and page records first (the ones a first editor's browser would write).
 * Every record is validated with the board schema before anything is written.
 */
export function writeImportedMap(doc: Y.Doc, schema: TLSchema, layout: { props: JourneyMapProps; cards: readonly PlacedCard[] }): string {
  const existing = readBoardRecords(doc).filter(isObject);
  const seed: BoardRecord[] = [];
  let { pageId, topLevel } = pageOf(existing);
  if (!pageId) {
    if (!existing.some((r) => r.id === TLDOCUMENT_ID)) seed.push(DocumentRecordType.create({ id: TLDOCUMENT_ID }) as unknown as BoardRecord);
    const page = PageRecordType.create({ id: PageRecordType.createId('page'), name: 'Page 1', index: 'a1' as IndexKey });
    seed.push(page as unknown as BoardRecord);
    pageId = page.id;
    topLevel = [];
  }
  const right = topLevel.reduce((max, shape) => Math.max(max, Number(shape.x) + widthOf(shape)), Number.NEGATIVE_INFINITY);
  const top = topLevel.reduce((min, shape) => Math.min(min, Number(shape.y)), Number.POSITIVE_INFINITY);
  const highest = topLevel.map((shape) => String(shape.index)).sort().at(-1);

  const mapId = createShapeId();
  const mapRecord: BoardRecord = {
    typeName: 'shape',
    id: mapId,
    type: JOURNEY_MAP_SHAPE,
    x: Number.isFinite(right) ? right + GAP_TO_EXISTING : 0,
    y: Number.isFinite(top) ? top : 0,
    rotation: 0,
    parentId: pageId,
    index: getIndexAbove((highest ?? null) as IndexKey | null),
    isLocked: false,
    opacity: 1,
    props: layout.props,
    meta: {},
  };
  const indices = getIndices(layout.cards.length);
  const cardRecords = layout.cards.map((card, i): BoardRecord => ({
    typeName: 'shape',
    id: createShapeId(),
    type: CARD_SHAPE,
    x: card.x,
    y: card.y,
    rotation: 0,
    parentId: mapId,
    index: indices[i + 1] ?? getIndexAbove(indices[i] ?? null),
    isLocked: false,
    opacity: 1,
    props: noteProps(card.text, { color: card.color, scale: IMPORT_CARD_SCALE }),
    meta: card.touchpoint ? { [CARD_META_TOUCHPOINT]: card.touchpoint } : {},
  }));

  const records = [...seed, mapRecord, ...cardRecords];
  for (const record of records) {
    const recordType = schema.types[record.typeName as keyof TLSchema['types']];
    recordType.validate(record);
  }
  doc.transact(() => {
    doc.getArray<unknown>(DocLayout.records).push(records.map((record) => ({ key: String(record.id), val: record })));
  }, IMPORT_ORIGIN);
  return mapId;
}
