/**
 * Hostile imports: `npm run bench -- importload`.
 *
 * Sends hostile tables to POST /api/boards/:id/import, a few at a time, while a prober asks
 * /healthz every 20 ms (one request at a time), and reports the liveness answer times during
 * the hostile imports, during good imports (writing their cards to the board is work on the
 * event loop), and on a quiet server (same prober, up to 10 s). The files, built
 * at run time: a sheet with one cell in XFD1 and BENCH_IMPORTLOAD_ROWS rows in column A
 * (default 2000); a 1 MiB workbook that unpacks to a gigabyte, once with honest and once
 * with lying part sizes; a merged range and a defined name each covering the whole sheet;
 * then 5,000 good cards for comparison. Each is sent BENCH_IMPORTLOAD_ROUNDS times (default 3),
 * BENCH_IMPORTLOAD_PARALLEL at once (default 4). An import that has not answered after
 * BENCH_IMPORTLOAD_TIMEOUT_MS (default 60000) is abandoned (code before the limits stalls).
 */
import { benchCommand, envNumber, round1, sleep } from './lib/env.ts';
import type { ProbeLoop } from './lib/serverProbe.ts';
import { createBoards, startJourneyboard, type BenchServer } from './lib/servers.ts';
import { median, percentile } from './machine.ts';
import { report } from './results.ts';
import { deflatedPart, rebuiltWorkbook, spacesBomb, workbookOf } from '../tests/support/zipArchive.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['stage', 'lane', 'text'];
const PROBE_INTERVAL_MS = 20;
const GIB = 1024 * 1024 * 1024;

interface HostileFile {
  name: string;
  body: Buffer;
  /** Good files are sent after the hostile ones, for comparison. */
  hostile: boolean;
}

async function hostileFiles(rows: number): Promise<HostileFile[]> {
  const cards = (n: number): string[][] => Array.from({ length: n }, (_, i) => [`Stage ${i % 20}`, `Lane ${i % 8}`, `Card ${i + 1}`]);
  const small = await workbookOf([HEADER, ...cards(3)]);
  const farRight = await workbookOf([HEADER, ...Array.from({ length: rows - 1 }, (_, i) => [`a${i + 2}`])], { XFD1: 'x' });
  const mergedSheet = rebuiltWorkbook(small, (parts) => [
    deflatedPart('xl/worksheets/sheet1.xml', String(parts.get('xl/worksheets/sheet1.xml')).replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A5:XFD1048576"/></mergeCells>')),
  ]);
  const namedSheet = rebuiltWorkbook(small, (parts) => [
    deflatedPart(
      'xl/workbook.xml',
      String(parts.get('xl/workbook.xml')).replace(/<definedNames\/>|<\/sheets>/, '</sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Journey!$A$1:$XFD$1048576</definedName></definedNames>'),
    ),
  ]);
  return [
    { name: `XFD1 + ${rows} rows`, body: farRight, hostile: true },
    { name: '1 GiB bomb (declared)', body: rebuiltWorkbook(small, () => [spacesBomb('xl/sharedStrings.xml', GIB)]), hostile: true },
    { name: '1 GiB bomb (lying sizes)', body: rebuiltWorkbook(small, () => [{ ...spacesBomb('xl/sharedStrings.xml', GIB), declaredSize: 4096 }]), hostile: true },
    { name: 'merged whole sheet', body: mergedSheet, hostile: true },
    { name: 'defined name, whole sheet', body: namedSheet, hostile: true },
    { name: '5,000 good cards', body: await workbookOf([HEADER, ...cards(5000)]), hostile: false },
  ];
}

/** Asks /healthz one request at a time until stopped; returns each answer's time in ms. */
function probeLiveness(server: BenchServer): { stop: () => Promise<number[]> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
        await response.arrayBuffer();
        times.push(performance.now() - started);
      } catch {
        times.push(performance.now() - started);
      }
      await sleep(PROBE_INTERVAL_MS);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return times;
    },
  };
}

const summary = (times: readonly number[]): { p50: number; p99: number; max: number } => ({
  p50: round1(median(times)),
  p99: round1(percentile(times, 99)),
  max: round1(Math.max(0, ...times)),
});

