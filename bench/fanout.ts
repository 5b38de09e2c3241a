/**
 * Sync fan-out: `npm run bench -- fanout`.
 *
 * R boards x C stock y-websocket clients (one load-generator process), each client writing
 * its own ~300-byte note record U times a second, as during a drag. Measured at receivers:
 * delivery ratio and send-to-receive latency; measured from outside the server process
 * (/proc): its CPU and RSS. Every point runs against Journeyboard (durable SQLite append
 * before broadcast) and against the y-websocket reference server (memory only) in the same
 * run, alternating which goes first; a fresh server process for each run.
 *
 * The load generator is the limit on a small machine: a stock client spends ~0.1 ms of CPU per
 * update it receives (apply, re-encode for its 'update' listeners, YKeyValue), and at 1,000
 * connections with 10 per board every update is received 9 times; so the default rate is low
 * enough for one generator process to keep up at 1,000 connections on 2 cores, and every row
 * says whether the generator kept its schedule ('gen lag p99'; rows where it did not are marked).
 *
 * Each run of one server is paired with the run of the other next to it (pair i: run i of both, the
 * order alternating), and every pair prints both servers' CPU per relayed update and p99 with their
 * ratios (ours / reference); per point, the median ratio over the pairs. A pair taken while the rest
 * of the machine used more than LOADED_OTHERS_PERCENT of a core (other engineers' tests, say) is
 * marked loaded, and the medians are also given without such pairs.
 *
 * Settings (env): BENCH_FANOUT_RATE updates/s per client (default 0.5), BENCH_FANOUT_POINTS
 * connections per point (default 200,500,1000; 10 per board), BENCH_FANOUT_BOARD_PEOPLE
 * (default 50; one board, 0 = skip), BENCH_FANOUT_RUNS (default 6 alternating pairs; medians are reported),
 * BENCH_FANOUT_MEASURE_MS (default 6000, after BENCH_FANOUT_WARMUP_MS 2000),
 * BENCH_FANOUT_PROFILE=0 to skip the extra profiled Journeyboard run at 500 connections,
 * BENCH_FANOUT_GENERATORS (default 1) load-generator processes, boards dealt out among them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchCommand, envNumber, envNumbers, mb, round1, round2 } from './lib/env.ts';
import { startFleet } from './lib/fleet.ts';
import { mergeDriveResults, type DriveResult } from './lib/fleetProtocol.ts';
import { MachineSampler, ProcSampler, waitForQuietMachine, type ProcWindow } from './lib/proc.ts';
import { printProfile, summarizeProfile } from './lib/profile.ts';
import type { ProbeLoop } from './lib/serverProbe.ts';
import { assertRecordsValid } from './lib/records.ts';
import { ROOT, createBoards, startServerOf, type ServerKind } from './lib/servers.ts';
import { median } from './machine.ts';
import { report } from './results.ts';

const VARIABLES = [
  'BENCH_FANOUT_RATE',
  'BENCH_FANOUT_POINTS',
  'BENCH_FANOUT_BOARD_PEOPLE',
  'BENCH_FANOUT_RUNS',
  'BENCH_FANOUT_MEASURE_MS',
  'BENCH_FANOUT_WARMUP_MS',
  'BENCH_FANOUT_PROFILE',
  'BENCH_FANOUT_GENERATORS',
];

/** A generator more than this late (p99) was saturated: its latencies say little about the server. */
const GENERATOR_LAG_LIMIT_MS = 50;
/** CPU of everything but the two processes measured above which a run counts as taken on a loaded machine (% of one core). */
const LOADED_OTHERS_PERCENT = 30;

interface Point {
  label: string;
  boards: number;
  perBoard: number;
}

interface RunResult {
  kind: ServerKind;
  drive: DriveResult;
  server: ProcWindow;
  generator: ProcWindow;
  /** CPU used by everything else on the machine during the window (% of one core). */
  othersPercent: number;
  /** The server's own event loop in the window: its stalls delay every message it relays. */
  loop: ProbeLoop;
  connectMs: number;
}

interface Settings {
  rate: number;
  warmupMs: number;
  measureMs: number;
  /** Load-generator processes; each drives whole boards, so sender and receivers share a clock. */
  generators: number;
}

