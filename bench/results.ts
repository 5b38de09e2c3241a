import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineInfo } from './machine.ts';

const RESULTS_DIR = join(import.meta.dirname, 'results');

/** Prints a titled table and writes the same figures as JSON to bench/results/<name>.json. */
export function report(name: string, command: string, rows: Record<string, string | number>[]): void {
  const machine = machineInfo();
  console.log(`\n## ${name}`);
  console.log(`command: ${command}`);
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, node ${machine.node}`);
  console.table(rows);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify({ name, command, machine, at: new Date().toISOString(), rows }, null, 2));
}
