/**
 * Cold load: `npm run bench -- coldload`.
 *
 * Boards of 1,000 / 10,000 / 50,000 shapes (workshop layout: journey maps, cards in cells
 * and beside them), written through the server by a stock client and compacted (as a board
 * at rest is), then loaded while nothing else is in memory: the server's load time (its
 * 'loaded board' log: SQLite read, ready to answer a fresh join with the stored snapshot), the
 * server's decode of its own copy (its 'decoded board' log, which follows), when it is ready to check and
 * apply the first edit (loaded + decoded + guards built: the "served and ready"), a fresh client's connect-to-synced time
 * (and to its records map), and the server heap and RSS the loaded board takes (after GC), also once
 * the server let go of its encoded copy for newcomers (ROOM_FULL_STATE_CACHE_MS, 1 s here).
 * Median of 3 timed loads per size, and of 3 more that read memory (see below). Settings: BENCH_COLDLOAD_SHAPES (default 1000,10000,50000),
 * BENCH_COLDLOAD_RUNS (default 3), BENCH_COLDLOAD_PROFILE=0 to skip one extra profiled
 * load of the 10,000-shape board.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchCommand, envNumber, envNumbers, kb, mb, round1 } from './lib/env.ts';
import { coldLoad, isLog, type ColdLoad } from './lib/load.ts';
import { assertRecordsValid, workshopBoard } from './lib/records.ts';
import { readProcSample } from './lib/proc.ts';
import { printProfile, summarizeProfile } from './lib/profile.ts';
import { GENERATION_LIMITS, ROOT, createBoards, startJourneyboard } from './lib/servers.ts';
import { storedSize } from './lib/storedSize.ts';
import { connectClient, writeRecords } from './lib/yclient.ts';
import type { ProbeMemory } from './lib/serverProbe.ts';
import { median } from './machine.ts';
import { report } from './results.ts';

export async function runColdLoadBench(): Promise<void> {
  assertRecordsValid();
  const sizes = envNumbers('BENCH_COLDLOAD_SHAPES', [1_000, 10_000, 50_000]);
  const runs = Math.max(1, Math.round(envNumber('BENCH_COLDLOAD_RUNS', 3)));
  const rows: Record<string, string | number>[] = [];
  const details: { shapes: number; loads: ColdLoad[]; memoryLoads: ColdLoad[] }[] = [];
  // One extra, profiled load of the 10,000-shape board (the size with a target): BENCH_COLDLOAD_PROFILE=0 skips it.
  const profiledSize = envNumber('BENCH_COLDLOAD_PROFILE', 1) > 0 ? sizes.find((s) => s === 10_000) : undefined;
  let profileNote: (() => void) | undefined;
  for (const shapes of sizes) {
    let firstLoadRss = Number.NaN;
    // The encoded copy for newcomers is let go of after 1 s here (10 s by default), so memory is also read without it.
    const server = await startJourneyboard({ env: { ...GENERATION_LIMITS, LOG_LEVEL: 'debug', ROOM_IDLE_UNLOAD_MS: '200', ROOM_FULL_STATE_CACHE_MS: '1000' } });
    try {
      const [boardId] = await createBoards(server, 1, `Cold load ${shapes}`);
      if (!boardId) throw new Error('no board');
      const records = workshopBoard(shapes);
      const seeder = connectClient(server.providerUrl, boardId);
      await seeder.synced;
      const logsAtSeed = server.logLines().length;
      const updateBytes = await writeRecords(seeder, records);
      seeder.destroy();
      // Unloading compacts: the board is then stored as one snapshot, like any board at rest.
      await server.waitForLog(isLog('unloaded idle board', boardId), { after: logsAtSeed, timeoutMs: 120_000 });
      const stored = storedSize(server.dataDir ?? '', boardId);

      // Timed loads first: reading memory forces full GCs, after which V8's heap starts small and the
      // next decodes of this process took 1.5-2x as long (64 -> 146 ms at 10,000 shapes), which no
      // server sees in use. So memory is read in loads of its own, after the timed ones.
      const rssBefore = readProcSample(server.pid)?.rssBytes ?? Number.NaN;
      const loads: ColdLoad[] = [];
      for (let run = 0; run < runs; run++) {
        const load = await coldLoad(server, boardId);
        if (load.records !== records.length) throw new Error(`cold load of ${shapes} shapes delivered ${load.records} of ${records.length} records`);
        loads.push(load);
        // Only the first load's RSS says anything: freed heap stays resident afterwards.
        if (run === 0) firstLoadRss = (load.rssLoaded ?? Number.NaN) - rssBefore;
      }
      const memoryLoads: ColdLoad[] = [];
      for (let run = 0; run < runs; run++) memoryLoads.push(await coldLoad(server, boardId, { memory: true }));
      details.push({ shapes, loads, memoryLoads });
      if (shapes === profiledSize) {
        const dir = join(ROOT, 'bench/results/profiles');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, `coldload-${shapes}.cpuprofile`);
        const profiled = await coldLoad(server, boardId, { profilePath: path });
        profileNote = () =>
          printProfile(`Journeyboard server CPU profile of one more cold load of ${shapes} shapes (${profiled.serverLoadMs} ms under the profiler), ${path}`, summarizeProfile(path));
      }
      const heapDelta = (after: ProbeMemory | undefined, before: ProbeMemory | undefined): number =>
        after && before ? after.heapUsed + after.external - (before.heapUsed + before.external) : Number.NaN;
      const heapDeltas = memoryLoads.map((l) => heapDelta(l.memoryLoaded, l.memoryBefore));
      const restDeltas = memoryLoads.map((l) => heapDelta(l.memoryAtRest, l.memoryBefore));
      rows.push({
        shapes,
        // The snapshot is what a board at rest loads from; rows it holds already stay beside it until the next compaction.
        'snapshot KB': kb(stored.snapshotBytes),
        'stored KB': kb(stored.snapshotBytes + stored.logBytes),
        'written KB': kb(updateBytes),
        'server load ms': round1(median(loads.map((l) => l.serverLoadMs))),
        'server decode ms': round1(median(loads.map((l) => l.serverDecodeMs))),
        'server ready ms': round1(median(loads.map((l) => l.serverReadyMs))),
        'client synced ms': round1(median(loads.map((l) => l.clientSyncedMs))),
        'client records ms': round1(median(loads.map((l) => l.clientRecordsMs))),
        'server heap+ext MB/board': mb(median(heapDeltas)),
        'at rest MB': mb(median(restDeltas)),
        'server RSS MB (1st load)': mb(firstLoadRss),
        'heap x snapshot': round1(median(heapDeltas) / Math.max(1, stored.snapshotBytes)),
        'at rest x snapshot': round1(median(restDeltas) / Math.max(1, stored.snapshotBytes)),
      });
      process.stderr.write(`coldload ${shapes}: server ${loads.map((l) => l.serverLoadMs).join('/')} ms (decode ${loads.map((l) => l.serverDecodeMs).join('/')} ms, ready ${loads.map((l) => l.serverReadyMs).join('/')} ms), client ${loads.map((l) => round1(l.clientSyncedMs)).join('/')} ms\n`);
    } finally {
      await server.stop();
    }
  }
  console.log(
    `\ncold load: median of ${runs} timed loads; memory = server heap+external with the board loaded minus before, after GC, median of ${runs} further loads; at rest = the same once the encoded copy for newcomers was let go of; RSS = resident growth of the first timed load.`,
  );
  report('coldload', benchCommand('coldload', ['BENCH_COLDLOAD_SHAPES', 'BENCH_COLDLOAD_RUNS', 'BENCH_COLDLOAD_PROFILE']), rows, details);
  profileNote?.();
}
