/**
 * Memory per idle connection and per idle board: `npm run bench -- memory`.
 *
 * Connections: 10 boards are loaded (one client each), then N more stock clients connect and
 * stay idle (N/10 per board); server heap+external and RSS after GC, before and after, / N.
 * Run against Journeyboard and, for comparison, the reference server.
 * Boards: K boards are loaded (a client connects and leaves; the server keeps a board without
 * participants for ROOM_IDLE_UNLOAD_MS, set long here) and measured the same way, / K, for
 * empty boards and for boards of S shapes.
 * Settings: BENCH_IDLE_CONNECTIONS (default 1000), BENCH_IDLE_BOARDS (default 200),
 * BENCH_IDLE_BOARD_SHAPES (default 100).
 */
import { benchCommand, envNumber, kb, sleep } from './lib/env.ts';
import { startFleet } from './lib/fleet.ts';
import { isLog } from './lib/load.ts';
import { assertRecordsValid, workshopBoard } from './lib/records.ts';
import type { ProbeMemory } from './lib/serverProbe.ts';
import { GENERATION_LIMITS, createBoards, makeDataDir, startJourneyboard, startServerOf, type BenchServer, type ServerKind } from './lib/servers.ts';
import { connectClient, writeRecords } from './lib/yclient.ts';
import { report } from './results.ts';

const js = (m: ProbeMemory): number => m.heapUsed + m.external;

/** Settles (awareness broadcasts, socket buffers) and measures after GC. */
async function settledMemory(server: BenchServer): Promise<ProbeMemory> {
  await sleep(1500);
  return server.memory();
}

async function perConnection(kind: ServerKind, connections: number): Promise<Record<string, string | number>> {
  const server = await startServerOf(kind);
  const fleet = startFleet();
  try {
    const boards = await createBoards(server, 10, 'Idle connections');
    await fleet.connect(server.providerUrl, boards.map((room) => ({ room, clients: 1 })));
    const before = await settledMemory(server);
    await fleet.connect(server.providerUrl, boards.map((room) => ({ room, clients: Math.ceil(connections / boards.length) })));
    const after = await settledMemory(server);
    const n = Math.ceil(connections / boards.length) * boards.length;
    return {
      what: `idle connection (${n} on 10 boards)`,
      server: kind,
      'heap+ext KB each': kb((js(after) - js(before)) / n),
      'RSS KB each': kb((after.rss - before.rss) / n),
    };
  } finally {
    await fleet.close();
    await server.stop();
  }
}

async function perBoard(boardCount: number, shapes: number): Promise<Record<string, string | number>[]> {
  // Seed with a server that unloads at once, then measure with one that keeps idle boards loaded.
  const dataDir = makeDataDir();
  const seeding = await startJourneyboard({ dataDir, env: { ...GENERATION_LIMITS, LOG_LEVEL: 'debug', ROOM_IDLE_UNLOAD_MS: '100' } });
  let empty: string[] = [];
  let full: string[] = [];
  try {
    empty = await createBoards(seeding, boardCount, 'Idle empty');
    full = await createBoards(seeding, boardCount, 'Idle full');
    const records = workshopBoard(shapes);
    const seedOne = async (boardId: string): Promise<void> => {
      const client = connectClient(seeding.providerUrl, boardId);
      await client.synced;
      await writeRecords(client, records);
      await client.flushed();
      const logs = seeding.logLines().length;
      client.destroy();
      await seeding.waitForLog(isLog('unloaded idle board', boardId), { after: logs });
    };
    for (let start = 0; start < full.length; start += 20) await Promise.all(full.slice(start, start + 20).map(seedOne));
  } finally {
    await seeding.stop({ keepData: true });
  }
  const server = await startJourneyboard({ dataDir, env: { ROOM_IDLE_UNLOAD_MS: '600000' } });
  try {
    const rows: Record<string, string | number>[] = [];
    let before = await settledMemory(server);
    for (const [label, boards] of [
      ['idle board, empty', empty],
      [`idle board, ${shapes} shapes`, full],
    ] as const) {
      const fleet = startFleet();
      await fleet.connect(server.providerUrl, boards.map((room) => ({ room, clients: 1 })));
      await fleet.close();
      const after = await settledMemory(server);
      rows.push({
        what: `${label} (${boards.length} loaded, no participants)`,
        server: 'journeyboard',
        'heap+ext KB each': kb((js(after) - js(before)) / boards.length),
        'RSS KB each': kb((after.rss - before.rss) / boards.length),
      });
      before = after;
    }
    return rows;
  } finally {
    await server.stop();
  }
}

export async function runIdleMemoryBench(): Promise<void> {
  assertRecordsValid();
  const connections = Math.round(envNumber('BENCH_IDLE_CONNECTIONS', 1000));
  const boards = Math.round(envNumber('BENCH_IDLE_BOARDS', 200));
  const shapes = Math.round(envNumber('BENCH_IDLE_BOARD_SHAPES', 100));
  const rows = [await perConnection('journeyboard', connections), await perConnection('reference', connections), ...(await perBoard(boards, shapes))];
  console.log('\nidle memory: server heap+external and RSS after forced GC, difference / count.');
  report('memory', benchCommand('memory', ['BENCH_IDLE_CONNECTIONS', 'BENCH_IDLE_BOARDS', 'BENCH_IDLE_BOARD_SHAPES']), rows);
}
