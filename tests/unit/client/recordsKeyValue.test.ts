/**
 * The browser reads and writes a board's records with RecordsKeyValue instead of y-utility's
 * YKeyValue: the same records and the same change events as YKeyValue, for what it writes and
 * what peers send, without walking the whole array (tombstones included) for every update a
 * peer sends.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import { RecordsKeyValue } from '../../../client/src/sync/recordsKeyValue.ts';
import type { RecordChanges } from '../../../shared/src/yjs/recordsIndex.ts';
import { seededDoc, seededRandom } from '../../support/random.ts';

const SEED = process.env.RECORDS_SEED ? Number(process.env.RECORDS_SEED) : randomInt(2 ** 31);

const values = (map: ReadonlyMap<string, { val: unknown }>) => Object.fromEntries([...map].map(([key, entry]) => [key, entry.val]));

function peer(): { doc: Y.Doc; kv: YKeyValue<unknown>; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') updates.push(update);
  });
  return { doc, kv: new YKeyValue<unknown>(doc.getArray('records')), updates };
}

describe('RecordsKeyValue', () => {
  it("shows a peer's adds, updates and deletes as YKeyValue does, with the same change events", () => {
    const writer = peer();
    const browser = new Y.Doc();
    const records = new RecordsKeyValue(browser.getArray('records'));
    const stock = new Y.Doc();
    const stockKv = new YKeyValue<unknown>(stock.getArray('records'));
    const ours: RecordChanges[] = [];
    const theirs: unknown[] = [];
    records.on('change', (changes) => ours.push(changes));
    stockKv.on('change', (changes: unknown) => theirs.push(changes));

    writer.kv.set('shape:a', { id: 'shape:a', x: 1 });
    writer.kv.set('shape:b', { id: 'shape:b', x: 2 });
    writer.kv.set('shape:a', { id: 'shape:a', x: 10 });
    writer.doc.transact(() => {
      writer.kv.delete('shape:b');
      writer.kv.set('shape:c', { id: 'shape:c', x: 3 });
    });
    for (const update of writer.updates) {
      Y.applyUpdate(browser, update, 'remote');
      Y.applyUpdate(stock, update, 'remote');
    }

    expect(values(records.map)).toEqual({ 'shape:a': { id: 'shape:a', x: 10 }, 'shape:c': { id: 'shape:c', x: 3 } });
    expect(values(records.map)).toEqual(values(stockKv.map));
    expect(records.get('shape:a')).toEqual({ id: 'shape:a', x: 10 });
    expect(records.has('shape:b')).toBe(false);
    expect(ours).toEqual(theirs);
  });

  it("writes entries a YKeyValue peer reads, and keeps one entry per key after concurrent sets", () => {
    const other = peer();
    const browser = new Y.Doc();
    const records = new RecordsKeyValue(browser.getArray('records'));
    const sent: Uint8Array[] = [];
    browser.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'remote') sent.push(update);
    });

    records.set('shape:a', { id: 'shape:a', x: 1 });
    other.kv.set('shape:a', { id: 'shape:a', x: 2 });
    for (const update of sent.splice(0)) Y.applyUpdate(other.doc, update, 'remote');
    for (const update of other.updates.splice(0)) Y.applyUpdate(browser, update, 'remote');
    // Each side removed the losing entry; those clean-ups meet too.
    for (const update of sent.splice(0)) Y.applyUpdate(other.doc, update, 'remote');
    for (const update of other.updates.splice(0)) Y.applyUpdate(browser, update, 'remote');

    expect(values(records.map)).toEqual(values(other.kv.map));
    expect(browser.getArray('records').length).toBe(1);
    expect(other.doc.getArray('records').length).toBe(1);

    records.delete('shape:a');
    for (const update of sent.splice(0)) Y.applyUpdate(other.doc, update, 'remote');
    expect(other.kv.has('shape:a')).toBe(false);
  });

  it("takes a peer's update without asking Yjs for the array's changes or reading the array", () => {
    const writer = peer();
    for (let i = 0; i < 200; i++) writer.kv.set(`shape:${i}`, { id: `shape:${i}`, x: i });
    const browser = new Y.Doc();
    Y.applyUpdate(browser, Y.encodeStateAsUpdate(writer.doc), 'remote');
    const records = new RecordsKeyValue(browser.getArray('records'));
    writer.updates.length = 0;
    writer.kv.set('shape:7', { id: 'shape:7', x: 700 });

    const eventChanges = vi.spyOn(Y.YEvent.prototype, 'changes', 'get');
    const reads = vi.spyOn(browser.getArray('records'), 'toArray');
    try {
      for (const update of writer.updates) Y.applyUpdate(browser, update, 'remote');
      expect(eventChanges).not.toHaveBeenCalled();
      expect(reads).not.toHaveBeenCalled();
    } finally {
      eventChanges.mockRestore();
      reads.mockRestore();
    }
    expect(records.get('shape:7')).toEqual({ id: 'shape:7', x: 700 });
  });
  it('deletes a key it set earlier in the same transaction, as YKeyValue does', () => {
    const ours = new Y.Doc();
    const theirs = new Y.Doc();
    const records = new RecordsKeyValue(ours.getArray('records'));
    const stock = new YKeyValue<unknown>(theirs.getArray('records'));
    records.set('shape:a', { id: 'shape:a', x: 1 });
    stock.set('shape:a', { id: 'shape:a', x: 1 });
    const ourEvents: RecordChanges[] = [];
    const theirEvents: unknown[] = [];
    records.on('change', (changes) => ourEvents.push(changes));
    stock.on('change', (changes: unknown) => theirEvents.push(changes));

    ours.transact(() => {
      records.set('shape:a', { id: 'shape:a', x: 2 });
      records.delete('shape:a');
      records.set('shape:new', { id: 'shape:new' });
      records.delete('shape:new');
    });
    theirs.transact(() => {
      stock.set('shape:a', { id: 'shape:a', x: 2 });
      stock.delete('shape:a');
      stock.set('shape:new', { id: 'shape:new' });
      stock.delete('shape:new');
    });

    expect(values(records.map)).toEqual({});
    expect(ours.getArray('records').length).toBe(0);
    expect(ourEvents).toEqual(theirEvents);
    expect(ourEvents).toEqual([new Map([['shape:a', { action: 'delete', oldValue: { id: 'shape:a', x: 1 } }]])]);
  });

  it(`writes and reads as YKeyValue under concurrent transactions of several participants [RECORDS_SEED=${SEED}]`, () => {
    const random = seededRandom(SEED);
    const keys = Array.from({ length: 6 }, (_, i) => `shape:${i}`);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    type KeyValue = { set(key: string, value: object): void; delete(key: string): void; has(key: string): boolean; map: ReadonlyMap<string, { val: unknown }> };
    interface Participant {
      doc: Y.Doc;
      kv: KeyValue;
      events: unknown[];
    }
    // Change events compared by content: the order in which one event lists its keys may differ.
    const byKey = (changes: ReadonlyMap<string, unknown>) => Object.fromEntries(changes);
    const attach = (doc: Y.Doc, stock: boolean): Participant => {
      const array = doc.getArray<unknown>('records');
      const participant: Participant = { doc, kv: stock ? new YKeyValue<unknown>(array as Y.Array<{ key: string; val: unknown }>) : new RecordsKeyValue(array), events: [] };
      const record = (changes: ReadonlyMap<string, unknown>): void => void participant.events.push(byKey(changes));
      if (participant.kv instanceof RecordsKeyValue) participant.kv.on('change', record);
      else (participant.kv as YKeyValue<unknown>).on('change', record);
      return participant;
    };
    // One participant on YKeyValue (another tool, an older browser), three on RecordsKeyValue.
    const participants = [attach(seededDoc(random), true), attach(seededDoc(random), false), attach(seededDoc(random), false), attach(seededDoc(random), false)];
    /** The same doc read by YKeyValue, with the same client id: it must see what `participant` sees. */
    const stockTwin = (participant: Participant): Participant => {
      const doc = new Y.Doc();
      doc.clientID = participant.doc.clientID;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(participant.doc));
      return attach(doc, true);
    };

    for (let step = 0; step < 600; step++) {
      const target = pick(participants);
      let act: (participant: Participant) => void;
      if (random() < 0.5) {
        // A local transaction of one to three writes, possibly several to one key.
        const writes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ key: pick(keys), set: random() < 0.75 }));
        act = ({ doc, kv }) =>
          doc.transact(() => {
            for (const { key, set } of writes) {
              if (set) kv.set(key, { id: key, step });
              else if (kv.has(key)) kv.delete(key);
            }
          });
      } else {
        // What one or two others have that the target lacks, possibly merged into one update.
        const senders = participants.filter((p) => p !== target);
        let update = Y.encodeStateAsUpdate(pick(senders).doc, Y.encodeStateVector(target.doc));
        if (random() < 0.3) update = Y.mergeUpdates([update, Y.encodeStateAsUpdate(pick(senders).doc, Y.encodeStateVector(target.doc))]);
        act = ({ doc }) => Y.applyUpdate(doc, update, 'remote');
      }
      const twin = target.kv instanceof RecordsKeyValue ? stockTwin(target) : undefined;
      target.events = [];
      act(target);
      if (!twin) continue;
      act(twin);
      expect(values(target.kv.map), `step ${step}`).toEqual(values(twin.kv.map));
      expect(target.events, `step ${step}`).toEqual(twin.events);
      const arrayKeys = target.doc.getArray<{ key: string }>('records').toArray().map((entry) => entry.key);
      expect(new Set(arrayKeys).size, `step ${step}: one entry per key`).toBe(arrayKeys.length);
    }
    for (let round = 0; round < 2; round++) {
      for (const from of participants) {
        for (const to of participants) if (from !== to) Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)), 'remote');
      }
    }
    for (const participant of participants) expect(values(participant.kv.map)).toEqual(values(participants[0]?.kv.map ?? new Map()));
  });
});
