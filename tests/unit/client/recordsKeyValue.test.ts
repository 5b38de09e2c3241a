/**
 * The browser reads a board's records with RecordsKeyValue instead of y-utility's YKeyValue:
 * the same records and the same change events as a peer on YKeyValue, without walking the whole
 * array (tombstones included) for every update a peer sends.
 */
import { describe, expect, it, vi } from 'vitest';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import { RecordsKeyValue } from '../../../client/src/sync/recordsKeyValue.ts';
import type { RecordChanges } from '../../../shared/src/yjs/recordsIndex.ts';

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
});
