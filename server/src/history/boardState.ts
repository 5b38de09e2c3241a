import { createHash } from 'node:crypto';
import type { TLSchema } from '@tldraw/tlschema';
import type * as Y from 'yjs';
import { isContentRecord } from '../../../shared/src/history.ts';
import { DocLayout, MetaKey } from '../../../shared/src/index.ts';
import { readBoardRecords } from '../journey/boardRecords.ts';
import type { VersionSnapshot } from './versionStore.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The board's content records (not per-person ones) and the tldraw schema they were written with. */
export function readBoardState(doc: Y.Doc): VersionSnapshot {
  const records = readBoardRecords(doc).filter(
    (record): record is Record<string, unknown> => isPlainObject(record) && typeof record.id === 'string' && isContentRecord(record),
  );
  const schema = doc.getMap<unknown>(DocLayout.meta).get(MetaKey.schema);
  return { records, schema: isPlainObject(schema) ? schema : null };
}

/** Identifies a set of records regardless of their order in the doc. */
export function contentHash(records: readonly Record<string, unknown>[]): string {
  const hash = createHash('sha256');
  const byId = [...records].sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
  for (const record of byId) hash.update(JSON.stringify(record)).update('\n');
  return hash.digest('hex');
}

/**
 * Makes the doc's content records exactly `target`, as one transaction with `origin`: records
 * missing from `target` are deleted, differing ones rewritten, equal ones left alone.
 * Per-person records (participants' user records) stay as they are.
 * Writes the YKeyValue layout directly (the rightmost entry of a key wins; a write
 * removes the key's older entries), so no second YKeyValue observes the room's doc.
 * Returns the number of records written or deleted.
 */
export function writeBoardRecords(doc: Y.Doc, target: readonly Record<string, unknown>[], origin: unknown): number {
  const array = doc.getArray<unknown>(DocLayout.records);
  const indicesByKey = new Map<string, number[]>();
  const currentJson = new Map<string, string>();
  const personal = new Set<string>();
  array.toArray().forEach((entry, index) => {
    if (!isPlainObject(entry) || typeof entry.key !== 'string') return;
    if (!isContentRecord(entry.val)) {
      personal.add(entry.key);
      return;
    }
    const indices = indicesByKey.get(entry.key) ?? [];
    indices.push(index);
    indicesByKey.set(entry.key, indices);
    currentJson.set(entry.key, JSON.stringify(entry.val));
  });
  const wanted = new Map(target.filter(isContentRecord).map((record) => [String(record.id), record]));
  for (const key of personal) wanted.delete(key);

  const deletions: number[] = [];
  const additions: { key: string; val: Record<string, unknown> }[] = [];
  let changed = 0;
  for (const [key, indices] of indicesByKey) {
    const record = wanted.get(key);
    if (!record) {
      deletions.push(...indices);
      changed += 1;
    } else if (JSON.stringify(record) !== currentJson.get(key)) {
      deletions.push(...indices);
      additions.push({ key, val: record });
      changed += 1;
    } else if (indices.length > 1) {
      deletions.push(...indices.slice(0, -1));
    }
  }
  for (const [key, record] of wanted) {
    if (!indicesByKey.has(key)) {
      additions.push({ key, val: record });
      changed += 1;
    }
  }
  if (deletions.length === 0 && additions.length === 0) return 0;

  deletions.sort((a, b) => b - a);
  doc.transact(() => {
    // Highest index first, consecutive indices in one call, so earlier indices stay valid.
    let i = 0;
    while (i < deletions.length) {
      let start = deletions[i] ?? 0;
      let length = 1;
      while (deletions[i + length] === start - 1) {
        start -= 1;
        length += 1;
      }
      array.delete(start, length);
      i += length;
    }
    if (additions.length > 0) array.push(additions);
  }, origin);
  return changed;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The records of a version as they should be written back into a board whose doc was
 * written with `docSchema`. Records saved by an older release are migrated to the
 * current schema, but only when the doc itself is current (otherwise its clients
 * migrate on read, and migrating here too would do it twice).
 */
export function recordsForRestore(snapshot: VersionSnapshot, docSchema: Record<string, unknown> | null, boardSchema: TLSchema): Record<string, unknown>[] {
  if (!snapshot.schema || !docSchema || sameJson(snapshot.schema, docSchema)) return snapshot.records;
  type Serialized = Parameters<TLSchema['getMigrationsSince']>[0];
  const versionSchema = snapshot.schema as unknown as Serialized;
  const pending = boardSchema.getMigrationsSince(versionSchema);
  const docPending = boardSchema.getMigrationsSince(docSchema as unknown as Serialized);
  if (!pending.ok || pending.value.length === 0 || !docPending.ok || docPending.value.length > 0) return snapshot.records;
  type SchemaRecord = Parameters<TLSchema['migratePersistedRecord']>[0];
  return snapshot.records.map((record) => {
    const migrated = boardSchema.migratePersistedRecord(record as unknown as SchemaRecord, versionSchema);
    return migrated.type === 'success' ? (migrated.value as unknown as Record<string, unknown>) : record;
  });
}
