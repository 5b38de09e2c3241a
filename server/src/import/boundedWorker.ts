/**
 * Runs one task in a fresh worker thread with a heap limit and a deadline: a task that runs
 * over either is ended (the worker is terminated) and the server's own event loop never
 * waited for it. The worker module answers the one message it is sent with one message.
 */
import { Worker } from 'node:worker_threads';

export interface WorkerBounds {
  timeoutMs: number;
  maxMemoryMb: number;
}

export type WorkerOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'memory' | 'failed'; message: string };

/** Young generation of the worker's heap; V8's default for a 256 MB heap would be about as large. */
const MAX_YOUNG_GENERATION_MB = 16;

export function runBoundedWorker<T>(module: URL, input: unknown, bounds: WorkerBounds): Promise<WorkerOutcome<T>> {
  const worker = new Worker(module, {
    resourceLimits: { maxOldGenerationSizeMb: bounds.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(MAX_YOUNG_GENERATION_MB, bounds.maxMemoryMb) },
  });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: WorkerOutcome<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void worker.terminate();
      resolve(outcome);
    };
    const deadline = setTimeout(() => settle({ ok: false, reason: 'timeout', message: `took longer than ${bounds.timeoutMs} ms` }), bounds.timeoutMs);
    worker.once('message', (value: T) => settle({ ok: true, value }));
    worker.once('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') settle({ ok: false, reason: 'memory', message: `needed more than ${bounds.maxMemoryMb} MB of memory` });
      else settle({ ok: false, reason: 'failed', message: error.message });
    });
    worker.once('exit', (code) => settle({ ok: false, reason: 'failed', message: `the worker ended without an answer (exit code ${code})` }));
    worker.postMessage(input);
  });
}
