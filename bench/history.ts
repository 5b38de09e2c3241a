/**
 * History: `npm run bench -- history`.
 *
 * A 1,000-shape workshop board receives 100,000 drag updates through the server (one stock
 * client drags cards, 60 updates per card, as tldraw sends a drag; a second client watches
 * and paces the writer, so updates go through the full persist-then-broadcast path). At
 * checkpoints the clients leave, the server unloads the board (which compacts it), and the
 * board is loaded cold 3 times: stored size and load time must stay flat as history grows.
 * Each segment also gives the server's CPU per drag update (from /proc), which must not grow
 * with history either. Several participants dragging at once (BENCH_HISTORY_DRAGGERS, each its
 * own card, updates interleaved) leave a tombstone per update in the records array that Yjs
 * cannot merge with its neighbours, as in a workshop; one dragger's tombstones merge.
 * Settings: BENCH_HISTORY_CHECKPOINTS (cumulative drag updates, default 10000,50000,100000; the board
 * is also loaded before any drag),
 * BENCH_HISTORY_SHAPES (default 1000), BENCH_HISTORY_RUNS (loads per checkpoint, default 3),
 * BENCH_HISTORY_DRAGGERS (default 1).
 */
import { DocLayout } from '../shared/src/docLayout.ts';
import { benchCommand, envNumber, envNumbers, kb, round1, round2 } from './lib/env.ts';
import { coldLoad, isLog, type ColdLoad } from './lib/load.ts';
import { assertRecordsValid, dragStep, UPDATES_PER_DRAG, workshopBoard, type BenchRecord } from './lib/records.ts';
import { GENERATION_LIMITS, createBoards, startJourneyboard, type BenchServer } from './lib/servers.ts';
import { readProcSample } from './lib/proc.ts';
import { storedSize, type StoredSize } from './lib/storedSize.ts';
import { connectClient, writeRecords, type BenchClient } from './lib/yclient.ts';
import { median } from './machine.ts';
import { report } from './results.ts';

/**
 * Updates in flight before the writers wait for the watcher to catch up. Several draggers send one
 * update each and wait, so that each builds on the others' last update as in a live workshop
 * (with a window of hundreds, each dragger's updates would sit in a run of its own).
 */
const SOLO_WINDOW = 500;

interface DragState {
  done: number;
  appendedBytes: number;
}

interface DragSegment {
  secondsTaken: number;
  logRowsLive: number;
  serverCpuMs: number;
}

/** Sends `count` drag updates through `draggers` writers in turn, paced by what a watcher has received. */
async function drag(server: BenchServer, boardId: string, cards: BenchRecord[], state: DragState, count: number, draggers: number): Promise<DragSegment> {
  const writers = Array.from({ length: draggers }, () => connectClient(server.providerUrl, boardId));
  const watcher = connectClient(server.providerUrl, boardId);
  await Promise.all([...writers.map((w) => w.synced), watcher.synced]);
  const writerRecords = writers.map((w) => w.records());
  let received = 0;
  let caughtUp: { until: number; resolve: () => void } | undefined;
  watcher.doc.getArray(DocLayout.records).observe(() => {
    received += 1;
    if (caughtUp && received >= caughtUp.until) caughtUp.resolve();
  });
  const watcherReceived = (until: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (received >= until) return resolve();
      const timer = setTimeout(() => reject(new Error(`history: watcher received ${received} of ${until} updates`)), 60_000);
      caughtUp = {
        until,
        resolve: () => {
          clearTimeout(timer);
          caughtUp = undefined;
          resolve();
        },
      };
    });
  const countBytes = (update: Uint8Array, _origin: unknown, _doc: unknown, transaction: { local: boolean }): void => {
    // Each writer also applies the others' updates: count what it writes itself.
    if (transaction.local) state.appendedBytes += update.byteLength;
  };
  const window = draggers > 1 ? draggers : SOLO_WINDOW;
  for (const writer of writers) writer.doc.on('update', countBytes);
  const cpuBefore = readProcSample(server.pid)?.cpuMs ?? 0;
  const started = performance.now();
  let sent = 0;
  while (sent < count) {
    const burst = Math.min(window, count - sent);
    for (let i = 0; i < burst; i++) {
      const moved = dragStep(cards, state.done + sent + i, draggers);
      if (moved) writerRecords[moved.dragger]?.set(moved.card.id, moved.card);
    }
    sent += burst;
    await watcherReceived(sent);
  }
  const secondsTaken = (performance.now() - started) / 1000;
  const serverCpuMs = (readProcSample(server.pid)?.cpuMs ?? 0) - cpuBefore;
  for (const writer of writers) writer.doc.off('update', countBytes);
  state.done += count;
  const logRowsLive = storedSize(server.dataDir ?? '', boardId).logRows;
  await leave(server, boardId, [...writers, watcher]);
  return { secondsTaken, logRowsLive, serverCpuMs };
}

