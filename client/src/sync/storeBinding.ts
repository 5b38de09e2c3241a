import type * as Y from 'yjs';
import type { RecordsDiff, TLRecord, TLStore } from 'tldraw';
import { getRecordsKeyValue, readDocSchema, type RecordsKeyValue } from './boardDoc.ts';
import { applyRemoteRecordChanges, type InvalidRecordHandler } from './remoteRecords.ts';
import type { RecordChanges } from '../../../shared/src/yjs/recordsIndex.ts';

export interface StoreBindingOptions {
  /** Called (after a console warning) for every remote record the store rejects. */
  onInvalidRecord?: InvalidRecordHandler;
  /** Called with the ids of remote records that were applied (or removed) without trouble. */
  onRecordsApplied?: (ids: readonly string[]) => void;
  /** Minimum time between two Yjs transactions carrying local edits. Default: ~30 per second. */
  flushIntervalMs?: number;
  /**
   * Defers applying remote changes (e.g. to the next animation frame) so that many
   * peers' drags become one store transaction per frame instead of one each.
   * Without it, remote changes are applied at once.
   */
  scheduleRemoteApply?: (apply: () => void) => void;
  /**
   * False for participants who may not write (viewers, commenters): an empty board is
   * then not seeded by them (the server would refuse it), but by the first editor.
   */
  seedEmptyDoc?: boolean;
}

export interface StoreBinding {
  /** Transaction origin of every local write, so observers can tell our writes from remote ones. */
  readonly origin: object;
  /** Writes pending local edits to the doc now (before unload, or in tests). */
  flush(): void;
  /** Flushes, then stops syncing in both directions. */
  dispose(): void;
}

const DEFAULT_FLUSH_INTERVAL_MS = 1000 / 30;

const REMOVED = Symbol('removed');

function documentRecords(store: TLStore): TLRecord[] {
  return store.allRecords().filter((record) => store.scopedTypes.document.has(record.typeName));
}

/**
 * Keeps the document records of a tldraw store and a Y.Doc in sync, both ways. Records live in a
 * key-value log keyed by record id (YKeyValue's layout, RecordsKeyValue) so the doc grows with
 * the number of records, not with edits.
 *
 * Call it once the doc holds everything already known locally (IndexedDB synced), so the initial
 * reconciliation sees the real state: a doc with records is loaded into the store; an empty doc is
 * seeded from the store.
 */
export function bindStoreToYDoc(store: TLStore, doc: Y.Doc, options: StoreBindingOptions = {}): StoreBinding {
  const flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  const origin = { description: 'journeyboard tldraw store binding' };
  const records = getRecordsKeyValue(doc);

  const reportInvalid: InvalidRecordHandler = (id, error) => {
    console.warn(`Journeyboard: skipped invalid record ${id} from the shared board`, error);
    options.onInvalidRecord?.(id, error);
  };

  loadOrSeed(store, doc, records, origin, reportInvalid, options.seedEmptyDoc ?? true);

  const pending = new Map<string, TLRecord | typeof REMOVED>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let lastFlushAt = -Infinity;
  let disposed = false;

  function flush(): void {
    if (flushTimer !== undefined) {
      clearTimeout(flushTimer);
      flushTimer = undefined;
    }
    if (pending.size === 0) return;
    const batch = [...pending];
    pending.clear();
    lastFlushAt = Date.now();
    doc.transact(() => {
      for (const [id, change] of batch) {
        if (change === REMOVED) {
          if (records.has(id)) records.delete(id);
        } else {
          records.set(id, change);
        }
      }
    }, origin);
  }

  function scheduleFlush(): void {
    if (flushTimer !== undefined || disposed) return;
    const wait = Math.max(0, lastFlushAt + flushIntervalMs - Date.now());
    flushTimer = setTimeout(flush, wait);
  }

  function collectLocalChanges({ changes }: { changes: RecordsDiff<TLRecord> }): void {
    for (const record of Object.values(changes.added)) pending.set(record.id, record);
    for (const [, after] of Object.values(changes.updated)) pending.set(after.id, after);
    for (const record of Object.values(changes.removed)) pending.set(record.id, REMOVED);
    // A local edit is newer than a remote change still waiting for its frame: the local one wins,
    // as it will in the doc once flushed.
    for (const id of pending.keys()) pendingRemote.delete(id);
    scheduleFlush();
  }

  const stopListening = store.listen(collectLocalChanges, { source: 'user', scope: 'document' });

  const pendingRemote = new Map<string, unknown>();
  let remoteApplyScheduled = false;

  function applyDocChanges(changes: RecordChanges, transaction: Y.Transaction): void {
    if (transaction.origin === origin) return;
    for (const [id, change] of changes) {
      // A local edit not flushed yet is newer than what a peer sent meanwhile, and it will win in
      // the doc once flushed (written after this change): the store keeps showing it.
      if (pending.has(id)) continue;
      pendingRemote.set(id, change.action === 'delete' ? REMOVED : change.newValue);
    }
    if (!options.scheduleRemoteApply) {
      applyPendingRemote();
      return;
    }
    if (remoteApplyScheduled) return;
    remoteApplyScheduled = true;
    options.scheduleRemoteApply(() => {
      remoteApplyScheduled = false;
      if (!disposed) applyPendingRemote();
    });
  }

  function applyPendingRemote(): void {
    if (pendingRemote.size === 0) return;
    const upserts = new Map<string, unknown>();
    const removals: string[] = [];
    for (const [id, value] of pendingRemote) {
      if (value === REMOVED) removals.push(id);
      else upserts.set(id, value);
    }
    pendingRemote.clear();
    const rejected = new Set<string>();
    applyRemoteRecordChanges(store, { upserts, removals }, readDocSchema(doc), (id, error) => {
      rejected.add(id);
      reportInvalid(id, error);
    });
    // A record reported invalid earlier may since have been fixed or reverted by the server.
    const applied = [...upserts.keys(), ...removals].filter((id) => !rejected.has(id));
    if (applied.length > 0) options.onRecordsApplied?.(applied);
  }
  records.on('change', applyDocChanges);

  return {
    origin,
    flush,
    dispose() {
      if (disposed) return;
      flush();
      disposed = true;
      stopListening();
      records.off('change', applyDocChanges);
    },
  };
}

function loadOrSeed(
  store: TLStore,
  doc: Y.Doc,
  records: RecordsKeyValue,
  origin: object,
  reportInvalid: InvalidRecordHandler,
  seedEmptyDoc: boolean,
): void {
  const docSchema = readDocSchema(doc);

  if (records.map.size === 0) {
    if (!seedEmptyDoc) return;
    const seed = documentRecords(store);
    doc.transact(() => {
      for (const record of seed) records.set(record.id, record);
    }, origin);
    return;
  }

  const upserts = new Map<string, unknown>();
  for (const [id, entry] of records.map) upserts.set(id, entry.val);
  const removals = documentRecords(store)
    .map((record) => record.id)
    .filter((id) => !records.has(id));
  applyRemoteRecordChanges(store, { upserts, removals }, docSchema, reportInvalid);

  // The stored schema is the server's to write (it migrates a board written by an older release
  // when it loads it); records read here were migrated into the store on the way in.
  if (docSchema && !store.schema.getMigrationsSince(docSchema).ok) {
    console.warn('Journeyboard: this board was written by a newer version; reload to update the app.');
  }
}
