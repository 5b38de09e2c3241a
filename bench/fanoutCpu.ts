/**
 * Server CPU per relayed update under a fixed, replayable load: `npm run bench -- fanoutcpu`.
 *
 * The fan-out benchmark's figures depend on the load generator keeping its schedule on a shared
 * machine (its clients decode every update they receive), so they move with whatever else runs.
 * Here the updates are made before the run (valid note records written as the fan-out clients
 * write them, one Y.Doc per client), and raw sockets send them and only count what comes back: the
 * generator costs little, and the same bytes go to both servers in the same order. What is
 * measured is the server process's CPU time (/proc) per update sent, which waiting for a core does
 * not inflate as it inflates latency. Each row also counts writers whose last update the first
 * client of their board never received (should be 0/0).
 *
 * Updates go out in ticks: every BENCH_CPU_TICK_MS ms the next B updates of the plan, which lists
 * them client after client (10 clients a board, board after board) round after round. So B = 1 is
 * one update per turn (nothing to batch, as in the fan-out benchmark on a quiet machine), B = 10
 * all ten participants of one board in one tick, B = 50 five boards' ten. Figures scatter once a
 * burst saturates the machine (B = 50 at 500 connections is 12,500 updates/s offered); compare
 * alternating pairs. Settings (env): BENCH_CPU_POINTS connections (default 200,500,1000; 10 per
 * board), BENCH_CPU_UPDATES per client (default 8), BENCH_CPU_BURSTS values of B (default
 * 1,10,50), BENCH_CPU_TICK_MS (default 4), BENCH_CPU_RUNS alternating pairs (default 3),
 * BENCH_CPU_PROFILE=<path> writes a CPU profile of each Journeyboard run there. With BENCH_CPU_FLOOR=1
 * (the default) each pair also runs bench/relayFloorServer.ts, which only reads each frame and writes
 * it to the room's other sockets: the floor under any server's figure, so that a ratio to the
 * reference can be read against the least it could be.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DocLayout } from '../shared/src/docLayout.ts';
import { benchCommand, envNumber, envNumbers, round2, sleep } from './lib/env.ts';
import { readProcSample } from './lib/proc.ts';
import { noteRecord } from './lib/records.ts';
import { createBoards, startServerOf, type BenchServer, type ServerKind } from './lib/servers.ts';
import { median } from './machine.ts';
import { report } from './results.ts';

const VARIABLES = ['BENCH_CPU_POINTS', 'BENCH_CPU_UPDATES', 'BENCH_CPU_BURSTS', 'BENCH_CPU_TICK_MS', 'BENCH_CPU_RUNS', 'BENCH_CPU_FLOOR'];
const PER_BOARD = 10;

interface Planned {
  client: number;
  message: Uint8Array;
}

/** y-protocols' update message: [sync, update, length, bytes]. */
function updateMessage(update: Uint8Array): Uint8Array {
  const header: number[] = [0, 2];
  let rest = update.byteLength;
  while (rest > 0x7f) {
    header.push(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 0x80);
  }
  header.push(rest);
  const message = new Uint8Array(header.length + update.byteLength);
  message.set(header);
  message.set(update, header.length);
  return message;
}

/**
 * Every client writes its own record `updates` times, round robin over all clients (so writers of
 * one board interleave as they do live), each update made on the writer's doc after every earlier
 * update of its board was applied there: the server receives them in an order they apply in.
 */
function planUpdates(boards: number, updates: number): Planned[] {
  const docs = Array.from({ length: boards * PER_BOARD }, () => new Y.Doc());
  const plan: Planned[] = [];
  for (let round = 1; round <= updates; round++) {
    docs.forEach((doc, client) => {
      const board = Math.floor(client / PER_BOARD);
      const key = `shape:cpu-${client.toString(36)}`;
      const records = doc.getArray<{ key: string; val: unknown }>(DocLayout.records);
      let update: Uint8Array | undefined;
      const capture = (bytes: Uint8Array): void => {
        update = bytes;
      };
      doc.once('update', capture);
      doc.transact(() => {
        const previous = records.toArray().findIndex((entry) => entry.key === key);
        if (previous >= 0) records.delete(previous, 1);
        records.push([{ key, val: noteRecord({ id: key, x: round * 10, y: client, index: 'a1', text: 'Dragging', meta: { s: round } }) }]);
      });
      if (!update) throw new Error('no update');
      for (let other = board * PER_BOARD; other < (board + 1) * PER_BOARD; other++) if (other !== client) Y.applyUpdate(docs[other] as Y.Doc, update);
      plan.push({ client, message: updateMessage(update) });
    });
  }
  return plan;
}