async function runOnce(kind: ServerKind, point: Point, settings: Settings, profilePath?: string): Promise<RunResult> {
  const server = await startServerOf(kind);
  const fleets = Array.from({ length: Math.max(1, Math.min(settings.generators, point.boards)) }, () => startFleet());
  try {
    const boards = await createBoards(server, point.boards, 'Fan-out');
    const started = performance.now();
    await Promise.all(
      fleets.map((fleet, g) =>
        fleet.connect(
          server.providerUrl,
          boards.filter((_, index) => index % fleets.length === g).map((room) => ({ room, clients: point.perBoard })),
        ),
      ),
    );
    const connected = { ms: performance.now() - started };
    await waitForQuietMachine();
    const serverSampler = new ProcSampler(server.pid);
    const generatorSamplers = fleets.map((fleet) => new ProcSampler(fleet.pid));
    const machineSampler = new MachineSampler();
    let machinePercent: number | undefined;
    let serverWindow: ProcWindow | undefined;
    let generatorWindow: ProcWindow | undefined;
    let profiling: Promise<void> | undefined;
    let watchingLoop: Promise<void> | undefined;
    let loopSeen: Promise<ProbeLoop> | undefined;
    const stopGenerators = (): ProcWindow => combineWindows(generatorSamplers.map((sampler) => sampler.stop()));
    const stopWatchingLoop = (): Promise<ProbeLoop> => (watchingLoop ?? server.loopStart()).then(() => server.loopStop());
    const driving = Promise.all(fleets.map((fleet) => fleet.drive({ rate: settings.rate, warmupMs: settings.warmupMs, measureMs: settings.measureMs, drainMs: 10_000 })));
    // The measured window starts after the warm-up (the fleet starts sending ~50 ms after the command).
    const windowStart = setTimeout(() => {
      serverSampler.start();
      for (const sampler of generatorSamplers) sampler.start();
      machineSampler.start();
      watchingLoop = server.loopStart();
      if (profilePath) profiling = server.profileStart();
    }, settings.warmupMs + 50);
    const windowEnd = setTimeout(() => {
      machinePercent = machineSampler.stop();
      serverWindow = serverSampler.stop();
      generatorWindow = stopGenerators();
      loopSeen = stopWatchingLoop();
      if (profilePath && profiling) profiling = profiling.then(() => server.profileStop(profilePath));
    }, settings.warmupMs + 50 + settings.measureMs);
    // The raw samples were only needed for merging; the results file keeps the summaries.
    const drive = { ...mergeDriveResults(await driving), latencySamples: [], sendLagSamples: [] };
    clearTimeout(windowStart);
    clearTimeout(windowEnd);
    machinePercent ??= machineSampler.stop();
    serverWindow ??= serverSampler.stop();
    generatorWindow ??= stopGenerators();
    await profiling;
    const loop = await (loopSeen ?? stopWatchingLoop());
    const othersPercent = Math.max(0, machinePercent - serverWindow.cpuPercent - generatorWindow.cpuPercent);
    return { kind, drive, server: serverWindow, generator: generatorWindow, othersPercent, loop, connectMs: connected.ms };
  } finally {
    await Promise.all(fleets.map((fleet) => fleet.close()));
    await server.stop();
  }
}

/** Server CPU per update the clients sent, in µs: what relaying one update cost the server. */
function cpuPerUpdateUs(result: RunResult, settings: Settings): number {
  const rate = updatesPerSecond(result, settings);
  return rate > 0 ? ((result.server.cpuPercent / 100) * 1e6) / rate : Number.NaN;
}

/** The server's write system calls per update received: the floor is one per receiver. */
function writesPerUpdate(result: RunResult, settings: Settings): number {
  const rate = updatesPerSecond(result, settings);
  return rate > 0 && result.server.seconds > 0 ? result.server.writeCalls / (rate * result.server.seconds) : Number.NaN;
}

function updatesPerSecond(result: RunResult, settings: Settings): number {
  return result.drive.sent / ((settings.warmupMs + settings.measureMs) / 1000);
}

