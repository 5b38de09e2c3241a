import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DocStore, PendingUpdate, StoredDoc } from '../../../server/src/storage/types.ts';
import { WriteBatcher, type TurnSource, type WriteSource } from '../../../server/src/storage/writeBatcher.ts';

class RecordingStore implements DocStore {
  readonly appends: string[][] = [];
  load(): Promise<StoredDoc> {
    return Promise.resolve({ updates: [], verified: [], corrupt: 0, updatesSinceSnapshot: 0 });
  }
  append(updates: readonly PendingUpdate[]): Promise<void> {
    this.appends.push(updates.map((u) => `${u.boardId}:${new TextDecoder().decode(u.update)}`));
    return Promise.resolve();
  }
  compact(): Promise<void> {
    return Promise.resolve();
  }
  delete(): Promise<void> {
    return Promise.resolve();
  }
}

/** A board that collects text changes over a turn and enqueues them as one row when its turn closes. */
function turnBoard(writer: WriteBatcher, boardId: string, persisted: number[]): TurnSource & WriteSource & { change(text: string): void } {
  let turn: string[] = [];
  let seq = 0;
  const source = {
    boardId,
    onPersisted: (done: number) => persisted.push(done),
    onWriteFailed: () => undefined,
    change(text: string) {
      turn.push(text);
      if (turn.length === 1) writer.closeAtTurnEnd(source);
    },
    closeTurn() {
      if (turn.length === 0) return;
      writer.enqueue(source, new TextEncoder().encode(turn.join('+')), (seq += 1));
      turn = [];
    },
  };
  return source;
}

describe('WriteBatcher turns', () => {
  const log = pino({ level: 'silent' });

  it("closes every board's turn at the end of the event-loop turn and appends them in one transaction", async () => {
    const store = new RecordingStore();
    const writer = new WriteBatcher(store, log);
    const persisted: number[] = [];
    const a = turnBoard(writer, 'a', persisted);
    const b = turnBoard(writer, 'b', persisted);
    a.change('1');
    b.change('x');
    a.change('2');
    expect(store.appends).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.resolve();
    expect(store.appends).toEqual([['a:1+2', 'b:x']]);
    expect(persisted).toEqual([1, 1]);
  });

  it('drain stores a turn that is still open (shutdown in the same turn as an edit)', async () => {
    const store = new RecordingStore();
    const writer = new WriteBatcher(store, log);
    const a = turnBoard(writer, 'a', []);
    a.change('last');
    await writer.drain();
    expect(store.appends).toEqual([['a:last']]);
  });
});
