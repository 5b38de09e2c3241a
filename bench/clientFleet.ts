/**
 * Load generator: many stock y-websocket clients (WebsocketProvider + Y.Doc) in one process,
 * driven by a benchmark over IPC (see lib/fleetProtocol.ts). Runs as a child process so its CPU
 * use never counts as the server's. Latency is measured here: the sender's performance.now()
 * travels in the record, and receivers are in this same process.
 *
 * A client writes its record as YKeyValue does (its old entry deleted, the new one pushed, in one
 * transaction) and reads what others wrote from the records array's own events. A YKeyValue per
 * client, reading the whole array and opening a transaction on every update it receives, was a
 * fifth of the generator's CPU, and the generator is what saturates first on a small machine;
 * the server sees the same updates either way. The remote editors of the browser benchmark
 * (`move`) build a YKeyValue, since they edit records they did not write.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import { DocLayout } from '../shared/src/docLayout.ts';
import { summarizeLatencies, type DriveResult, type FleetCommand, type FleetEvent, type FleetRoom, type LatencySummary } from './lib/fleetProtocol.ts';
import { noteRecord } from './lib/records.ts';

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  records: Y.Array<RecordEntry>;
  /** Built on first use, by the remote editors of the browser benchmark. */
  kv: YKeyValue<unknown> | undefined;
  roomSize: number;
  key: string;
  seq: number;
  nextSendAt: number;
  /** Highest sequence number received from each writer (by record id). */
  received: Map<string, number>;
}

class Samples {
  private values = new Float64Array(1 << 16);
  private length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  summary(): LatencySummary {
    return summarizeLatencies(this.all());
  }

  all(): number[] {
    return Array.from(this.values.subarray(0, this.length));
  }
}

interface RecordEntry {
  key: string;
  val: unknown;
}

function keyValueOf(client: Client): YKeyValue<unknown> {
  client.kv ??= new YKeyValue<unknown>(client.records);
  return client.kv;
}

// Every WebsocketProvider adds a process 'exit' listener.
process.setMaxListeners(0);

const clients: Client[] = [];
let disconnects = 0;
const closeCodes = new Map<number, number>();
let measuring: { from: number; to: number; latency: Samples; delivered: number; observed: number } | undefined;

function send(event: FleetEvent): void {
  process.send?.(event);
}

function connectOne(providerUrl: string, room: string, roomSize: number, index: number): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(providerUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Node has BroadcastChannel: without this, clients of one room in this process would
    // talk to each other directly instead of through the server.
    disableBc: true,
    maxBackoffTime: 1000,
  });
  const records = doc.getArray<RecordEntry>(DocLayout.records);
  const client: Client = { doc, provider, records, kv: undefined, roomSize, key: `shape:bench-${index.toString(36)}`, seq: 0, nextSendAt: 0, received: new Map() };
  provider.on('connection-close', (event: CloseEvent | null) => {
    disconnects += 1;
    const code = event?.code ?? 0;
    closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
  });
  records.observe((event, transaction) => {
    if (transaction.local || !measuring) return;
    const now = performance.now();
    for (const item of event.changes.added) {
      for (const entry of item.content.getContent() as RecordEntry[]) {
        const meta = (entry.val as { meta?: { t?: unknown; s?: unknown } } | undefined)?.meta;
        if (typeof meta?.s !== 'number' || typeof meta.t !== 'number') continue;
        const last = client.received.get(entry.key) ?? 0;
        if (meta.s <= last) continue;
        client.received.set(entry.key, meta.s);
        measuring.delivered += meta.s - last;
        measuring.observed += 1;
        if (meta.t >= measuring.from && meta.t < measuring.to) measuring.latency.push(now - meta.t);
      }
    }
  });
  return client;
}

