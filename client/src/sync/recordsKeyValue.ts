import type * as Y from 'yjs';
import { RecordsIndex, type RecordChanges, type RecordEntry } from '../../../shared/src/yjs/recordsIndex.ts';

export type RecordsChangeListener = (changes: RecordChanges, transaction: Y.Transaction) => void;

/**
 * The surface of y-utility's YKeyValue that the client uses (map, has, set, delete, 'change'
 * events), over the shared RecordsIndex. YKeyValue walks the whole array, tombstones included,
 * for every update a peer sends; on a board where several people dragged for an hour that is
 * milliseconds per update in every browser. The doc's layout and its rules are the same, so
 * browsers on either read a board alike.
 */
export class RecordsKeyValue {
  private readonly index: RecordsIndex;
  private readonly listeners = new Set<RecordsChangeListener>();

  constructor(yarray: Y.Array<unknown>) {
    // Its own clean-ups (older duplicates, malformed entries) carry no origin, as YKeyValue's do.
    this.index = new RecordsIndex(yarray, null, (changes, _malformed, transaction) => {
      if (changes.size === 0) return;
      for (const listener of [...this.listeners]) listener(changes, transaction);
    });
  }

  get map(): ReadonlyMap<string, RecordEntry> {
    return this.index.map;
  }

  has(key: string): boolean {
    return this.index.map.has(key);
  }

  get(key: string): unknown {
    return this.index.get(key)?.val;
  }

  /** Values are objects (tldraw and comment records): the index removes entries that are not. */
  set(key: string, value: object): void {
    this.index.set(key, value);
  }

  delete(key: string): void {
    this.index.delete(key);
  }

  on(_event: 'change', listener: RecordsChangeListener): void {
    this.listeners.add(listener);
  }

  off(_event: 'change', listener: RecordsChangeListener): void {
    this.listeners.delete(listener);
  }
}