interface Sockets {
  sockets: WebSocket[];
  /** Sockets the server closed. */
  closed: () => number;
  /** Bytes received on all sockets so far. */
  received: () => number;
  /** What the first client of each board received, to check delivery once the run is over. */
  kept: Buffer[][];
  close: () => void;
}

async function connect(server: BenchServer, rooms: string[]): Promise<Sockets> {
  let closed = 0;
  let received = 0;
  const kept: Buffer[][] = rooms.map(() => []);
  const sockets = rooms.flatMap((room) => Array.from({ length: PER_BOARD }, () => new WebSocket(`${server.providerUrl}/${room}`)));
  await Promise.all(
    sockets.map(
      (socket, index) =>
        new Promise<void>((resolve, reject) => {
          socket.binaryType = 'nodebuffer';
          socket.once('error', reject);
          socket.once('message', () => resolve());
          socket.once('close', () => (closed += 1));
          const keep = index % PER_BOARD === 0 ? kept[index / PER_BOARD] : undefined;
          socket.on('message', (data: Buffer) => {
            received += data.byteLength;
            keep?.push(data);
          });
          // A fresh client's sync request (empty state vector); the server answers with the board.
          socket.once('open', () => socket.send(new Uint8Array([0, 0, 1, 0])));
        }),
    ),
  );
  return { sockets, closed: () => closed, received: () => received, kept, close: () => sockets.forEach((socket) => socket.terminate()) };
}

/** Writers whose last update the first client of their board lacks (what it sent and received, applied to a doc). */
function undelivered(kept: Buffer[][], plan: Planned[], updates: number): number {
  let missing = 0;
  kept.forEach((received, board) => {
    const doc = new Y.Doc();
    const sent = plan.filter(({ client }) => client === board * PER_BOARD).map(({ message }) => Buffer.from(message));
    for (const message of [...sent, ...received]) {
      // Sync messages (type 0) of kind step 2 (1) or update (2); the rest (awareness, step 1) is skipped.
      if (message[0] !== 0 || (message[1] !== 1 && message[1] !== 2)) continue;
      let at = 2;
      while ((message[at] ?? 0) & 0x80) at += 1;
      Y.applyUpdate(doc, message.subarray(at + 1));
    }
    const latest = new Map<string, number>();
    for (const entry of doc.getArray<{ key: string; val: { meta?: { s?: number } } }>(DocLayout.records).toArray()) {
      latest.set(entry.key, Math.max(latest.get(entry.key) ?? 0, entry.val.meta?.s ?? 0));
    }
    for (let client = board * PER_BOARD + 1; client < (board + 1) * PER_BOARD; client++) {
      if (latest.get(`shape:cpu-${client.toString(36)}`) !== updates) missing += 1;
    }
  });
  return missing;
}

/** Waits until the server's CPU time and what the clients received stop growing: its work for what was sent is done. */
async function settled(pid: number, received: () => number): Promise<number> {
  let last = readProcSample(pid)?.cpuMs ?? 0;
  let lastReceived = received();
  for (let still = 0; still < 3; ) {
    await sleep(100);
    const now = readProcSample(pid)?.cpuMs ?? 0;
    still = now - last <= 10 && received() === lastReceived ? still + 1 : 0;
    last = now;
    lastReceived = received();
  }
  return last;
}

interface RunResult {
  cpuUsPerUpdate: number;
  /** Writers whose last update the first client of their board never received (0 when all arrived). */
  undelivered: number;
}

