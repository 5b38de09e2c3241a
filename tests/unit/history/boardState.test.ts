import { YKeyValue } from 'y-utility/y-keyvalue';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardSchema, DocLayout, MetaKey } from '../../../shared/src/index.ts';
import { contentHash, readBoardState, recordsForRestore, writeBoardRecords } from '../../../server/src/history/boardState.ts';
import { note } from '../journey/fixtures.ts';

const ORIGIN = Symbol('test');

function docWith(records: Record<string, unknown>[]): { doc: Y.Doc; kv: YKeyValue<unknown> } {
  const doc = new Y.Doc();
  const kv = new YKeyValue<unknown>(doc.getArray(DocLayout.records));
  doc.transact(() => {
    for (const record of records) kv.set(record.id as string, record);
  });
  return { doc, kv };
}

const a = note('a', 100, 100, 'A');
const b = note('b', 400, 100, 'B');
const c = note('c', 700, 100, 'C');

describe('writeBoardRecords', () => {
  it('makes the records exactly the target in one transaction, touching only what differs', () => {
    const { doc, kv } = docWith([a, b]);
    const changes: Map<string, { action: string }>[] = [];
    kv.on('change', (change: Map<string, { action: string }>) => changes.push(change));
    let transactions = 0;
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === ORIGIN) transactions += 1;
    });
    const movedB = { ...b, x: 999 };
    expect(writeBoardRecords(doc, [movedB, c], ORIGIN)).toBe(3);
    expect(transactions).toBe(1);
    expect(Object.fromEntries([...changes[0]!].map(([key, change]) => [key, change.action]))).toEqual({
      'shape:a': 'delete',
      'shape:b': 'update',
      'shape:c': 'add',
    });
    expect(readBoardState(doc).records.map((r) => r.id).sort()).toEqual(['shape:b', 'shape:c']);
    expect(kv.get('shape:b')).toEqual(movedB);
    // A second observer of the same array (a participant's) sees the same result.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(new YKeyValue<unknown>(replica.getArray(DocLayout.records)).get('shape:b')).toEqual(movedB);
    expect(writeBoardRecords(doc, [movedB, c], ORIGIN)).toBe(0);
    expect(transactions).toBe(1);
  });

  it('removes duplicate entries of a key, keeping the rightmost, as YKeyValue reads them', () => {
    const doc = new Y.Doc();
    const array = doc.getArray<unknown>(DocLayout.records);
    array.push([{ key: 'shape:a', val: a }, { key: 'shape:b', val: b }, { key: 'shape:a', val: { ...a, x: 5 } }, 'junk']);
    // Nothing changes for a reader; the stale duplicate is cleaned up on the way.
    expect(writeBoardRecords(doc, [{ ...a, x: 5 }, b], ORIGIN)).toBe(0);
    expect(array.toArray()).toEqual([{ key: 'shape:b', val: b }, { key: 'shape:a', val: { ...a, x: 5 } }, 'junk']);
    expect(writeBoardRecords(doc, [a], ORIGIN)).toBe(2);
    expect(array.toArray()).toEqual(['junk', { key: 'shape:a', val: a }]);
    doc.destroy();
  });

  it("leaves participants' user records alone and never writes one", () => {
    const ada = { typeName: 'user', id: 'user:ada', name: 'Ada', color: '#F2555A', imageUrl: '', meta: {} };
    const { doc, kv } = docWith([a, ada]);
    expect(readBoardState(doc).records).toEqual([a]);
    expect(writeBoardRecords(doc, [b, { ...ada, name: 'Old Ada' }, { ...ada, id: 'user:ghost' }], ORIGIN)).toBe(2);
    expect([...kv.map.keys()].sort()).toEqual(['shape:b', 'user:ada']);
    expect(kv.get('user:ada')).toEqual(ada);
  });
});

describe('contentHash and readBoardState', () => {
  it('does not depend on record order', () => {
    expect(contentHash([a, b, c])).toBe(contentHash([c, a, b]));
    expect(contentHash([a, b])).not.toBe(contentHash([a, { ...b, x: 1 }]));
  });

  it('reads the tldraw schema the doc was written with', () => {
    const { doc } = docWith([a]);
    expect(readBoardState(doc).schema).toBeNull();
    const schema = createBoardSchema().serialize() as unknown as Record<string, unknown>;
    doc.getMap(DocLayout.meta).set(MetaKey.schema, schema);
    expect(readBoardState(doc)).toEqual({ records: [a], schema });
  });
});

describe('recordsForRestore', () => {
  it('writes records back unchanged when they were saved with the schema the board uses', () => {
    const boardSchema = createBoardSchema();
    const schema = boardSchema.serialize() as unknown as Record<string, unknown>;
    const snapshot = { records: [a, b], schema };
    expect(recordsForRestore(snapshot, schema, boardSchema)).toBe(snapshot.records);
    expect(recordsForRestore({ records: [a], schema: null }, schema, boardSchema)).toEqual([a]);
  });
});
