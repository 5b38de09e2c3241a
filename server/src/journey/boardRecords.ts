import * as Y from 'yjs';
import { DocLayout } from '../../../shared/src/index.ts';

/**
 * The tldraw records of a board's Y.Doc. The records array is a YKeyValue log:
 * for duplicate keys the rightmost entry wins. Reading it directly (instead of
 * constructing a YKeyValue) keeps the server from writing clean-up transactions.
 */
export function readBoardRecords(doc: Y.Doc): unknown[] {
  const latest = new Map<string, unknown>();
  for (const entry of doc.getArray<unknown>(DocLayout.records).toArray()) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { key, val } = entry as { key?: unknown; val?: unknown };
    if (typeof key === 'string') latest.set(key, val);
  }
  return [...latest.values()];
}

/** The board's comment threads and comments (DocLayout.comments), read the same way. */
export function readBoardComments(doc: Y.Doc): unknown[] {
  const latest = new Map<string, unknown>();
  for (const entry of doc.getArray<unknown>(DocLayout.comments).toArray()) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { key, val } = entry as { key?: unknown; val?: unknown };
    if (typeof key === 'string') latest.set(key, val);
  }
  return [...latest.values()];
}

/** A detached Y.Doc built from stored updates, for boards not in memory. */
export function docFromUpdates(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) {
    try {
      Y.applyUpdate(doc, update);
    } catch {
      // Corrupt stored updates are reported when the board loads into a room.
    }
  }
  return doc;
}
