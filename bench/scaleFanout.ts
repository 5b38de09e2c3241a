/**
 * Scale-out fan-out: `source .ci/services && npm run bench -- scalefanout`.
 *
 * One board, P stock y-websocket clients (one load-generator process) each writing its own
 * ~300-byte note record U times a second. Every run uses PostgreSQL and Redis (a fresh
 * database per run) and compares, in the same invocation, alternating which goes first:
 *   - one instance: every client on the same server;
 *   - two instances: half the clients on each server, so every update reaches half its
 *     receivers through PostgreSQL (durable append) + Redis + the other instance.
 * Measured at receivers: delivery ratio and send-to-receive latency (p50/p95/p99/max);
 * from outside: the servers' CPU (summed over instances).
 *
 * Settings (env): BENCH_SCALE_PEOPLE (default 20), BENCH_SCALE_RATE updates/s per client
 * (default 2), BENCH_SCALE_RUNS (default 3; medians are reported), BENCH_SCALE_MEASURE_MS
 * (default 6000, after BENCH_SCALE_WARMUP_MS 2000). Needs DATABASE_URL and REDIS_URL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { benchCommand, envNumber, round1, round2 } from './lib/env.ts';
import { startFleet } from './lib/fleet.ts';
import type { DriveResult } from './lib/fleetProtocol.ts';
import { ProcSampler, waitForQuietMachine } from './lib/proc.ts';
import { assertRecordsValid } from './lib/records.ts';
import { createBoards, startJourneyboard, type BenchServer } from './lib/servers.ts';
import { median } from './machine.ts';
import { report } from './results.ts';

const VARIABLES = ['BENCH_SCALE_PEOPLE', 'BENCH_SCALE_RATE', 'BENCH_SCALE_RUNS', 'BENCH_SCALE_MEASURE_MS', 'BENCH_SCALE_WARMUP_MS'];

type Layout = 'one instance' | 'two instances';

/** A generator more than this late (p99) was starved of CPU: its latencies say little about the servers. */
const GENERATOR_LAG_LIMIT_MS = 50;

interface RunResult {
  layout: Layout;
  drive: DriveResult;
  serverCpuPercent: number;
}

async function withDatabase<T>(adminUrl: string, body: (url: string) => Promise<T>): Promise<T> {
  const name = `jb_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await body(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function runOnce(
  layout: Layout,
  services: { databaseUrl: string; redisUrl: string },
  settings: { people: number; rate: number; warmupMs: number; measureMs: number },
): Promise<RunResult> {
  return withDatabase(services.databaseUrl, async (databaseUrl) => {
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: services.redisUrl };
    const servers: BenchServer[] = [await startJourneyboard({ env })];
    if (layout === 'two instances') servers.push(await startJourneyboard({ env }));
    const fleet = startFleet();
    try {
      const [board] = await createBoards(servers[0] as BenchServer, 1, 'Scale-out fan-out');
      if (!board) throw new Error('no board');
      const share = Math.ceil(settings.people / servers.length);
      let remaining = settings.people;
      for (const server of servers) {
        const clients = Math.min(share, remaining);
        remaining -= clients;
        await fleet.connect(server.providerUrl, [{ room: board, clients, roomSize: settings.people }]);
      }
      await waitForQuietMachine();
      const samplers = servers.map((server) => new ProcSampler(server.pid));
      const driving = fleet.drive({ rate: settings.rate, warmupMs: settings.warmupMs, measureMs: settings.measureMs, drainMs: 10_000 });
      const windowStart = setTimeout(() => {
        for (const sampler of samplers) sampler.start();
      }, settings.warmupMs + 50);
      let cpu: number | undefined;
      const windowEnd = setTimeout(() => {
        cpu = samplers.reduce((sum, sampler) => sum + sampler.stop().cpuPercent, 0);
      }, settings.warmupMs + 50 + settings.measureMs);
      // Summaries are enough here; the raw samples exist for merging several generators.
      const drive = { ...(await driving), latencySamples: [], sendLagSamples: [] };
      clearTimeout(windowStart);
      clearTimeout(windowEnd);
      cpu ??= samplers.reduce((sum, sampler) => sum + sampler.stop().cpuPercent, 0);
      return { layout, drive, serverCpuPercent: cpu };
    } finally {
      await fleet.close();
      for (const server of servers) await server.stop();
    }
  });
}

export async function runScaleFanoutBench(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    console.log('\n## scalefanout\nskipped: needs DATABASE_URL and REDIS_URL. Run `source .ci/services` first (starts PostgreSQL and Redis on loopback).');
    return;
  }
  assertRecordsValid();
  const settings = {
    people: Math.max(2, Math.round(envNumber('BENCH_SCALE_PEOPLE', 20))),
    rate: envNumber('BENCH_SCALE_RATE', 2),
    warmupMs: envNumber('BENCH_SCALE_WARMUP_MS', 2000),
    measureMs: envNumber('BENCH_SCALE_MEASURE_MS', 6000),
  };
  const runs = Math.max(1, Math.round(envNumber('BENCH_SCALE_RUNS', 3)));
  const results: Record<Layout, RunResult[]> = { 'one instance': [], 'two instances': [] };
  for (let run = 0; run < runs; run += 1) {
    const order: Layout[] = run % 2 === 0 ? ['one instance', 'two instances'] : ['two instances', 'one instance'];
    for (const layout of order) {
      const result = await runOnce(layout, { databaseUrl, redisUrl }, settings);
      results[layout].push(result);
      const delivered = result.drive.expected === 0 ? 100 : (result.drive.delivered / result.drive.expected) * 100;
      process.stderr.write(
        `scalefanout ${layout} run ${run + 1}: delivered ${round2(delivered)}%, p50 ${round1(result.drive.latency.p50)} ms, p99 ${round1(result.drive.latency.p99)} ms\n`,
      );
    }
  }
  const rows = (['one instance', 'two instances'] as const).map((layout) => {
    const list = results[layout];
    const med = (pick: (r: RunResult) => number): number => round1(median(list.map(pick)));
    return {
      layout,
      board: `1 board x ${settings.people} people`,
      'delivered % (worst run)': round2(Math.min(...list.map((r) => (r.drive.expected === 0 ? 100 : (r.drive.delivered / r.drive.expected) * 100)))),
      'p50 ms': med((r) => r.drive.latency.p50),
      'p95 ms': med((r) => r.drive.latency.p95),
      'p99 ms': med((r) => r.drive.latency.p99),
      'max ms': med((r) => r.drive.latency.max),
      'servers CPU %': med((r) => r.serverCpuPercent),
      'gen lag p99 ms': med((r) => r.drive.sendLag.p99),
      valid: median(list.map((r) => r.drive.sendLag.p99)) > GENERATOR_LAG_LIMIT_MS ? 'NO: generator behind (busy machine)' : 'yes',
    };
  });
  console.log(
    `\nscale-out fan-out: PostgreSQL + Redis, ${settings.rate} updates/s per client, ${settings.warmupMs} ms warm-up + ${settings.measureMs} ms measured, median of ${runs} runs (2 cores = 200%).`,
  );
  report('scalefanout', benchCommand('scalefanout', VARIABLES), rows, { settings, runs: results });
}
