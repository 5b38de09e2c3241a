import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeUnderTest } from './lib/target.ts';
import { machineInfo } from './machine.ts';

const RESULTS_DIR = join(import.meta.dirname, 'results');

/**
 * Prints a titled table and writes the same figures as JSON to bench/results/<name>.json,
 * with `details` (raw runs, settings) in the JSON only.
 */
export function report(name: string, command: string, rows: Record<string, string | number>[], details?: unknown): void {
  const machine = machineInfo();
  console.log(`\n## ${name}`);
  console.log(`command: ${command}`);
  const code = codeUnderTest();
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, node ${machine.node}`);
  console.log(`code: ${code}`);
  console.table(rows);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify({ name, command, machine, code, at: new Date().toISOString(), rows, ...(details === undefined ? {} : { details }) }, null, 2));
}
