import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { findCrossLinkedItems, removeCrossLinkedItems } from '../../../server/src/guard/crossLinkedItems.ts';
import { RecordGuard } from '../../../server/src/guard/recordGuard.ts';
import { createBoardSchema } from '../../../shared/src/boardSchema.ts';
import { DocLayout } from '../../../shared/src/docLayout.ts';
import { overlappingStructUpdate } from '../../support/craftedUpdates.ts';
import { seededDoc, seededRandom } from '../../support/random.ts';

const WRITER = 4242;
const GUARD = Symbol('guard');

/** A board whose records array holds two entries of client WRITER (clocks 0 and 1). */
function board(): Y.Doc {
  const doc = new Y.Doc();
  const writer = new Y.Doc();
  writer.clientID = WRITER;
  writer.getArray('records').push([{ key: 'shape:a', val: { id: 'shape:a' } }, { key: 'shape:b', val: { id: 'shape:b' } }]);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer));
  return doc;
}

/** One struct of WRITER from clock 1 (already known): two values, its parent declared as the root type `parent`. */
function overlappingStruct(parent: string): Uint8Array {
  return overlappingStructUpdate(WRITER, 1, parent, ['known already', 'not a record']);
}

/** Applies `update` as the room does: the transaction's own update and the guard's, as one. */
function applyGuarded(doc: Y.Doc, update: Uint8Array): { sent: Uint8Array; removed: number | undefined } {
  const emitted: Uint8Array[] = [];
  const collect = (u: Uint8Array): void => {
    emitted.push(u);
  };
  let removed: number | undefined;
  const check = (transaction: Y.Transaction): void => {
    removed ??= removeCrossLinkedItems(doc, transaction, GUARD);
  };
  doc.on('update', collect);
  doc.on('afterTransaction', check);
  Y.applyUpdate(doc, update, 'participant');
  doc.off('afterTransaction', check);
  doc.off('update', collect);
  return { sent: Y.mergeUpdates(emitted), removed };
}

describe('items Yjs links into a list that is not their own', () => {
  it('Yjs links an overlapping struct that declares another parent into the records array, unseen there', () => {
    const doc = board();
    const records = doc.getArray<unknown>('records');
    const seen: string[] = [];
    records.observe(() => seen.push('records'));
    doc.getArray('comments').observe(() => seen.push('comments'));
    Y.applyUpdate(doc, overlappingStruct('comments'));
    // The gap itself: in the records list, not in its length, and reported on the comments array.
    expect(records.toArray()).toHaveLength(3);
    expect(records.length).toBe(2);
    expect(seen).toEqual(['comments']);
  });

  it('finds the item and deletes it in the same update that peers receive, so no peer ever sees it', () => {
    const doc = board();
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const peerSaw: unknown[] = [];
    peer.getArray('records').observe((event) => {
      for (const item of event.changes.added) peerSaw.push(...(item.content.getContent() as unknown[]));
    });

    const { sent, removed } = applyGuarded(doc, overlappingStruct('comments'));
    expect(removed).toBe(1);
    // Every list's length matches what it shows again.
    expect(doc.getArray('records').toArray()).toHaveLength(2);
    expect(doc.getArray('records').length).toBe(2);
    expect(doc.getArray('comments').toArray()).toEqual([]);
    expect(doc.getArray('comments').length).toBe(0);
    Y.applyUpdate(peer, sent);
    expect(peerSaw).toEqual([]);
    expect(peer.getArray('records').toArray()).toEqual(doc.getArray('records').toArray());
    expect(peer.getArray('records').length).toBe(2);
  });

  it('finds nothing in what real editing produces: concurrent inserts, map overwrites, text, and overlapping updates', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      const server = seededDoc(random);
      const clients = [seededDoc(random), seededDoc(random), seededDoc(random)];
      const sentSoFar: Uint8Array[] = [];
      for (let round = 0; round < 30; round++) {
        const client = clients[Math.floor(random() * clients.length)] ?? new Y.Doc();
        const before = Y.encodeStateVector(client);
        const roll = random();
        if (roll < 0.4) client.getArray('records').insert(Math.floor(random() * (client.getArray('records').length + 1)), [{ key: `k${round}`, val: {} }]);
        else if (roll < 0.55 && client.getArray('records').length > 0) client.getArray('records').delete(0, 1);
        else if (roll < 0.75) client.getMap('session').set(`field${Math.floor(random() * 3)}`, round);
        else client.getText('notes').insert(0, `r${round}`, random() < 0.5 ? { bold: true } : {});
        const update = Y.encodeStateAsUpdate(client, before);
        sentSoFar.push(update);
        // Sometimes a client resends what the server has already, merged with its newest edit.
        const incoming = random() < 0.3 ? Y.mergeUpdates(sentSoFar.slice(-3)) : update;
        const found: Y.Item[] = [];
        const check = (transaction: Y.Transaction): void => {
          found.push(...findCrossLinkedItems(server, transaction));
        };
        server.on('afterTransaction', check);
        Y.applyUpdate(server, incoming);
        server.off('afterTransaction', check);
        expect(found).toEqual([]);
        for (const other of clients) Y.applyUpdate(other, Y.encodeStateAsUpdate(server, Y.encodeStateVector(other)));
      }
    }
  });

  it("does not make the record guard's revert delete someone else's record", () => {
    // The guard reverts inside the records observer, before the cross-link check runs after the
    // transaction: its revert must find the refused entry in the records list, not in the list
    // Yjs linked it into (here the comments, where a position would point at another record).
    const attacker = new Y.Doc();
    attacker.clientID = WRITER;
    attacker.getArray(DocLayout.comments).push(['c0', 'c1']);
    const doc = new Y.Doc();
    const participant = { role: 'editor' as const };
    const rejected: string[] = [];
    new RecordGuard(doc, {
      schema: createBoardSchema(),
      rules: [],
      isWriter: (origin): origin is typeof participant => origin === participant,
      onRejected: ({ key }) => rejected.push(key),
    });
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === participant) removeCrossLinkedItems(doc, transaction, GUARD);
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(attacker), participant);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.getArray(DocLayout.comments).push(['c2']);
    other.getArray(DocLayout.records).push(['page:a', 'page:b', 'page:c', 'page:d'].map((id) => ({ key: id, val: { id } })));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));

    Y.applyUpdate(doc, overlappingStructUpdate(WRITER, 1, DocLayout.records, ['c1', { key: 'shape:x', val: { nope: 1 } }]), participant);

    expect(rejected).toEqual(['shape:x']);
    expect(doc.getArray<{ key: string }>(DocLayout.records).toArray().map((entry) => entry.key)).toEqual(['page:a', 'page:b', 'page:c', 'page:d']);
    expect(doc.getArray(DocLayout.comments).toArray()).toEqual(['c0', 'c1', 'c2']);
  });
});
