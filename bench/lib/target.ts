/**
 * The code under test. Default: this repository's working tree. BENCH_REV=<git revision>
 * measures a commit instead (exported to a temporary directory with this checkout's
 * node_modules linked), so figures are reproducible while the working tree changes.
 * BENCH_TARGET=<dir> measures another checkout with the same layout.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

function exportRevision(commit: string): string {
  const dir = join(tmpdir(), `journeyboard-bench-${commit.slice(0, 12)}`);
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], { cwd: ROOT, stdio: 'inherit' });
  }
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const revision = process.env.BENCH_REV;
/** Resolved once: the revision may move (someone commits) while the benchmarks run. */
const revisionCommit = revision ? git('rev-parse', '--verify', `${revision}^{commit}`) : undefined;
export const TARGET = revisionCommit ? exportRevision(revisionCommit) : resolve(process.env.BENCH_TARGET ?? ROOT);

/** Which code was measured: the commit, and whether server/client/shared had uncommitted changes. */
export function codeUnderTest(): string {
  try {
    if (revisionCommit) return `${revisionCommit.slice(0, 7)} (BENCH_REV=${revision}, exported to ${TARGET})`;
    if (TARGET !== ROOT) return TARGET;
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'server', 'client', 'shared') !== '';
    return `working tree at ${commit}${dirty ? ' + uncommitted changes in server/client/shared' : ''}`;
  } catch {
    return TARGET;
  }
}
