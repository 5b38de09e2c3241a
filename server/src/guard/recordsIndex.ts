import type * as Y from 'yjs';
import { arrayChangesIn } from './arrayChanges.ts';

/** One entry of the records array, as y-utility's YKeyValue writes them. */
export interface RecordEntry {
  key: string;
  val: unknown;
}

/**
 * What one transaction changed, by key. Deletions come in the transaction's order; additions of
 * new keys last pushed first; other additions in the array's order read from the right.
 */
export type RecordChanges = Map<string, { action: 'add' | 'update' | 'delete'; oldValue?: unknown; newValue?: unknown }>;

export function isRecordEntry(value: unknown): value is RecordEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    typeof (value as { val?: unknown }).val === 'object' &&
    (value as { val?: unknown }).val !== null
  );
}

/**
 * The server's read of the records array. It follows y-utility's YKeyValue rules
 * (rightmost entry of a key wins, older duplicates are removed) so the server sees
 * exactly what every browser sees, but it never trusts the array's shape: entries
 * that are not `{ key, val }` objects are removed instead of breaking the index
 * (YKeyValue itself throws on them, which would make a board unloadable).
 */
export class RecordsIndex {
  readonly map = new Map<string, RecordEntry>();
  private readonly yarray: Y.Array<unknown>;
  private readonly doc: Y.Doc;
  private readonly origin: unknown;
  private readonly onChange: (changes: RecordChanges, malformed: number, transaction: Y.Transaction) => void;

  constructor(
    yarray: Y.Array<unknown>,
    origin: unknown,
    onChange: (changes: RecordChanges, malformed: number, transaction: Y.Transaction) => void,
  ) {
    if (!yarray.doc) throw new Error('the records array must belong to a document');
    this.yarray = yarray;
    this.doc = yarray.doc;
    this.origin = origin;
    this.onChange = onChange;
    const entries = yarray.toArray();
    this.doc.transact(() => {
      for (let i = entries.length - 1; i >= 0; i--) {
        const entry = entries[i];
        if (!isRecordEntry(entry) || this.map.has(entry.key)) yarray.delete(i, 1);
        else this.map.set(entry.key, entry);
      }
    }, origin);
    yarray.observe(this.handleEvent);
  }

  get(key: string): RecordEntry | undefined {
    return this.map.get(key);
  }

  set(key: string, val: unknown): void {
    this.doc.transact(() => {
      if (this.map.has(key)) this.delete(key);
      this.yarray.push([{ key, val }]);
    }, this.origin);
  }

  delete(key: string): void {
    const entry = this.map.get(key);
    if (!entry) return;
    const index = this.yarray.toArray().indexOf(entry);
    if (index >= 0) this.doc.transact(() => this.yarray.delete(index, 1), this.origin);
  }

  destroy(): void {
    this.yarray.unobserve(this.handleEvent);
  }

  /**
   * The usual change (a participant's set: its old entry deleted, the new one pushed, in one
   * transaction): each added key has no other entry, so there is no order to settle and no
   * duplicate to remove, and the array need not be read. Reading it is O(records) per update.
   * New keys are reported last pushed first, as the array's read from the right reports them.
   */
  private takeSoleEntries(added: ReadonlyMap<string, RecordEntry>, changes: RecordChanges): void {
    for (const [key, entry] of [...added].reverse()) {
      noteArrival(changes, entry, undefined);
      this.map.set(key, entry);
    }
  }

  private readonly handleEvent = (_event: Y.YArrayEvent<unknown>, transaction: Y.Transaction): void => {
    const changed = arrayChangesIn(transaction, this.yarray);
    const changes: RecordChanges = new Map();
    for (const item of changed.deleted) {
      for (const value of item.content.getContent()) {
        if (isRecordEntry(value) && this.map.get(value.key) === value) {
          this.map.delete(value.key);
          changes.set(value.key, { action: 'delete', oldValue: value.val });
        }
      }
    }
    const addedEntries = new Set<RecordEntry>();
    let malformed = 0;
    for (const item of changed.added) {
      for (const value of item.content.getContent()) {
        if (isRecordEntry(value)) addedEntries.add(value);
        else malformed += 1;
      }
    }
    if (addedEntries.size === 0 && malformed === 0) {
      if (changes.size > 0) this.onChange(changes, 0, transaction);
      return;
    }
    const sole = malformed === 0 ? soleEntriesOfNewKeys(addedEntries, this.map) : undefined;
    if (sole) {
      this.takeSoleEntries(sole, changes);
      this.onChange(changes, 0, transaction);
      return;
    }
    const duplicatesToRemove = new Set<string>();
    const values = this.yarray.toArray();
    // The added entry of each key that is rightmost in the array (the others lose to it).
    const added = new Map<string, RecordEntry>();
    for (const value of values) {
      if (addedEntries.has(value as RecordEntry)) added.set((value as RecordEntry).key, value as RecordEntry);
    }
    let malformedLeft = malformed;
    this.doc.transact(() => {
      for (let i = values.length - 1; i >= 0 && (added.size > 0 || duplicatesToRemove.size > 0 || malformedLeft > 0); i--) {
        const value = values[i];
        if (!isRecordEntry(value)) {
          this.yarray.delete(i, 1);
          malformedLeft -= 1;
        } else if (duplicatesToRemove.has(value.key)) {
          duplicatesToRemove.delete(value.key);
          this.yarray.delete(i, 1);
        } else if (added.get(value.key) === value) {
          const previous = this.map.get(value.key);
          if (previous) duplicatesToRemove.add(value.key);
          noteArrival(changes, value, previous);
          added.delete(value.key);
          this.map.set(value.key, value);
        } else if (added.has(value.key)) {
          // An older entry added concurrently: the existing one to its right wins.
          duplicatesToRemove.add(value.key);
          added.delete(value.key);
        }
      }
    }, this.origin);
    if (changes.size > 0 || malformed > 0) this.onChange(changes, malformed, transaction);
  };
}

/** The added entries by key when each has a key of its own that the index does not hold; else undefined. */
function soleEntriesOfNewKeys(entries: ReadonlySet<RecordEntry>, index: ReadonlyMap<string, RecordEntry>): Map<string, RecordEntry> | undefined {
  const byKey = new Map<string, RecordEntry>();
  for (const entry of entries) {
    if (byKey.has(entry.key) || index.has(entry.key)) return undefined;
    byKey.set(entry.key, entry);
  }
  return byKey;
}

/**
 * Records the entry that now holds its key: an update of the entry it replaces (`previous`, still
 * in the array) or of one this transaction deleted, else an add.
 */
function noteArrival(changes: RecordChanges, entry: RecordEntry, previous: RecordEntry | undefined): void {
  const deletion = changes.get(entry.key);
  const oldValue = previous ? previous.val : deletion?.action === 'delete' ? deletion.oldValue : undefined;
  const replaced = previous !== undefined || deletion?.action === 'delete';
  changes.set(entry.key, replaced ? { action: 'update', oldValue, newValue: entry.val } : { action: 'add', newValue: entry.val });
}
