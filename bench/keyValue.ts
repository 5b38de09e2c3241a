/**
 * The browser's read of the records array as a board's history grows: `npm run bench -- keyvalue`.
 *
 * Two participants drag cards of a 1,000-shape workshop board in turn, one update each, so every
 * drag update leaves a tombstone in the records array that Yjs cannot merge with its neighbours.
 * At each checkpoint: the time a browser takes to apply one peer's drag update (median of the
 * last BENCH_KEYVALUE_SAMPLES updates before it), one local set (the first set of each of 200
 * cards) and one drag set (200 sets of one more card in a row, as while dragging it), for the client's
 * RecordsKeyValue (client/src/sync/recordsKeyValue.ts, the target's: BENCH_REV works) and for
 * y-utility's YKeyValue, which walks the whole array for every update. In-process, no browser:
 * this is the Yjs side of a remote change, before tldraw renders it.
 * Settings: BENCH_KEYVALUE_CHECKPOINTS (cumulative drag updates, default 2000,10000,30000),
 * BENCH_KEYVALUE_SAMPLES (default 500).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import type * as RecordsKeyValueModule from '../client/src/sync/recordsKeyValue.ts';
import { benchCommand, envNumber, envNumbers, round1 } from './lib/env.ts';
import { assertRecordsValid, dragStep, workshopBoard } from './lib/records.ts';
import { TARGET } from './lib/target.ts';
import { median } from './machine.ts';
import { report } from './results.ts';

const LOCAL_SETS = 200;

interface KeyValue {
  set(key: string, value: unknown): void;
}

/** Runs `body` once per item and returns the median time in µs. */
function medianMicros<T>(items: readonly T[], body: (item: T) => void): number {
  const times = items.map((item) => {
    const started = performance.now();
    body(item);
    return (performance.now() - started) * 1000;
  });
  return median(times);
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

export async function runKeyValueBench(): Promise<void> {
  assertRecordsValid();
  const { RecordsKeyValue } = (await import(pathToFileURL(join(TARGET, 'client/src/sync/recordsKeyValue.ts')).href)) as typeof RecordsKeyValueModule;
  const checkpoints = envNumbers('BENCH_KEYVALUE_CHECKPOINTS', [2_000, 10_000, 30_000]).sort((a, b) => a - b);
  const samples = Math.max(1, Math.round(envNumber('BENCH_KEYVALUE_SAMPLES', 500)));
  const records = workshopBoard(1_000);
  const cards = records.filter((r) => r.type === 'note');

  // The two draggers.
  const draggers = [new Y.Doc(), new Y.Doc()];
  const writers = draggers.map((doc) => new RecordsKeyValue(doc.getArray<unknown>('records')));
  draggers[0]?.transact(() => {
    for (const record of records) writers[0]?.set(record.id, record);
  });
  const seed = Y.encodeStateAsUpdate(draggers[0] ?? new Y.Doc());
  if (draggers[1]) Y.applyUpdate(draggers[1], seed);
  // Two watching browsers, one per reader.
  const stockDoc = new Y.Doc();
  const oursDoc = new Y.Doc();
  Y.applyUpdate(stockDoc, seed);
  Y.applyUpdate(oursDoc, seed);
  const readers: { name: string; doc: Y.Doc; make: (doc: Y.Doc) => KeyValue }[] = [
    { name: 'YKeyValue', doc: stockDoc, make: (doc) => new YKeyValue<unknown>(doc.getArray('records')) },
    { name: 'RecordsKeyValue', doc: oursDoc, make: (doc) => new RecordsKeyValue(doc.getArray<unknown>('records')) },
  ];
  for (const reader of readers) reader.make(reader.doc);

  const rows: Record<string, string | number>[] = [];
  let step = 0;
  for (const checkpoint of checkpoints) {
    const measured: Uint8Array[] = [];
    for (; step < checkpoint; step++) {
      const moved = dragStep(cards, step, 2);
      const doc = moved && draggers[moved.dragger];
      const other = moved && draggers[1 - moved.dragger];
      if (!moved || !doc || !other) break;
      const updates: Uint8Array[] = [];
      const collect = (update: Uint8Array): void => void updates.push(update);
      doc.on('update', collect);
      writers[moved.dragger]?.set(moved.card.id, moved.card);
      doc.off('update', collect);
      const update = Y.mergeUpdates(updates);
      Y.applyUpdate(other, update);
      if (step >= checkpoint - samples) measured.push(update);
      else for (const reader of readers) Y.applyUpdate(reader.doc, update);
    }
    const row: Record<string, string | number> = { 'interleaved drag updates': checkpoint };
    for (const reader of readers) row[`peer's update µs, ${reader.name}`] = round1(medianMicros(measured, (update) => Y.applyUpdate(reader.doc, update)));
    for (const reader of readers) {
      // On a copy, so the watching docs stay in step with the draggers.
      const copy = copyOf(reader.doc);
      const keyValue = reader.make(copy);
      row[`local set µs, ${reader.name}`] = round1(medianMicros(cards.slice(0, LOCAL_SETS), (card) => keyValue.set(card.id, { ...card, x: 1 })));
      const dragged = cards[LOCAL_SETS] ?? cards[0];
      const positions = Array.from({ length: LOCAL_SETS }, (_, i) => i);
      if (dragged) row[`drag set µs, ${reader.name}`] = round1(medianMicros(positions, (x) => keyValue.set(dragged.id, { ...dragged, x })));
    }
    let items = 0;
    for (let item = oursDoc.getArray('records')._start; item !== null; item = item.right) items += 1;
    row['items in the array'] = items;
    rows.push(row);
    process.stderr.write(`keyvalue ${checkpoint}: ${JSON.stringify(row)}\n`);
  }
  console.log(`\nkeyvalue: 1,000-shape board, two participants dragging in turn; medians of the last ${samples} peer updates, of the first sets of ${LOCAL_SETS} cards (local set) and of ${LOCAL_SETS} sets of one card in a row (drag set) per checkpoint.`);
  report('keyvalue', benchCommand('keyvalue', ['BENCH_KEYVALUE_CHECKPOINTS', 'BENCH_KEYVALUE_SAMPLES']), rows);
}
