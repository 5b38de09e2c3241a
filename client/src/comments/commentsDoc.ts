import type * as Y from 'yjs';
import { atom, type Signal } from 'tldraw';
import { DocLayout, parseCommentsRecord, type CommentsRecord } from '../../../shared/src/index.ts';
import { RecordsKeyValue } from '../sync/recordsKeyValue.ts';

/**
 * The board's comments in its Y.Doc (DocLayout.comments): a key-value log of thread and comment
 * records, read into a signal for the UI and written one transaction per user action. Records
 * are checked on the way in; the server reverts invalid ones anyway.
 */
export interface CommentsDoc {
  /** Valid records by id. */
  readonly $records: Signal<ReadonlyMap<string, CommentsRecord>>;
  get(id: string): CommentsRecord | undefined;
  /** Writes (or, with undefined, removes) records in one transaction: one update, one server check. */
  write(changes: Iterable<[string, CommentsRecord | undefined]>): void;
}

/** Transaction origin of the comments UI's writes. */
export const COMMENTS_ORIGIN = { description: 'journeyboard comments' };

// The key-value index observes its array for the lifetime of the doc, so one instance per doc.
const byDoc = new WeakMap<Y.Doc, CommentsDoc>();

export function getCommentsDoc(doc: Y.Doc): CommentsDoc {
  const existing = byDoc.get(doc);
  if (existing) return existing;
  const kv = new RecordsKeyValue(doc.getArray<unknown>(DocLayout.comments));
  // Parsing is cached per stored object: a change re-parses only what changed.
  const parsed = new WeakMap<object, CommentsRecord | null>();
  const read = (): ReadonlyMap<string, CommentsRecord> => {
    const records = new Map<string, CommentsRecord>();
    for (const [key, { val }] of kv.map) {
      if (typeof val !== 'object' || val === null) continue;
      let record = parsed.get(val);
      if (record === undefined) {
        const result = parseCommentsRecord(key, val);
        record = result.ok ? result.record : null;
        parsed.set(val, record);
      }
      if (record) records.set(key, record);
    }
    return records;
  };
  const $records = atom('board comments', read());
  kv.on('change', () => $records.set(read()));
  const commentsDoc: CommentsDoc = {
    $records,
    get: (id) => $records.get().get(id),
    write(changes) {
      doc.transact(() => {
        for (const [id, record] of changes) {
          if (record) kv.set(id, record);
          else if (kv.has(id)) kv.delete(id);
        }
      }, COMMENTS_ORIGIN);
    },
  };
  byDoc.set(doc, commentsDoc);
  return commentsDoc;
}
