import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

/**
 * Copies the SQLite write-ahead log into the database file from a worker thread, with its own
 * connection, every `intervalMs`. Otherwise the commit that crosses SQLite's WAL threshold
 * (1,000 pages) copies them itself, on the event loop that relays edits: 24-29 ms stalls every
 * few megabytes written, the largest part of the fan-out p99. The threshold stays as it is:
 * when the commit that crosses it finds the pages already copied, its checkpoint costs nothing
 * and the log starts over. PASSIVE never waits for, nor blocks, readers and writers, so if
 * this worker stops, SQLite simply checkpoints inside commits again.
 *
 * The worker is a few lines of plain JavaScript (no TypeScript loader needed in the thread).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.path);
db.exec('PRAGMA busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage(String(error));
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

export function startWalCheckpointer(path: string, log: Logger, intervalMs = 100): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs } });
  let stopping = false;
  worker.on('message', (message: unknown) => log.warn({ err: String(message) }, 'background WAL checkpoint failed; retrying at the next interval'));
  worker.on('error', (error) => log.error({ err: error }, 'WAL checkpoint worker failed; SQLite checkpoints inside commits again'));
  worker.on('exit', (code) => {
    if (!stopping) log.error({ code }, 'WAL checkpoint worker exited; SQLite checkpoints inside commits again');
  });
  // Never what keeps the process alive.
  worker.unref();
  return {
    stop: async () => {
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())]);
      await worker.terminate();
    },
  };
}
