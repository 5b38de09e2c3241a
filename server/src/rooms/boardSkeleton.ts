import { DocumentRecordType, PageRecordType, TLDOCUMENT_ID, type TLSchema } from '@tldraw/tlschema';
import type * as Y from 'yjs';
import { DocLayout, MetaKey } from '../../../shared/src/index.ts';
import { readBoardState, writeBoardRecords } from '../history/boardState.ts';

/** Transaction origin of the server's writes of a board's skeleton: the stored tldraw schema (and the migration with it), the first page. */
export const SCHEMA_ORIGIN = Symbol('board skeleton');

/** The page tldraw creates in an empty store, so a browser that opens the board finds it already there. */
export const FIRST_PAGE_ID = PageRecordType.createId('page');

/**
 * Gives a board that holds no records at all its document and first page, as a server change.
 * Every shape must hang off a page that exists (record guard), so the page is there before anyone
 * (a browser or an API client) adds the first shape.
 */
export function seedEmptyBoard(doc: Y.Doc): boolean {
  const records = doc.getArray<unknown>(DocLayout.records);
  if (records.length > 0) return false;
  const document = DocumentRecordType.create({ id: TLDOCUMENT_ID });
  const page = PageRecordType.create({ id: FIRST_PAGE_ID, name: 'Page 1', index: 'a1' as never });
  doc.transact(() => records.push([document, page].map((record) => ({ key: record.id, val: record }))), SCHEMA_ORIGIN);
  return true;
}

type SerializedSchema = Parameters<TLSchema['getMigrationsSince']>[0];
type PersistedRecord = Parameters<TLSchema['migratePersistedRecord']>[0];

/**
 * Makes the doc's stored schema (meta.schema) the server's own, which is what the record guard
 * validates against. Only the server writes it: a participant who could rewrite it would make
 * every browser re-run migrations over the board. A board written with an older schema has its
 * content records migrated here, once, in the same server change. Returns what it did.
 */
export function ensureStoredSchema(doc: Y.Doc, schema: TLSchema): 'unchanged' | 'written' | 'migrated' | 'newer' {
  const meta = doc.getMap<unknown>(DocLayout.meta);
  const current = schema.serialize();
  const stored = meta.get(MetaKey.schema);
  if (stored !== undefined && JSON.stringify(stored) === JSON.stringify(current)) return 'unchanged';
  const pending = stored === undefined ? undefined : schema.getMigrationsSince(stored as SerializedSchema);
  if (pending && !pending.ok) return 'newer';
  let result: 'written' | 'migrated' = 'written';
  doc.transact(() => {
    if (pending?.ok && pending.value.length > 0) {
      const migrated = readBoardState(doc).records.map((record) => {
        const outcome = schema.migratePersistedRecord(record as unknown as PersistedRecord, stored as SerializedSchema);
        return outcome.type === 'success' ? (outcome.value as unknown as Record<string, unknown>) : record;
      });
      writeBoardRecords(doc, migrated, SCHEMA_ORIGIN);
      result = 'migrated';
    }
    meta.set(MetaKey.schema, current);
  }, SCHEMA_ORIGIN);
  return result;
}