async function connect(command: Extract<FleetCommand, { cmd: 'connect' }>): Promise<void> {
  const started = performance.now();
  const plan: { room: FleetRoom }[] = [];
  for (const room of command.rooms) for (let i = 0; i < room.clients; i++) plan.push({ room });
  for (let start = 0; start < plan.length; start += command.batch) {
    const batch = plan.slice(start, start + command.batch).map(({ room }) => {
      const client = connectOne(command.providerUrl, room.room, room.roomSize ?? room.clients, clients.length);
      clients.push(client);
      return client;
    });
    const deadline = performance.now() + command.timeoutMs;
    while (batch.some((client) => !client.provider.synced)) {
      if (performance.now() > deadline) throw new Error(`${batch.filter((c) => !c.provider.synced).length} clients did not sync in ${command.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  send({ ev: 'connected', clients: clients.length, ms: performance.now() - started });
}

function writeRecord(client: Client, now: number): void {
  client.seq += 1;
  const phase = client.seq / 10;
  const entry: RecordEntry = {
    key: client.key,
    val: noteRecord({
      id: client.key,
      x: Math.round(400 + 120 * Math.sin(phase)),
      y: Math.round(300 + 120 * Math.cos(phase)),
      index: 'a1',
      text: 'Dragging',
      meta: { t: Math.round(now * 1000) / 1000, s: client.seq },
    }),
  };
  client.doc.transact(() => {
    const previous = client.records.toArray().findIndex((existing) => existing.key === client.key);
    if (previous >= 0) client.records.delete(previous, 1);
    client.records.push([entry]);
  });
}

async function drive(command: Extract<FleetCommand, { cmd: 'drive' }>): Promise<void> {
  const period = 1000 / command.rate;
  const start = performance.now() + 50;
  clients.forEach((client, i) => {
    client.nextSendAt = start + (period * i) / clients.length;
    client.received.clear();
    client.seq = 0;
  });
  const measureFrom = start + command.warmupMs;
  const sendUntil = measureFrom + command.measureMs;
  measuring = { from: measureFrom, to: sendUntil, latency: new Samples(), delivered: 0, observed: 0 };
  const sendLag = new Samples();
  const disconnectsBefore = disconnects;
  closeCodes.clear();
  let updateBytes = 0;
  const first = clients[0];
  const measureUpdate = (update: Uint8Array): void => {
    updateBytes = update.byteLength;
  };
  first?.doc.on('update', measureUpdate);

  const debugLoop = process.env.BENCH_FLEET_DEBUG ? monitorEventLoopDelay({ resolution: 2 }) : undefined;
  debugLoop?.enable();
  let debugCpu = process.cpuUsage();
  let debugTicks = 0;
  let debugSent = 0;
  const debugTimer = debugLoop
    ? setInterval(() => {
        const cpu = process.cpuUsage(debugCpu);
        debugCpu = process.cpuUsage();
        process.stderr.write(
          `fleet: loop delay p99 ${(debugLoop.percentile(99) / 1e6).toFixed(1)} max ${(debugLoop.max / 1e6).toFixed(1)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms/s, ticks ${debugTicks}, sent ${clients.reduce((n, c) => n + c.seq, 0) - debugSent}, delivered ${measuring?.delivered ?? 0}\n`,
        );
        debugSent = clients.reduce((n, c) => n + c.seq, 0);
        debugTicks = 0;
        debugLoop.reset();
      }, 1000)
    : undefined;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      debugTicks += 1;
      const now = performance.now();
      if (now >= sendUntil) {
        clearInterval(timer);
        resolve();
        return;
      }
      for (const client of clients) {
        if (client.nextSendAt > now) continue;
        if (client.nextSendAt >= measureFrom) sendLag.push(now - client.nextSendAt);
        writeRecord(client, performance.now());
        client.nextSendAt += period;
        // A generator that fell far behind skips ahead instead of bursting.
        if (client.nextSendAt < now - 10 * period) client.nextSendAt = now;
      }
    }, 2);
  });
  first?.doc.off('update', measureUpdate);
  if (debugTimer) clearInterval(debugTimer);

  let sent = 0;
  let expected = 0;
  for (const client of clients) {
    sent += client.seq;
    expected += client.seq * (client.roomSize - 1);
  }
  const drainStart = performance.now();
  while (measuring.delivered < expected && performance.now() - drainStart < command.drainMs) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const result: DriveResult = {
    sent,
    expected,
    delivered: measuring.delivered,
    observed: measuring.observed,
    latency: measuring.latency.summary(),
    sendLag: sendLag.summary(),
    latencySamples: measuring.latency.all(),
    sendLagSamples: sendLag.all(),
    disconnects: disconnects - disconnectsBefore,
    closeCodes: Object.fromEntries(closeCodes),
    updateBytes,
    recordJsonBytes: JSON.stringify(first?.records.toArray().find((entry) => entry.key === first.key)?.val ?? {}).length,
    drainedMs: performance.now() - drainStart,
  };
  measuring = undefined;
  send({ ev: 'driven', result });
}

async function move(command: Extract<FleetCommand, { cmd: 'move' }>): Promise<void> {
  const period = 1000 / command.rate;
  const movers = command.recordIds.flatMap((id, i) => {
    const client = clients[i % clients.length];
    const base = client ? (keyValueOf(client).get(id) as { x: number; y: number } | undefined) : undefined;
    return client && base ? [{ client, id, base, step: 0 }] : [];
  });
  const missing = command.recordIds.filter((id) => !movers.some((m) => m.id === id));
  let sent = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() - started >= command.durationMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      for (const mover of movers) {
        mover.step += 1;
        const angle = mover.step / 8;
        keyValueOf(mover.client).set(mover.id, { ...mover.base, x: mover.base.x + 60 * Math.sin(angle), y: mover.base.y + 60 * Math.cos(angle) });
        sent += 1;
      }
    }, period);
  });
  send({ ev: 'moved', sent, missing });
}

function close(): void {
  for (const client of clients) {
    client.provider.destroy();
    client.doc.destroy();
  }
  setTimeout(() => process.exit(0), 100);
}

process.on('message', (message: unknown) => {
  const command = message as FleetCommand;
  const run = async (): Promise<void> => {
    switch (command.cmd) {
      case 'connect':
        return connect(command);
      case 'drive':
        return drive(command);
      case 'move':
        return move(command);
      case 'close':
        return close();
    }
  };
  run().catch((error: unknown) => send({ ev: 'error', message: error instanceof Error ? error.message : String(error) }));
});
process.on('disconnect', () => process.exit(0));