/** One row per alternating pair of a point, then the medians of the ratios (all pairs, and unloaded ones). */
function comparePairs(label: string, results: Record<Exclude<ServerKind, 'floor'>, RunResult[]>, settings: Settings): Record<string, string | number>[] {
  const pairs = results.journeyboard.flatMap((ours, index) => {
    const reference = results.reference[index];
    if (!reference) return [];
    const ourCpu = cpuPerUpdateUs(ours, settings);
    const referenceCpu = cpuPerUpdateUs(reference, settings);
    return [
      {
        run: index + 1,
        first: index % 2 === 0 ? 'journeyboard' : 'reference',
        ourCpu,
        referenceCpu,
        cpuRatio: ourCpu / referenceCpu,
        ourP99: ours.drive.latency.p99,
        referenceP99: reference.drive.latency.p99,
        p99Ratio: ours.drive.latency.p99 / reference.drive.latency.p99,
        othersPercent: Math.max(ours.othersPercent, reference.othersPercent),
        delivered: Math.min(deliveryPercent(ours.drive), deliveryPercent(reference.drive)),
      },
    ];
  });
  const rows: Record<string, string | number>[] = pairs.map((pair) => ({
    point: label,
    pair: pair.run,
    first: pair.first,
    'CPU µs/update JB': Math.round(pair.ourCpu),
    'CPU µs/update ref': Math.round(pair.referenceCpu),
    'CPU ratio': round2(pair.cpuRatio),
    'p99 ms JB': round1(pair.ourP99),
    'p99 ms ref': round1(pair.referenceP99),
    'p99 ratio': round2(pair.p99Ratio),
    'delivered % (lower)': round2(pair.delivered),
    'other CPU % (higher)': round1(pair.othersPercent),
    loaded: pair.othersPercent > LOADED_OTHERS_PERCENT ? 'LOADED' : '',
  }));
  const quiet = pairs.filter((pair) => pair.othersPercent <= LOADED_OTHERS_PERCENT);
  const summary = (name: string, chosen: typeof pairs): Record<string, string | number> => ({
    point: label,
    pair: `${name} (${chosen.length})`,
    'CPU µs/update JB': Math.round(median(chosen.map((p) => p.ourCpu))),
    'CPU µs/update ref': Math.round(median(chosen.map((p) => p.referenceCpu))),
    'CPU ratio': round2(median(chosen.map((p) => p.cpuRatio))),
    'p99 ms JB': round1(median(chosen.map((p) => p.ourP99))),
    'p99 ms ref': round1(median(chosen.map((p) => p.referenceP99))),
    'p99 ratio': round2(median(chosen.map((p) => p.p99Ratio))),
  });
  rows.push(summary('median, all pairs', pairs));
  if (quiet.length > 0 && quiet.length < pairs.length) rows.push(summary('median, unloaded pairs', quiet));
  return rows;
}

/** Several generator processes as one: CPU adds up, RSS is the largest. */
function combineWindows(windows: ProcWindow[]): ProcWindow {
  const [first] = windows;
  if (!first || windows.length === 1) return first ?? { cpuPercent: 0, systemCpuPercent: 0, rssEndBytes: 0, rssMaxBytes: 0, seconds: 0, writeCalls: 0 };
  return {
    cpuPercent: windows.reduce((sum, w) => sum + w.cpuPercent, 0),
    systemCpuPercent: windows.reduce((sum, w) => sum + w.systemCpuPercent, 0),
    rssEndBytes: Math.max(...windows.map((w) => w.rssEndBytes)),
    rssMaxBytes: Math.max(...windows.map((w) => w.rssMaxBytes)),
    seconds: first.seconds,
    writeCalls: windows.reduce((sum, w) => sum + w.writeCalls, 0),
  };
}

function deliveryPercent(drive: DriveResult): number {
  return drive.expected === 0 ? 100 : (drive.delivered / drive.expected) * 100;
}

