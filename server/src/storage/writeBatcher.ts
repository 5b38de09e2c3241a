import type { Logger } from 'pino';
import type { DocStore } from './types.ts';

/** Something whose updates are persisted; a room. */
export interface WriteSource {
  readonly boardId: string;
  /** Every update up to and including `seq` is durable. */
  onPersisted(seq: number): void;
  onWriteFailed(error: Error): void;
}

/** Something that collects its changes over an event-loop turn and enqueues them at its end; a room. */
export interface TurnSource {
  /** Enqueues what the turn collected (nothing if it is already closed). */
  closeTurn(): void;
}

interface QueuedWrite {
  source: WriteSource;
  update: Uint8Array;
  seq: number;
}

/**
 * How long updates are collected before one append: `task`, until the code that received them
 * (one socket read) is done; `turn`, a whole event-loop turn (every socket that was readable).
 * `turn` shares a commit among more updates and suits stores whose commits cost an fsync;
 * `task` sends each update on as soon as it is stored, which keeps fan-out latency low.
 */
export type BatchWindow = 'task' | 'turn';

export interface WriteBatcherOptions {
  /** Default `task`. A store whose appends are asynchronous batches further while one is in flight. */
  batchWindow?: BatchWindow;
  initialRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Called with the duration of each successful append, and on each failure. */
  onPersisted?: (seconds: number) => void;
  onFailed?: () => void;
}

/**
 * Collects the updates of every room (see BatchWindow) and appends them in one
 * transaction; while an append is in flight, newer updates wait and go in the next one.
 * On failure nothing is dropped: the batch is retried with backoff, and newer
 * updates queue behind it in order.
 */
export class WriteBatcher {
  private queue: QueuedWrite[] = [];
  private readonly openTurns = new Set<TurnSource>();
  private turnEndScheduled = false;
  private flushScheduled = false;
  private inFlight: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  private lastAppendFailed = false;
  private readonly initialRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly onPersistedHook: ((seconds: number) => void) | undefined;
  private readonly onFailedHook: (() => void) | undefined;
  private readonly batchWindow: BatchWindow;

  private readonly store: DocStore;
  private readonly log: Logger;

  constructor(store: DocStore, log: Logger, options: WriteBatcherOptions = {}) {
    this.store = store;
    this.log = log;
    this.initialRetryDelayMs = options.initialRetryDelayMs ?? 100;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
    this.retryDelayMs = this.initialRetryDelayMs;
    this.onPersistedHook = options.onPersisted;
    this.onFailedHook = options.onFailed;
    this.batchWindow = options.batchWindow ?? 'task';
  }

  /**
   * Closes `source`'s turn once the event loop has handled every socket that was readable (the
   * check phase), together with every other source's: their rows then go in one transaction.
   */
  closeAtTurnEnd(source: TurnSource): void {
    this.openTurns.add(source);
    if (this.turnEndScheduled) return;
    this.turnEndScheduled = true;
    setImmediate(this.closeTurns);
  }

  private readonly closeTurns = (): void => {
    this.turnEndScheduled = false;
    for (const source of this.openTurns) source.closeTurn();
    this.openTurns.clear();
  };

  enqueue(source: WriteSource, update: Uint8Array, seq: number): void {
    this.queue.push({ source, update, seq });
    this.scheduleFlush();
  }

  hasPendingWrites(source: WriteSource): boolean {
    return this.queue.some((write) => write.source === source);
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  /** The storage refuses writes: the last append failed and none has succeeded since. */
  get failing(): boolean {
    return this.lastAppendFailed;
  }

  /** Flushes until the queue is empty; rejects if storage keeps failing. */
  async drain(): Promise<void> {
    this.closeTurns();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    while (this.inFlight !== undefined || this.queue.length > 0) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      const failed = await this.flush();
      if (failed) throw failed;
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight || this.retryTimer) return;
    this.flushScheduled = true;
    const flushNow = (): void => {
      this.flushScheduled = false;
      void this.flush();
    };
    if (this.batchWindow === 'turn') setImmediate(flushNow);
    else queueMicrotask(flushNow);
  }

  /** Returns the error if the batch failed (it is then re-queued). */
  private async flush(): Promise<Error | undefined> {
    if (this.inFlight || this.queue.length === 0) return undefined;
    const batch = this.queue;
    this.queue = [];
    let failure: Error | undefined;
    const started = performance.now();
    const attempt = this.store
      .append(batch.map(({ source, update }) => ({ boardId: source.boardId, update })))
      .then(
        () => {
          this.lastAppendFailed = false;
          this.onPersistedHook?.((performance.now() - started) / 1000);
          this.onBatchPersisted(batch);
        },
        (error: unknown) => {
          failure = error instanceof Error ? error : new Error(String(error));
          this.lastAppendFailed = true;
          this.onFailedHook?.();
          this.onBatchFailed(batch, failure);
        },
      );
    this.inFlight = attempt;
    await attempt;
    this.inFlight = undefined;
    if (!failure && this.queue.length > 0) this.scheduleFlush();
    return failure;
  }

  private onBatchPersisted(batch: QueuedWrite[]): void {
    this.retryDelayMs = this.initialRetryDelayMs;
    const highestSeq = new Map<WriteSource, number>();
    for (const { source, seq } of batch) highestSeq.set(source, Math.max(seq, highestSeq.get(source) ?? 0));
    for (const [source, seq] of highestSeq) source.onPersisted(seq);
  }

  private onBatchFailed(batch: QueuedWrite[], error: Error): void {
    this.queue = batch.concat(this.queue);
    const sources = new Set(batch.map((write) => write.source));
    this.log.error(
      { err: error, boards: [...sources].map((s) => s.boardId), updates: batch.length, retryInMs: this.retryDelayMs },
      'persisting updates failed; keeping them in memory and retrying',
    );
    for (const source of sources) source.onWriteFailed(error);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.maxRetryDelayMs);
  }
}
