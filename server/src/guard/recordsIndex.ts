import type * as Y from 'yjs';

/** One entry of the records array, as y-utility's YKeyValue writes them. */
export interface RecordEntry {
  key: string;
  val: unknown;
}

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

  private readonly handleEvent = (event: Y.YArrayEvent<unknown>, transaction: Y.Transaction): void => {
    const changes: RecordChanges = new Map();
    for (const item of event.changes.deleted) {
      for (const value of item.content.getContent()) {
        if (isRecordEntry(value) && this.map.get(value.key) === value) {
          this.map.delete(value.key);
          changes.set(value.key, { action: 'delete', oldValue: value.val });
        }
      }
    }
    const added = new Map<string, RecordEntry>();
    let malformed = 0;
    for (const item of event.changes.added) {
      for (const value of item.content.getContent()) {
        if (isRecordEntry(value)) added.set(value.key, value);
        else malformed += 1;
      }
    }
    if (added.size === 0 && malformed === 0) {
      if (changes.size > 0) this.onChange(changes, 0, transaction);
      return;
    }
    const duplicatesToRemove = new Set<string>();
    const values = this.yarray.toArray();
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
          const deletion = changes.get(value.key);
          if (previous) {
            duplicatesToRemove.add(value.key);
            changes.set(value.key, { action: 'update', oldValue: previous.val, newValue: value.val });
          } else if (deletion?.action === 'delete') {
            changes.set(value.key, { action: 'update', oldValue: deletion.oldValue, newValue: value.val });
          } else {
            changes.set(value.key, { action: 'add', newValue: value.val });
          }
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
