import * as Y from 'yjs';
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

/** Items up to this many entries have each entry's item noted when the index is built (see the constructor). */
const MAX_ITEM_NOTED_ON_LOAD = 64;

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
 * A board's records array (or its comments array) read as a map, by the server's guards and by
 * the browser's store binding. It follows y-utility's YKeyValue rules (rightmost entry of a key
 * wins, older duplicates are removed) so the server sees exactly what every browser sees, but it
 * never trusts the array's shape: entries that are not `{ key, val }` objects are removed instead
 * of breaking the index (YKeyValue itself throws on them, which would make a board unloadable).
 * Unlike YKeyValue it reads each change from the transaction, so its cost per update does not
 * grow with the array's tombstones, i.e. with the board's history.
 */
export class RecordsIndex {
  readonly map = new Map<string, RecordEntry>();
  private readonly yarray: Y.Array<unknown>;
  private readonly doc: Y.Doc;
  private readonly origin: unknown;
  private readonly onChange: (changes: RecordChanges, malformed: number, transaction: Y.Transaction) => void;
  /**
   * Entries set() pushed in the transaction under way, by key. The map learns of them only in the
   * observer, at the transaction's end, and a delete (or second set) of the key before then must
   * remove the pushed entry, not the one the map still holds (already deleted by the set).
   */
  private readonly pushed = new Map<string, RecordEntry>();
  /**
   * The item each entry was last seen in. Yjs deletes by position, and an entry's position counted
   * from the array's start grows with the tombstones before it; counted from the nearer end it is
   * short for the entries people are editing (a set pushes its entry last). Yjs may since have split
   * the item or merged it into its left neighbour; `indexOf` checks what it counts before using it.
   */
  private readonly itemOf = new WeakMap<RecordEntry, Y.Item>();
  /** Set while `onChange` runs: a write then (a guard's revert) is a transaction nested in this one's clean-up. */
  private notifying = false;
  private resyncScheduled = false;

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
    // Items that hold no plain values go first, as items (see handleEvent), so positions below are right.
    const foreign: Y.Item[] = [];
    for (let item = yarray._start; item !== null; item = item.right) if (!item.deleted && !(item.content instanceof Y.ContentAny)) foreign.push(item);
    if (foreign.length > 0) {
      this.doc.transact((removal) => {
        for (const item of foreign) item.delete(removal);
      }, origin);
    }
    // One walk gives both the entries (as toArray would) and the item each sits in. Entries of a
    // large item (a compacted board is one item of all its records) are not noted: finding one
    // costs a search through the item's values either way, and the walk from the start passes
    // few items then; noting 50,000 of them took 20 ms of a cold load and 0.5 MB for as long as
    // the board is loaded.
    const entries: unknown[] = [];
    for (let item = yarray._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      if (item.length <= MAX_ITEM_NOTED_ON_LOAD) this.noteItem(item);
      for (const value of item.content.getContent()) entries.push(value);
    }
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
    if (this.notifying) this.scheduleResync();
    this.doc.transact(() => {
      this.delete(key);
      const entry: RecordEntry = { key, val };
      this.yarray.push([entry]);
      this.pushed.set(key, entry);
    }, this.origin);
  }

  delete(key: string): void {
    const entry = this.pushed.get(key) ?? this.map.get(key);
    if (!entry) return;
    if (this.notifying) this.scheduleResync();
    this.pushed.delete(key);
    const index = this.indexOf(entry);
    if (index >= 0) this.doc.transact(() => this.yarray.delete(index, 1), this.origin);
  }

  /**
   * The entry's position in the array, or -1. A position counted from the cached item is used only
   * if Yjs's own lookup by position (the one its delete uses) finds the entry there: a crafted
   * update can link an item into another list until the cross-link check removes it, and then the
   * list and the array's length disagree. Otherwise the entry is looked up from the start.
   */
  private indexOf(entry: RecordEntry): number {
    const item = this.itemOf.get(entry);
    if (!item) return this.indexCountedFromStart(entry);
    const offset = this.positionInItem(item, entry);
    const index = offset >= 0 ? this.indexFromNearerEnd(item, offset) : -1;
    return index >= 0 && this.yarray.get(index) === entry ? index : this.indexCountedFromStart(entry);
  }

  /**
   * Where `entry` sits in `item`, or -1 if it no longer does (Yjs split the item) or the item is no
   * longer in the array (an item Yjs merged into its left neighbour keeps its own links, but no
   * neighbour links to it): then counting from it would be a wasted walk.
   */
  private positionInItem(item: Y.Item, entry: RecordEntry): number {
    if (item.deleted || !item.countable) return -1;
    const linked = item.left === null ? this.yarray._start === item : item.left.right === item;
    return linked ? item.content.getContent().indexOf(entry) : -1;
  }

  /** Counts the live entries on both sides of the item in step, and stops at whichever end comes first. */
  private indexFromNearerEnd(item: Y.Item, offset: number): number {
    let before = offset;
    let after = item.length - offset - 1;
    let left = item.left;
    let right = item.right;
    for (;;) {
      if (left === null) return before;
      if (right === null) return this.yarray.length - 1 - after;
      if (!left.deleted && left.countable) before += left.length;
      if (!right.deleted && right.countable) after += right.length;
      left = left.left;
      right = right.right;
    }
  }

  /** A walk over every item (tombstones included) that copies nothing; remembers where it found the entry. */
  private indexCountedFromStart(entry: RecordEntry): number {
    let index = 0;
    for (let item = this.yarray._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      const offset = item.content.getContent().indexOf(entry);
      if (offset >= 0) {
        this.itemOf.set(entry, item);
        return index + offset;
      }
      index += item.length;
    }
    return -1;
  }

  private noteItem(item: Y.Item): void {
    for (const value of item.content.getContent()) {
      if (isRecordEntry(value)) this.itemOf.set(value, item);
    }
  }

  destroy(): void {
    this.yarray.unobserve(this.handleEvent);
  }

  /**
   * A write made from inside `onChange` runs its observers only after the enclosing transaction's
   * clean-up, which may by then have merged its items into older ones or collected what it deleted:
   * what it changed cannot always be read from its transaction (a refused batch of records from a
   * reconnecting participant left refused records in the map). Such writes are rare (reverts), so
   * once every transaction is done the map is read again from the array.
   */
  private scheduleResync(): void {
    if (this.resyncScheduled) return;
    this.resyncScheduled = true;
    this.doc.once('afterAllTransactions', () => {
      this.resyncScheduled = false;
      this.resync();
    });
  }

  /** The map as the array holds it: the rightmost entry of each key. */
  private resync(): void {
    const values = this.yarray.toArray();
    const seen = new Set<string>();
    for (let i = values.length - 1; i >= 0; i--) {
      const value = values[i];
      if (!isRecordEntry(value) || seen.has(value.key)) continue;
      seen.add(value.key);
      if (this.map.get(value.key) !== value) this.map.set(value.key, value);
    }
    for (const key of [...this.map.keys()]) if (!seen.has(key)) this.map.delete(key);
  }

  private notify(changes: RecordChanges, malformed: number, transaction: Y.Transaction): void {
    this.notifying = true;
    try {
      this.onChange(changes, malformed, transaction);
    } finally {
      this.notifying = false;
    }
  }

  /**
   * The usual change (a participant's set: its old entry deleted, the new one pushed, in one
   * transaction): each added key has one entry and no other in the array, so there is no order to
   * settle and no duplicate to remove, and the array need not be read (that is O(records) per
   * update). New keys are reported last pushed first, as the array read from the right reports them.
   */
  private takeSoleEntries(added: ReadonlySet<RecordEntry>, changes: RecordChanges): void {
    for (const entry of [...added].reverse()) {
      noteArrival(changes, entry, undefined);
      this.map.set(entry.key, entry);
    }
  }

  private readonly handleEvent = (_event: Y.YArrayEvent<unknown>, transaction: Y.Transaction): void => {
    // Read from the transaction, in proportion to the change: YEvent.changes walks every item of
    // the array, tombstones included, and a board's records array gains one with every drag
    // update of interleaved participants (they cannot merge), so that walk grows with history.
    this.pushed.clear();
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
    // Every entry this transaction added, and per key how many: one update can hold several entries
    // of one key (a hostile client can push them), and all but the rightmost must go, unchecked
    // entries that YKeyValue would bring back once the rightmost is deleted.
    const added = new Set<RecordEntry>();
    const addedPerKey = new Map<string, number>();
    let malformed = 0;
    /**
     * Items that hold no plain values (text, format markers, embeds, shared types, binaries). Format
     * markers are not counted by Y.Array, yet its delete by position deletes the first live item it
     * meets, counted or not: removed by position, they would make the deletes below hit the wrong
     * entry. So they are deleted as items.
     */
    const foreign: Y.Item[] = [];
    const take = (item: Y.Item, offset: number): void => {
      if (!(item.content instanceof Y.ContentAny)) {
        foreign.push(item);
        return;
      }
      this.noteItem(item);
      const values = item.content.getContent();
      for (let i = offset; i < values.length; i++) {
        const value: unknown = values[i];
        if (isRecordEntry(value)) {
          added.add(value);
          addedPerKey.set(value.key, (addedPerKey.get(value.key) ?? 0) + 1);
        } else malformed += 1;
      }
    };
    for (const item of changed.added) take(item, 0);
    for (const { item, offset } of changed.addedToOlderItems) take(item, offset);
    if (foreign.length > 0) {
      this.doc.transact((removal) => {
        for (const item of foreign) item.delete(removal);
      }, this.origin);
    }
    if (added.size === 0 && malformed === 0) {
      if (changes.size > 0 || foreign.length > 0) this.notify(changes, foreign.length, transaction);
      return;
    }
    if (malformed === 0 && [...addedPerKey].every(([key, count]) => count === 1 && !this.map.has(key))) {
      this.takeSoleEntries(added, changes);
      this.notify(changes, foreign.length, transaction);
      return;
    }
    /** Per key, how many entries left of its winner are still to be removed. */
    const olderToRemove = new Map<string, number>();
    const values = this.yarray.toArray();
    let malformedLeft = malformed;
    this.doc.transact(() => {
      for (let i = values.length - 1; i >= 0 && (addedPerKey.size > 0 || olderToRemove.size > 0 || malformedLeft > 0); i--) {
        const value = values[i];
        if (!isRecordEntry(value)) {
          this.yarray.delete(i, 1);
          malformedLeft -= 1;
          continue;
        }
        const older = olderToRemove.get(value.key);
        if (older !== undefined) {
          this.yarray.delete(i, 1);
          if (older > 1) olderToRemove.set(value.key, older - 1);
          else olderToRemove.delete(value.key);
          continue;
        }
        const addedCount = addedPerKey.get(value.key);
        if (addedCount === undefined) continue;
        // The rightmost entry of a key this transaction added to: it wins, the others go.
        addedPerKey.delete(value.key);
        const previous = this.map.get(value.key);
        // Counted are the added entries and the previous one; an entry that is neither (which
        // the event did not report) is checked as a change like an added one.
        const olderCount = addedCount + (previous ? 1 : 0) - (value === previous || added.has(value) ? 1 : 0);
        if (olderCount > 0) olderToRemove.set(value.key, olderCount);
        // An existing entry right of the added ones (added concurrently) keeps its place.
        if (value === previous) continue;
        noteArrival(changes, value, previous);
        this.map.set(value.key, value);
      }
    }, this.origin);
    if (changes.size > 0 || malformed > 0 || foreign.length > 0) this.notify(changes, malformed + foreign.length, transaction);
  };
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
