/**
 * The index of the records array (the server's guards and the browser's store binding) must read the array exactly as y-utility's YKeyValue
 * does in every browser (rightmost entry of a key wins), also under concurrent edits, and leave
 * one entry per key, also when one update holds several entries of a key.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import { isRecordEntry, RecordsIndex, type RecordChanges } from '../../../shared/src/yjs/recordsIndex.ts';
import { overlappingStructUpdate } from '../../support/craftedUpdates.ts';
import { seededDoc, seededRandom } from '../../support/random.ts';

const SEED = process.env.RECORDS_SEED ? Number(process.env.RECORDS_SEED) : randomInt(2 ** 31);

interface Writer {
  doc: Y.Doc;
  kv: YKeyValue<unknown>;
  /** Updates not yet delivered to the server. */
  outbox: Uint8Array[];
}

function writer(base: Y.Doc, random: () => number): Writer {
  const doc = seededDoc(random);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const outbox: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'peer') outbox.push(update);
  });
  return { doc, kv: new YKeyValue<unknown>(doc.getArray('records')), outbox };
}

/** Keys that have more than one entry in the array. */
function duplicateKeys(doc: Y.Doc): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const entry of doc.getArray<{ key: string }>('records').toArray()) {
    if (seen.has(entry.key)) duplicates.add(entry.key);
    seen.add(entry.key);
  }
  return [...duplicates];
}

const asObject = (map: Map<string, { val: unknown }>) => Object.fromEntries([...map].map(([key, entry]) => [key, entry.val]));

