import { describe, expect, it } from 'vitest';
import { runBoundedWorker } from '../../../server/src/import/boundedWorker.ts';

const worker = (name: string): URL => new URL(`./workers/${name}.ts`, import.meta.url);
const bounds = { timeoutMs: 1500, maxMemoryMb: 32 };

describe('a task in a bounded worker thread', () => {
  it('answers with what the worker posted', async () => {
    expect(await runBoundedWorker(worker('echo'), { rows: 3 }, bounds)).toEqual({ ok: true, value: { rows: 3 } });
  });

  it('is ended at its deadline when it never yields, while this thread keeps running', async () => {
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 10);
    const outcome = await runBoundedWorker(worker('spin'), null, bounds);
    clearInterval(ticking);
    expect(outcome).toMatchObject({ ok: false, reason: 'timeout' });
    // The event loop of the caller went on turning while the worker spun.
    expect(turns).toBeGreaterThan(0);
  });

  it('is ended when its heap runs over the limit, and the next task still runs', async () => {
    expect(await runBoundedWorker(worker('hoard'), null, { timeoutMs: 20_000, maxMemoryMb: 32 })).toMatchObject({ ok: false, reason: 'memory', message: 'needed more than 32 MB of memory' });
    expect(await runBoundedWorker(worker('echo'), 'again', bounds)).toEqual({ ok: true, value: 'again' });
  });
});