export async function runImportUnderLoadBench(): Promise<void> {
  const rows = Math.max(2, Math.round(envNumber('BENCH_IMPORTLOAD_ROWS', 2000)));
  const rounds = Math.max(1, Math.round(envNumber('BENCH_IMPORTLOAD_ROUNDS', 3)));
  const parallel = Math.max(1, Math.round(envNumber('BENCH_IMPORTLOAD_PARALLEL', 4)));
  const timeoutMs = envNumber('BENCH_IMPORTLOAD_TIMEOUT_MS', 60_000);
  const files = await hostileFiles(rows);
  const server = await startJourneyboard();
  try {
    const [boardId] = await createBoards(server, 1, 'Hostile imports');
    const answers: { file: string; status: number | string; ms: number }[] = [];
    /** Sends each file `rounds` times, `parallel` at once, while /healthz is probed; returns the probe times. */
    const importPhase = async (phaseFiles: readonly HostileFile[]): Promise<{ probes: number[]; ms: number; loop: ProbeLoop }> => {
      const queue = phaseFiles.flatMap((file) => Array.from({ length: rounds }, () => file));
      await server.loopStart();
      const probe = probeLiveness(server);
      const started = performance.now();
      const sendNext = async (): Promise<void> => {
        for (let file = queue.shift(); file; file = queue.shift()) {
          const sent = performance.now();
          let status: number | string;
          try {
            const response = await fetch(`${server.url}/api/boards/${boardId}/import`, {
              method: 'POST',
              headers: { 'content-type': XLSX },
              body: new Uint8Array(file.body),
              signal: AbortSignal.timeout(timeoutMs),
            });
            await response.arrayBuffer();
            status = response.status;
          } catch (error) {
            status = (error as Error).name === 'TimeoutError' ? 'no answer' : 'failed';
          }
          answers.push({ file: file.name, status, ms: performance.now() - sent });
        }
      };
      await Promise.all(Array.from({ length: parallel }, sendNext));
      const ms = performance.now() - started;
      return { probes: await probe.stop(), ms, loop: await server.loopStop() };
    };
    const hostile = await importPhase(files.filter((file) => file.hostile));
    const good = await importPhase(files.filter((file) => !file.hostile));
    const quiet = probeLiveness(server);
    await sleep(Math.min(hostile.ms, 10_000));
    const baseline = await quiet.stop();

    const table: Record<string, string | number>[] = files.map((file) => {
      const mine = answers.filter((a) => a.file === file.name);
      return {
        file: file.name,
        'size KiB': round1(file.body.length / 1024),
        statuses: [...new Set(mine.map((a) => a.status))].join(' '),
        'answer ms (median)': round1(median(mine.map((a) => a.ms))),
        'answer ms (max)': round1(Math.max(...mine.map((a) => a.ms))),
      };
    });
    const phases = { hostileImports: summary(hostile.probes), goodImports: summary(good.probes), quiet: summary(baseline) };
    const probeRow = (label: string, probes: readonly number[]): Record<string, string | number> => {
      const { p50, p99, max } = summary(probes);
      return { file: `/healthz ${label} (${probes.length} probes)`, 'size KiB': '', statuses: '', 'answer ms (median)': p50, 'answer ms (max)': `p99 ${p99}, max ${max}` };
    };
    table.push(probeRow('during hostile imports', hostile.probes), probeRow('during good imports', good.probes), probeRow('quiet', baseline));
    // The server's own event-loop delay tells a blocked loop from a machine short of CPU.
    const loopRow = (label: string, loop: ProbeLoop): Record<string, string | number> => ({
      file: `event-loop delay ${label}`,
      'size KiB': '',
      statuses: `busy ${Math.round(loop.utilization * 100)} %`,
      'answer ms (median)': round1(loop.delayP50Ms),
      'answer ms (max)': `p99 ${round1(loop.delayP99Ms)}, max ${round1(loop.delayMaxMs)}`,
    });
    table.push(loopRow('during hostile imports', hostile.loop), loopRow('during good imports', good.loop));
    report('importload', benchCommand('importload', ['BENCH_IMPORTLOAD_ROWS', 'BENCH_IMPORTLOAD_ROUNDS', 'BENCH_IMPORTLOAD_PARALLEL', 'BENCH_IMPORTLOAD_TIMEOUT_MS']), table, {
      rows,
      rounds,
      parallel,
      hostileMs: round1(hostile.ms),
      goodMs: round1(good.ms),
      healthz: phases,
      loop: { hostileImports: hostile.loop, goodImports: good.loop },
      answers,
    });
  } finally {
    await server.stop();
  }
}