async function leave(server: BenchServer, boardId: string, clients: BenchClient[]): Promise<void> {
  for (const client of clients) await client.flushed();
  const logsAtLeave = server.logLines().length;
  for (const client of clients) client.destroy();
  await server.waitForLog(isLog('unloaded idle board', boardId), { after: logsAtLeave, timeoutMs: 120_000 });
}

export async function runHistoryBench(): Promise<void> {
  assertRecordsValid();
  const checkpoints = [...new Set([0, ...envNumbers('BENCH_HISTORY_CHECKPOINTS', [10_000, 50_000, 100_000])])].sort((a, b) => a - b);
  const shapes = Math.round(envNumber('BENCH_HISTORY_SHAPES', 1_000));
  const runs = Math.max(1, Math.round(envNumber('BENCH_HISTORY_RUNS', 3)));
  const draggers = Math.max(1, Math.round(envNumber('BENCH_HISTORY_DRAGGERS', 1)));
  const rows: Record<string, string | number>[] = [];
  const details: { updates: number; stored: StoredSize; loads: ColdLoad[] }[] = [];
  const server = await startJourneyboard({ env: { ...GENERATION_LIMITS, LOG_LEVEL: 'debug', ROOM_IDLE_UNLOAD_MS: '200' } });
  try {
    const [boardId] = await createBoards(server, 1, 'History');
    if (!boardId) throw new Error('no board');
    const records = workshopBoard(shapes);
    const cards = records.filter((r) => r.type === 'note');
    const seeder = connectClient(server.providerUrl, boardId);
    await seeder.synced;
    const state: DragState = { done: 0, appendedBytes: await writeRecords(seeder, records) };
    await leave(server, boardId, [seeder]);

    let firstLoadMs: number | undefined;
    for (const checkpoint of checkpoints) {
      const previous = state.done;
      let dragged: DragSegment = { secondsTaken: 0, logRowsLive: 0, serverCpuMs: 0 };
      if (checkpoint > state.done) dragged = await drag(server, boardId, cards, state, checkpoint - state.done, draggers);
      const stored = storedSize(server.dataDir ?? '', boardId);
      const loads: ColdLoad[] = [];
      for (let run = 0; run < runs; run++) loads.push(await coldLoad(server, boardId));
      if (loads.some((l) => l.records !== records.length)) throw new Error('history: a load did not deliver every record');
      details.push({ updates: checkpoint, stored, loads });
      // Read and decode, whether the decode happened before or right after serving the first join.
      const serverMs = median(loads.map((l) => l.serverLoadMs + l.serverDecodeMs));
      firstLoadMs ??= serverMs;
      rows.push({
        'drag updates': checkpoint,
        'appended KB (total)': kb(state.appendedBytes),
        'log rows while live': dragged.logRowsLive,
        'stored KB': kb(stored.snapshotBytes + stored.logBytes),
        'db file KB': kb(stored.fileBytes),
        'server load + decode ms': round1(serverMs),
        'client synced ms': round1(median(loads.map((l) => l.clientSyncedMs))),
        'load vs 0 updates': round2(serverMs / Math.max(1, firstLoadMs)),
        'drag upd/s': dragged.secondsTaken > 0 ? Math.round((checkpoint - previous) / dragged.secondsTaken) : '',
        'server CPU µs/update': checkpoint > previous ? Math.round((dragged.serverCpuMs * 1000) / (checkpoint - previous)) : '',
      });
      process.stderr.write(`history ${checkpoint}: stored ${kb(stored.snapshotBytes + stored.logBytes)} KB, load ${loads.map((l) => l.serverLoadMs + l.serverDecodeMs).join('/')} ms\n`);
    }
  } finally {
    await server.stop();
  }
  console.log(
    `\nhistory: ${shapes}-shape board, drags of ${UPDATES_PER_DRAG} updates per card through the server by ${draggers} participant(s) at once; compaction as configured (COMPACT_AFTER_UPDATES default, and on unload); ` +
      `stored = snapshot + log rows of the board after unload; median of ${runs} cold loads.`,
  );
  report('history', benchCommand('history', ['BENCH_HISTORY_CHECKPOINTS', 'BENCH_HISTORY_SHAPES', 'BENCH_HISTORY_RUNS', 'BENCH_HISTORY_DRAGGERS']), rows, details);
}