async function runOnce(kind: ServerKind, connections: number, plan: Planned[], burst: number, tickMs: number): Promise<RunResult> {
  const boards = Math.ceil(connections / PER_BOARD);
  const server = await startServerOf(kind, { env: { MAX_MESSAGES_PER_SECOND: '100000', MAX_BYTES_PER_SECOND: '1000000000' } });
  try {
    const rooms = await createBoards(server, boards, 'CPU');
    const { sockets, closed, received, kept, close } = await connect(server, rooms);
    try {
      const before = await settled(server.pid, received);
      const profilePath = kind === 'journeyboard' ? process.env.BENCH_CPU_PROFILE : undefined;
      if (profilePath) await server.profileStart(200);
      for (let at = 0; at < plan.length; at += burst) {
        for (const { client, message } of plan.slice(at, at + burst)) sockets[client]?.send(message);
        await sleep(tickMs);
      }
      const after = await settled(server.pid, received);
      if (profilePath) await server.profileStop(profilePath);
      // On a machine this busy a process can stand still for a while: late deliveries get a few seconds more (outside the CPU figure).
      let missing = undelivered(kept, plan, plan.length / sockets.length);
      for (let retry = 0; missing > 0 && retry < 10; retry++) {
        await sleep(500);
        missing = undelivered(kept, plan, plan.length / sockets.length);
      }
      if (closed() > 0) throw new Error(`${kind}: the server closed ${closed()} sockets`);
      // The idle polls after the last update (heartbeats, checkpoints) cost next to nothing.
      return { cpuUsPerUpdate: ((after - before) * 1000) / plan.length, undelivered: missing };
    } finally {
      close();
    }
  } finally {
    await server.stop();
  }
}

export async function runFanoutCpuBench(): Promise<void> {
  const points = envNumbers('BENCH_CPU_POINTS', [200, 500, 1000]);
  const updates = Math.round(envNumber('BENCH_CPU_UPDATES', 8));
  const bursts = envNumbers('BENCH_CPU_BURSTS', [1, 10, 50]);
  const tickMs = envNumber('BENCH_CPU_TICK_MS', 4);
  const runs = Math.max(1, Math.round(envNumber('BENCH_CPU_RUNS', 3)));
  const withFloor = envNumber('BENCH_CPU_FLOOR', 1) > 0;
  const rows: Record<string, string | number>[] = [];
  for (const connections of points) {
    const plan = planUpdates(Math.ceil(connections / PER_BOARD), updates);
    for (const burst of bursts) {
      const ratios: number[] = [];
      const floorRatios: number[] = [];
      const cpu: Record<ServerKind, number[]> = { journeyboard: [], reference: [], floor: [] };
      const undelivered: Record<ServerKind, number> = { journeyboard: 0, reference: 0, floor: 0 };
      for (let run = 0; run < runs; run++) {
        const compared: ServerKind[] = withFloor ? ['journeyboard', 'reference', 'floor'] : ['journeyboard', 'reference'];
        const order = run % 2 === 0 ? compared : [...compared].reverse();
        const pair: Partial<Record<ServerKind, number>> = {};
        for (const kind of order) {
          const result = await runOnce(kind, connections, plan, burst, tickMs);
          pair[kind] = result.cpuUsPerUpdate;
          cpu[kind].push(result.cpuUsPerUpdate);
          undelivered[kind] += result.undelivered;
        }
        ratios.push((pair.journeyboard ?? Number.NaN) / (pair.reference ?? Number.NaN));
        if (withFloor) floorRatios.push((pair.floor ?? Number.NaN) / (pair.reference ?? Number.NaN));
        const floorText = withFloor ? `, floor ${Math.round(pair.floor ?? 0)}` : '';
        process.stderr.write(
          `fanoutcpu ${connections} conn, burst ${burst}, pair ${run + 1}: JB ${Math.round(pair.journeyboard ?? 0)} µs/update, ref ${Math.round(pair.reference ?? 0)}${floorText}\n`,
        );
      }
      rows.push({
        connections,
        'updates per tick': burst,
        updates: plan.length,
        'CPU µs/update JB': Math.round(median(cpu.journeyboard)),
        'CPU µs/update ref': Math.round(median(cpu.reference)),
        'CPU ratio (median of pairs)': round2(median(ratios)),
        pairs: ratios.map(round2).join(' '),
        ...(withFloor
          ? { 'CPU µs/update floor': Math.round(median(cpu.floor)), 'floor/ref (median of runs)': round2(median(floorRatios)) }
          : {}),
        // Any here is a delivery fault: a client that misses a peer's update holds back all it receives after.
        'writers undelivered JB/ref/floor': `${undelivered.journeyboard}/${undelivered.reference}/${undelivered.floor}`,
      });
    }
  }
  report('fanoutcpu', benchCommand('fanoutcpu', VARIABLES), rows, { tickMs, perBoard: PER_BOARD, updatesPerClient: updates });
}
