/**
 * Benchmark suite (not part of `npm test`): `npm run bench` runs every benchmark,
 * `npm run bench -- <name> [...]` runs the named ones. Figures are printed and
 * written as JSON to bench/results/. The code measured is the working tree, or a commit with
 * BENCH_REV=<revision> (see lib/target.ts); each benchmark's file lists its size settings.
 */
import { runExtractionBench } from './extraction.ts';
import { runBrowserBench } from './browser.ts';
import { runColdLoadBench } from './coldLoad.ts';
import { runFanoutBench } from './fanout.ts';
import { runFanoutCpuBench } from './fanoutCpu.ts';
import { runHistoryBench } from './history.ts';
import { runIdleMemoryBench } from './idleMemory.ts';
import { runImportUnderLoadBench } from './importUnderLoad.ts';
import { runKeyValueBench } from './keyValue.ts';
import { runScaleFanoutBench } from './scaleFanout.ts';

const BENCHMARKS: Record<string, () => void | Promise<void>> = {
  fanout: runFanoutBench,
  fanoutcpu: runFanoutCpuBench,
  coldload: runColdLoadBench,
  history: runHistoryBench,
  keyvalue: runKeyValueBench,
  extraction: runExtractionBench,
  memory: runIdleMemoryBench,
  browser: runBrowserBench,
  scalefanout: runScaleFanoutBench,
  importload: runImportUnderLoadBench,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(BENCHMARKS)) {
  await BENCHMARKS[name]?.();
}
