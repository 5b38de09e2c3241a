import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DocStore, PendingUpdate, StoredDoc } from '../../../server/src/storage/types.ts';
import { WriteBatcher, type BatchWindow, type WriteSource } from '../../../server/src/storage/writeBatcher.ts';

/** Records each append; appends resolve when `settle` is called (an asynchronous store) or at once. */
class RecordingStore implements DocStore {
  readonly appends: string[][] = [];
  private readonly pending: (() => void)[] = [];
  private readonly asynchronous: boolean;
  constructor(asynchronous = false) {
    this.asynchronous = asynchronous;
  }
  load(): Promise<StoredDoc> {
    return Promise.resolve({ updates: [], verified: [], corrupt: 0, updatesSinceSnapshot: 0 });
  }
  append(updates: readonly PendingUpdate[]): Promise<void> {
    this.appends.push(updates.map((u) => new TextDecoder().decode(u.update)));
    if (!this.asynchronous) return Promise.resolve();
    return new Promise((resolve) => this.pending.push(resolve));
  }
  settle(): void {
    for (const resolve of this.pending.splice(0)) resolve();
  }
  compact(): Promise<void> {
    return Promise.resolve();
  }
  delete(): Promise<void> {
    return Promise.resolve();
  }
}

function board(persisted: number[]): WriteSource {
  return { boardId: 'b', onPersisted: (seq) => persisted.push(seq), onWriteFailed: () => undefined };
}

const update = (text: string): Uint8Array => new TextEncoder().encode(text);
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Two "socket reads" in one event-loop turn, as two macrotasks queued back to back. */
async function twoReadsInOneTurn(writer: WriteBatcher, source: WriteSource): Promise<void> {
  await new Promise<void>((resolve) => {
    setImmediate(() => writer.enqueue(source, update('first'), 1));
    setImmediate(() => {
      writer.enqueue(source, update('second'), 2);
      resolve();
    });
  });
  await nextTurn();
}

describe('WriteBatcher', () => {
  const log = pino({ level: 'silent' });
  const windows: [BatchWindow, string[][]][] = [
    ['task', [['first'], ['second']]],
    ['turn', [['first', 'second']]],
  ];

  it.each(windows)('with batch window %s, commits what arrived together and reports it durable', async (batchWindow, expected) => {
    const store = new RecordingStore();
    const persisted: number[] = [];
    const writer = new WriteBatcher(store, log, { batchWindow });
    await twoReadsInOneTurn(writer, board(persisted));
    expect(store.appends).toEqual(expected);
    expect(persisted.at(-1)).toBe(2);
  });

  it('a task-window update is durable before the next task runs', async () => {
    const store = new RecordingStore();
    const persisted: number[] = [];
    const writer = new WriteBatcher(store, log);
    writer.enqueue(board(persisted), update('edit'), 1);
    await Promise.resolve();
    await Promise.resolve();
    expect(persisted).toEqual([1]);
  });

  it('with an asynchronous store, updates that arrive during an append go in the next one, in order', async () => {
    const store = new RecordingStore(true);
    const persisted: number[] = [];
    const source = board(persisted);
    const writer = new WriteBatcher(store, log);
    writer.enqueue(source, update('a'), 1);
    await nextTurn();
    writer.enqueue(source, update('b'), 2);
    writer.enqueue(source, update('c'), 3);
    await nextTurn();
    expect(store.appends).toEqual([['a']]);
    store.settle();
    await nextTurn();
    expect(store.appends).toEqual([['a'], ['b', 'c']]);
    store.settle();
    await writer.drain();
    expect(persisted).toEqual([1, 3]);
  });
});