describe('records index', () => {
  it(`reads the records as YKeyValue does, under concurrent sets and deletes [RECORDS_SEED=${SEED}]`, () => {
    const random = seededRandom(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const keys = Array.from({ length: 8 }, (_, i) => `shape:${i}`);

    const base = seededDoc(random);
    const baseKv = new YKeyValue<unknown>(base.getArray('records'));
    for (const key of keys.slice(0, 4)) baseKv.set(key, { id: key, x: 0 });

    // The server's doc with the index, and a doc read by YKeyValue as a browser reads it.
    const server = seededDoc(random);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(base));
    const indexChanges: RecordChanges[] = [];
    const index = new RecordsIndex(server.getArray('records'), 'index', (changes) => indexChanges.push(changes));
    const browser = seededDoc(random);
    Y.applyUpdate(browser, Y.encodeStateAsUpdate(base));
    const browserKv = new YKeyValue<unknown>(browser.getArray('records'));
    const browserChanges: RecordChanges[] = [];
    browserKv.on('change', (changes: RecordChanges) => browserChanges.push(changes));

    const writers = [writer(base, random), writer(base, random), writer(base, random)];
    for (let step = 0; step < 1200; step++) {
      const actor = pick(writers);
      const roll = random();
      if (roll < 0.5) {
        const key = pick(keys);
        actor.kv.set(key, { id: key, x: step });
      } else if (roll < 0.55) {
        // What no YKeyValue writes but any client can send: several entries of one key in one push.
        const key = pick(keys);
        actor.doc.getArray('records').push([{ key, val: { id: key, x: -step } }, { key, val: { id: key, x: step } }]);
      } else if (roll < 0.65) {
        actor.kv.delete(pick(keys));
      } else if (roll < 0.8) {
        // Two participants catch up with each other (what they had not seen becomes concurrent).
        const other = pick(writers);
        if (other !== actor) Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(actor.doc, Y.encodeStateVector(other.doc)), 'peer');
      } else {
        // The server receives one participant's pending updates, one by one or merged into one
        // (as a relay between instances sends them), or two participants' merged together.
        const other = pick(writers);
        const merge = random();
        const deliveries =
          merge < 0.5
            ? actor.outbox.splice(0)
            : [Y.mergeUpdates([...actor.outbox.splice(0), ...(merge < 0.75 && other !== actor ? other.outbox.splice(0) : [])])];
        for (const update of deliveries) {
          indexChanges.length = 0;
          browserChanges.length = 0;
          // The server sends its clean-ups on with the update, as the room does: the browser's
          // array is the server's, also where the index removes more than YKeyValue would.
          const cleanUps: Uint8Array[] = [];
          const collect = (cleanUp: Uint8Array, origin: unknown): void => {
            if (origin === 'index') cleanUps.push(cleanUp);
          };
          server.on('update', collect);
          Y.applyUpdate(server, update);
          server.off('update', collect);
          Y.applyUpdate(browser, cleanUps.length > 0 ? Y.mergeUpdates([update, ...cleanUps]) : update);
          expect(asObject(index.map)).toEqual(asObject(browserKv.map));
          expect(duplicateKeys(server)).toEqual([]);
          // The same changes; their order within one event may differ (see RecordChanges' order).
          expect(indexChanges.map((changes) => Object.fromEntries(changes))).toEqual(
            browserChanges.map((changes) => Object.fromEntries(changes)),
          );
        }
      }
    }
    index.destroy();
  });

  it('keeps only the rightmost of several entries of one key in one update, and reports that one', () => {
    const server = new Y.Doc();
    const reported: RecordChanges[] = [];
    const index = new RecordsIndex(server.getArray('records'), 'index', (changes) => reported.push(changes));
    const sender = new Y.Doc();
    sender.getArray('records').push([
      { key: 'shape:a', val: { id: 'shape:hidden' } },
      { key: 'shape:b', val: { id: 'shape:b' } },
      { key: 'shape:a', val: { id: 'shape:a' } },
    ]);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(sender));
    expect(server.getArray('records').toJSON()).toEqual([
      { key: 'shape:b', val: { id: 'shape:b' } },
      { key: 'shape:a', val: { id: 'shape:a' } },
    ]);
    expect(reported.map((changes) => Object.fromEntries(changes))).toEqual([
      { 'shape:a': { action: 'add', newValue: { id: 'shape:a' } }, 'shape:b': { action: 'add', newValue: { id: 'shape:b' } } },
    ]);

    // Two more entries of a key that exists: the existing one and the older new one both go.
    const next = new Y.Doc();
    Y.applyUpdate(next, Y.encodeStateAsUpdate(server));
    next.getArray('records').push([{ key: 'shape:a', val: { id: 'shape:older' } }, { key: 'shape:a', val: { id: 'shape:a', x: 1 } }]);
    reported.length = 0;
    Y.applyUpdate(server, Y.encodeStateAsUpdate(next, Y.encodeStateVector(server)));
    expect(server.getArray('records').toJSON()).toEqual([
      { key: 'shape:b', val: { id: 'shape:b' } },
      { key: 'shape:a', val: { id: 'shape:a', x: 1 } },
    ]);
    expect(reported.map((changes) => Object.fromEntries(changes))).toEqual([
      { 'shape:a': { action: 'update', oldValue: { id: 'shape:a' }, newValue: { id: 'shape:a', x: 1 } } },
    ]);
    index.destroy();
  });

  it("takes a participant's set without reading the whole array", () => {
    const server = new Y.Doc();
    const records = server.getArray<unknown>('records');
    const participant = new Y.Doc();
    const kv = new YKeyValue<unknown>(participant.getArray('records'));
    for (let i = 0; i < 500; i++) kv.set(`shape:${i}`, { id: `shape:${i}`, x: i });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(participant));
    const seen: RecordChanges[] = [];
    const index = new RecordsIndex(records, 'index', (changes) => seen.push(changes));
    const reads = vi.spyOn(records, 'toArray');

    const updates: Uint8Array[] = [];
    participant.on('update', (update: Uint8Array) => updates.push(update));
    kv.set('shape:7', { id: 'shape:7', x: 700 });
    kv.set('shape:new', { id: 'shape:new', x: 1 });
    for (const update of updates) Y.applyUpdate(server, update);

    expect(reads).not.toHaveBeenCalled();
    expect(seen.map((changes) => Object.fromEntries(changes))).toEqual([
      { 'shape:7': { action: 'update', oldValue: { id: 'shape:7', x: 7 }, newValue: { id: 'shape:7', x: 700 } } },
      { 'shape:new': { action: 'add', newValue: { id: 'shape:new', x: 1 } } },
    ]);
    expect(index.get('shape:7')?.val).toEqual({ id: 'shape:7', x: 700 });
    index.destroy();
  });

  describe('finds the entry it replaces from the nearer end of the array', () => {
    /** The array as { key: val }, failing on a key with several entries. */
    function arrayValues(doc: Y.Doc): Record<string, unknown> {
      expect(duplicateKeys(doc)).toEqual([]);
      return Object.fromEntries(doc.getArray<{ key: string; val: unknown }>('records').toArray().map((entry) => [entry.key, entry.val]));
    }

    it('in a board loaded as one large item (a compacted board), whose entries the index does not note on load', () => {
      const source = new Y.Doc();
      source.transact(() => {
        source.getArray('records').push(Array.from({ length: 1_000 }, (_, i) => ({ key: `shape:${i}`, val: { x: i } })));
      });
      const ours = new Y.Doc();
      Y.applyUpdate(ours, Y.encodeStateAsUpdate(source));
      const index = new RecordsIndex(ours.getArray('records'), 'ours', () => {});

      index.set('shape:500', { x: 5_000 });
      index.set('shape:0', { x: -1 });
      index.delete('shape:999');
      index.delete('shape:250');
      // Again, now that the item is split and the entries sit in its parts.
      index.set('shape:501', { x: 5_010 });
      index.set('shape:500', { x: 5_001 });

      const expected: Record<string, unknown> = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`shape:${i}`, { x: i }]));
      delete expected['shape:999'];
      delete expected['shape:250'];
      Object.assign(expected, { 'shape:0': { x: -1 }, 'shape:500': { x: 5_001 }, 'shape:501': { x: 5_010 } });
      expect(arrayValues(ours)).toEqual(expected);
      expect(asObject(index.map)).toEqual(expected);
    });

    it('after a peer split the item holding the entry', () => {
      const ours = new Y.Doc();
      const index = new RecordsIndex(ours.getArray('records'), 'ours', () => {});
      // One transaction: one item holding all ten entries.
      ours.transact(() => {
        for (let i = 0; i < 10; i++) index.set(`shape:${i}`, { x: i });
      });
      const peer = new Y.Doc();
      Y.applyUpdate(peer, Y.encodeStateAsUpdate(ours));
      const peerKv = new YKeyValue<unknown>(peer.getArray('records'));
      peerKv.delete('shape:4');
      Y.applyUpdate(ours, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(ours)));

      index.set('shape:2', { x: 20 });
      index.set('shape:7', { x: 70 });
      index.set('shape:9', { x: 90 });
      index.delete('shape:0');

      const expected = { 'shape:1': { x: 1 }, 'shape:2': { x: 20 }, 'shape:3': { x: 3 }, 'shape:5': { x: 5 }, 'shape:6': { x: 6 }, 'shape:7': { x: 70 }, 'shape:8': { x: 8 }, 'shape:9': { x: 90 } };
      expect(arrayValues(ours)).toEqual(expected);
      expect(asObject(index.map)).toEqual(expected);
    });

    it('after Yjs merged the item holding the entry into its left neighbour', () => {
      const ours = new Y.Doc();
      const records = ours.getArray('records');
      const index = new RecordsIndex(records, 'ours', () => {});
      // Separate transactions: Yjs merges the second push into the first item once the second ends.
      index.set('shape:a', { x: 1 });
      index.set('shape:b', { x: 2 });
      let items = 0;
      for (let item = records._start; item !== null; item = item.right) items += 1;
      expect(items).toBe(1);
      // A peer's entries after them, so the entry is nearer the array's start than its end.
      const peer = new Y.Doc();
      Y.applyUpdate(peer, Y.encodeStateAsUpdate(ours));
      const peerKv = new YKeyValue<unknown>(peer.getArray('records'));
      for (let i = 0; i < 5; i++) peerKv.set(`shape:p${i}`, { x: i });
      Y.applyUpdate(ours, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(ours)));

      index.set('shape:b', { x: 3 });
      index.set('shape:a', { x: 4 });

      const expected = { 'shape:a': { x: 4 }, 'shape:b': { x: 3 }, ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`shape:p${i}`, { x: i }])) };
      expect(arrayValues(ours)).toEqual(expected);
      expect(asObject(index.map)).toEqual(expected);
    });

    it('and deletes the right entry while a crafted item sits in the list that the length does not count', () => {
      // A struct that declares the comments as its parent but that Yjs links into the records list
      // (see server/src/guard/crossLinkedItems.ts, which removes it after the transaction): until
      // then the list holds a live item that the array's length leaves out.
      const WRITER = 4242;
      const writer = new Y.Doc();
      writer.clientID = WRITER;
      writer.getArray('records').push([{ key: 'shape:a', val: {} }, { key: 'shape:b', val: {} }]);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer));
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      for (let i = 0; i < 4; i++) other.getArray('records').push([{ key: `shape:${i}`, val: {} }]);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
      const records = doc.getArray<unknown>('records');
      // Stands in for the guard: refuses one record by deleting it inside the observer.
      const index: RecordsIndex = new RecordsIndex(records, 'guard', (changes, _malformed, transaction) => {
        if (transaction.origin === 'participant' && changes.get('shape:evil')?.action === 'add') index.delete('shape:evil');
      });
      const participant = new Y.Doc();
      Y.applyUpdate(participant, Y.encodeStateAsUpdate(doc));
      const known = Y.encodeStateVector(participant);
      participant.getArray('records').push([{ key: 'shape:evil', val: {} }]);
      const push = Y.encodeStateAsUpdate(participant, known);

      doc.transact(() => {
        Y.applyUpdate(doc, overlappingStructUpdate(WRITER, 1, 'comments', [{ key: 'shape:b', val: {} }, 'crafted']));
        Y.applyUpdate(doc, push);
      }, 'participant');

      const keys = records.toArray().map((entry) => (isRecordEntry(entry) ? entry.key : entry));
      expect(keys).not.toContain('shape:evil');
      expect(keys).toEqual(expect.arrayContaining(['shape:a', 'shape:b', 'shape:0', 'shape:1', 'shape:2', 'shape:3']));
    });

    it('while two participants drag in turn, leaving a tombstone per update', () => {
      const docs = [new Y.Doc(), new Y.Doc()];
      const indexes = docs.map((doc) => new RecordsIndex(doc.getArray('records'), 'ours', () => {}));
      for (let i = 0; i < 50; i++) indexes[0]?.set(`shape:${i}`, { x: 0 });
      Y.applyUpdate(docs[1] ?? new Y.Doc(), Y.encodeStateAsUpdate(docs[0] ?? new Y.Doc()));
      const stock = new Y.Doc();
      Y.applyUpdate(stock, Y.encodeStateAsUpdate(docs[0] ?? new Y.Doc()));
      // A stock peer: YKeyValue keeps its array to one entry per key, as every such browser does.
      new YKeyValue<unknown>(stock.getArray('records'));
      for (let step = 0; step < 600; step++) {
        const mover = step % 2;
        const [doc, other] = [docs[mover], docs[1 - mover]];
        if (!doc || !other) throw new Error('two participants');
        const before = Y.encodeStateVector(doc);
        // Each drags its own card, and now and then sets one far from the end.
        const key = step % 50 === 0 ? `shape:${(step / 10) % 50}` : `shape:${mover}`;
        indexes[mover]?.set(key, { x: step });
        const update = Y.encodeStateAsUpdate(doc, before);
        Y.applyUpdate(other, update);
        Y.applyUpdate(stock, update);
      }
      // From the stock peer's array, the rightmost entry per key (YKeyValue's own map can lag it).
      const expected = arrayValues(stock);
      for (const doc of docs) expect(arrayValues(doc)).toEqual(expected);
      for (const index of indexes) expect(asObject(index.map)).toEqual(expected);
      expect(expected['shape:0']).toEqual({ x: 598 });
      expect(expected['shape:1']).toEqual({ x: 599 });
    });
  });
});
