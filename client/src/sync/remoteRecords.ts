import type { SerializedSchema, TLRecord, TLStore } from 'tldraw';
import { shareEqualParts } from './sharedParts.ts';

/** Record changes that arrived from the Y.Doc, keyed by record id. */
export interface IncomingRecordChanges {
  /** Raw values as found in the doc; they are checked before they reach the store. */
  readonly upserts: ReadonlyMap<string, unknown>;
  readonly removals: readonly string[];
}

export type InvalidRecordHandler = (id: string, error: unknown) => void;

type Checked = { ok: true; record: TLRecord } | { ok: false; error: Error };

/**
 * Structural checks the store's validators do not make: the key must match the record, and only
 * document records may come from the doc (a peer must not be able to overwrite our camera or
 * instance state). Then migrate from the schema the doc was written with.
 */
function checkIncomingRecord(
  store: TLStore,
  id: string,
  value: unknown,
  docSchema: SerializedSchema | undefined,
): Checked {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: new Error('record is not an object') };
  }
  const candidate = value as Partial<Record<keyof TLRecord, unknown>>;
  if (candidate.id !== id) {
    return { ok: false, error: new Error(`record id ${String(candidate.id)} does not match its key`) };
  }
  const documentTypes: ReadonlySet<string> = store.scopedTypes.document;
  if (typeof candidate.typeName !== 'string' || !documentTypes.has(candidate.typeName)) {
    return { ok: false, error: new Error(`${String(candidate.typeName)} is not a document record type`) };
  }
  const record = value as TLRecord;
  if (!docSchema) return { ok: true, record };
  const migrated = store.schema.migratePersistedRecord(record, docSchema);
  if (migrated.type === 'error') {
    return { ok: false, error: new Error(`record could not be migrated: ${migrated.reason}`) };
  }
  return { ok: true, record: migrated.value };
}

/**
 * Applies remote changes as one store change marked 'remote'. The whole batch is tried at once
 * (the common, fast path); if the store rejects it, the store rolls the batch back and each record
 * is applied on its own, so one invalid record is skipped and reported instead of blocking the rest.
 */
export function applyRemoteRecordChanges(
  store: TLStore,
  changes: IncomingRecordChanges,
  docSchema: SerializedSchema | undefined,
  onInvalidRecord: InvalidRecordHandler,
): void {
  const valid: TLRecord[] = [];
  for (const [id, value] of changes.upserts) {
    const checked = checkIncomingRecord(store, id, value, docSchema);
    if (!checked.ok) {
      onInvalidRecord(id, checked.error);
      continue;
    }
    const current = store.get(checked.record.id);
    const record = current ? shareEqualParts(current, checked.record) : checked.record;
    // Unchanged (our own edit coming back, or a write of the same value): nothing to do.
    if (record !== current) valid.push(record);
  }
  const removals = changes.removals as TLRecord['id'][];
  if (valid.length === 0 && removals.length === 0) return;

  try {
    store.mergeRemoteChanges(() => {
      if (removals.length > 0) store.remove(removals);
      if (valid.length > 0) store.put(valid);
    });
    return;
  } catch {
    // Fall through: find the offending records one by one.
  }

  const rejected: { id: string; error: unknown }[] = [];
  store.mergeRemoteChanges(() => {
    for (const id of removals) {
      try {
        store.remove([id]);
      } catch (error) {
        rejected.push({ id, error });
      }
    }
    for (const record of valid) {
      try {
        store.put([record]);
      } catch (error) {
        rejected.push({ id: record.id, error });
      }
    }
  });
  // Reported after the merge so a handler that touches the store cannot run inside it.
  for (const { id, error } of rejected) onInvalidRecord(id, error);
}