export async function runFanoutBench(): Promise<void> {
  assertRecordsValid();
  const rate = envNumber('BENCH_FANOUT_RATE', 0.5);
  const runs = Math.max(1, Math.round(envNumber('BENCH_FANOUT_RUNS', 6)));
  const warmupMs = envNumber('BENCH_FANOUT_WARMUP_MS', 2000);
  const measureMs = envNumber('BENCH_FANOUT_MEASURE_MS', 6000);
  const people = Math.round(envNumber('BENCH_FANOUT_BOARD_PEOPLE', 50));
  const points: Point[] = envNumbers('BENCH_FANOUT_POINTS', [200, 500, 1000]).map((connections) => ({
    label: `${connections} conn (${Math.ceil(connections / 10)} boards x 10)`,
    boards: Math.ceil(connections / 10),
    perBoard: 10,
  }));
  if (people > 0) points.push({ label: `1 board x ${people} people`, boards: 1, perBoard: people });
  const settings: Settings = { rate, warmupMs, measureMs, generators: Math.max(1, Math.round(envNumber('BENCH_FANOUT_GENERATORS', 1))) };

  const rows: Record<string, string | number>[] = [];
  const pairRows: Record<string, string | number>[] = [];
  const allRuns: { point: string; run: number; result: RunResult }[] = [];
  const p99ByPoint = new Map<string, number>();
  for (const point of points) {
    const results: Record<Exclude<ServerKind, 'floor'>, RunResult[]> = { journeyboard: [], reference: [] };
    for (let run = 0; run < runs; run++) {
      const order: Exclude<ServerKind, 'floor'>[] = run % 2 === 0 ? ['journeyboard', 'reference'] : ['reference', 'journeyboard'];
      for (const kind of order) {
        const result = await runOnce(kind, point, settings);
        results[kind].push(result);
        allRuns.push({ point: point.label, run: run + 1, result });
        process.stderr.write(
          `fanout ${point.label} ${kind} run ${run + 1}: delivered ${round2(deliveryPercent(result.drive))}%, p99 ${round1(result.drive.latency.p99)} ms, server CPU ${round1(result.server.cpuPercent)}% (kernel ${round1(result.server.systemCpuPercent)}%; ${Math.round(cpuPerUpdateUs(result, settings))} µs/update, ${round1(writesPerUpdate(result, settings))} writes/update), others ${round1(result.othersPercent)}%` +
            `${result.drive.disconnects > 0 ? `, ${result.drive.disconnects} disconnects (close codes ${JSON.stringify(result.drive.closeCodes)})` : ''}\n`,
        );
      }
    }
    for (const kind of ['journeyboard', 'reference'] as const) {
      const list = results[kind];
      const med = (pick: (r: RunResult) => number): number => round1(median(list.map(pick)));
      const p99 = median(list.map((r) => r.drive.latency.p99));
      if (kind === 'journeyboard') p99ByPoint.set(point.label, p99);
      rows.push({
        point: point.label,
        server: kind,
        'upd/s in': Math.round(median(list.map((r) => updatesPerSecond(r, settings)))),
        'delivered % (worst run)': round2(Math.min(...list.map((r) => deliveryPercent(r.drive)))),
        'p50 ms': med((r) => r.drive.latency.p50),
        'p95 ms': med((r) => r.drive.latency.p95),
        'p99 ms': round1(p99),
        'max ms': med((r) => r.drive.latency.max),
        'server CPU %': med((r) => r.server.cpuPercent),
        // Steadier than p99 from run to run, and what p99 follows: updates arrive in bursts
        // (the generator shares the cores), and the last of a burst waits for all before it.
        'server CPU µs/update': Math.round(median(list.map((r) => cpuPerUpdateUs(r, settings)))),
        'server writes/update': med((r) => writesPerUpdate(r, settings)),
        'server RSS MB': mb(median(list.map((r) => r.server.rssMaxBytes))),
        'server loop delay p99 ms': med((r) => r.loop.delayP99Ms),
        'server loop max ms': med((r) => r.loop.delayMaxMs),
        'server GC max ms': med((r) => r.loop.gcMaxMs),
        'gen CPU %': med((r) => r.generator.cpuPercent),
        'gen lag p99 ms': med((r) => r.drive.sendLag.p99),
        'other CPU %': med((r) => r.othersPercent),
        valid: median(list.map((r) => r.drive.sendLag.p99)) > GENERATOR_LAG_LIMIT_MS ? 'NO: generator behind' : 'yes',
      });
    }
    const journeyboardP99 = median(results.journeyboard.map((r) => r.drive.latency.p99));
    const referenceP99 = median(results.reference.map((r) => r.drive.latency.p99));
    const ratio = referenceP99 > 0 ? journeyboardP99 / referenceP99 : Number.NaN;
    rows.push({ point: point.label, server: 'p99 ratio JB/ref', 'p99 ms': round2(ratio) });
    pairRows.push(...comparePairs(point.label, results, settings));
  }
  const first = allRuns[0]?.result.drive;
  const p99At100 = p99ByPoint.get(points.find((p) => p.boards * p.perBoard === 100)?.label ?? '');
  const p99At1000 = p99ByPoint.get(points.find((p) => p.boards * p.perBoard === 1000)?.label ?? '');
  const command = benchCommand('fanout', VARIABLES);
  console.log(
    `\nfan-out: ${rate} updates/s per client, update ${first?.updateBytes ?? '?'} bytes on the wire (record JSON ${first?.recordJsonBytes ?? '?'} bytes), ` +
      `${warmupMs} ms warm-up + ${measureMs} ms measured, median of ${runs} runs; gen = the load-generator process, other = everything else on the machine (2 cores = 200%).`,
  );
  if (p99At100 !== undefined && p99At1000 !== undefined) {
    console.log(`Journeyboard p99 at 1,000 connections / p99 at 100: ${round2(p99At1000 / p99At100)} (target < 2)`);
  }
  report('fanout', command, rows, { settings, points, runs: allRuns, pairs: pairRows });
  console.log(
    `\nfan-out pairs: run i of each server, alternating which went first; ratio = Journeyboard / reference (target <= 0.8 for both); ` +
      `loaded = something else used more than ${LOADED_OTHERS_PERCENT}% of a core during either run of the pair.`,
  );
  console.table(pairRows);

  if (envNumber('BENCH_FANOUT_PROFILE', 1) > 0) {
    const point = points.find((p) => p.boards * p.perBoard === 500) ?? points[0];
    if (point) {
      const dir = join(ROOT, 'bench/results/profiles');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, 'fanout-journeyboard.cpuprofile');
      const profiled = await runOnce('journeyboard', point, settings, path);
      printProfile(
        `Journeyboard server CPU profile, ${point.label}, extra run (not in the table; p99 ${round1(profiled.drive.latency.p99)} ms under the profiler), ${path}`,
        summarizeProfile(path),
      );
    }
  }
}
