/**
 * Two instances' rooms of one board, linked in-process (no PostgreSQL or Redis needed): the
 * durability rule holds across instances, and what an instance receives from another is
 * neither stored again nor sent back.
 */
import * as decoding from 'lib0/decoding';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardSchema } from '../../../shared/src/index.ts';
import { DEFAULT_WRITE_RULES } from '../../../server/src/guard/writeRules.ts';
import { InProcessFanoutHub } from '../../../server/src/pubsub/inProcessFanout.ts';
import { ensureStoredSchema, seedEmptyBoard } from '../../../server/src/rooms/boardSkeleton.ts';
import { BoardPeers } from '../../../server/src/rooms/boardPeers.ts';
import type { RoomConnection } from '../../../server/src/rooms/connection.ts';
import { RoomManager } from '../../../server/src/rooms/roomManager.ts';
import { SqliteStorage } from '../../../server/src/storage/sqliteStorage.ts';
import { WriteBatcher } from '../../../server/src/storage/writeBatcher.ts';
import { cardText, putCard } from '../../support/boardContent.ts';
import { FlakyStorage } from '../../support/inProcessServer.ts';
import { makeDataDir } from '../../support/server.ts';
import { waitFor } from '../../support/yClients.ts';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Instance {
  rooms: RoomManager;
  storage: FlakyStorage;
  appended: () => number;
  attempts: () => number;
  /** Stores `update` as if another instance had (not counted). */
  store: (boardId: string, update: Uint8Array) => Promise<void>;
}

function instance(hub: InProcessFanoutHub): Instance {
  const storage = new FlakyStorage(new SqliteStorage({ dataDir: makeDataDir() }));
  let appended = 0;
  let attempts = 0;
  const append = storage.append;
  storage.append = async (updates) => {
    attempts += 1;
    await append(updates);
    appended += updates.length;
  };
  const writer = new WriteBatcher(storage, log, { initialRetryDelayMs: 20, maxRetryDelayMs: 50 });
  const peers = new BoardPeers(hub.join(), undefined, log, { catchUpIntervalMs: 60_000 });
  const rooms = new RoomManager(
    storage,
    writer,
    log,
    {
      idleUnloadMs: 60_000,
      compactAfterUpdates: 10_000,
      schema: createBoardSchema(),
      writeRules: DEFAULT_WRITE_RULES,
      maxRejectionsPerMinute: 100,
      maxDocBytes: 1024 * 1024,
    },
    undefined,
    peers,
  );
  cleanups.push(async () => {
    await writer.drain().catch(() => undefined);
    await rooms.unloadAll();
    await storage.close();
  });
  return { rooms, storage, appended: () => appended, attempts: () => attempts, store: (boardId, update) => append([{ boardId, update }]) };
}

/** A board as the server creates it: its first page and stored schema, which a room writes into an empty board when it loads it. */
function createdBoard(): Uint8Array {
  const doc = new Y.Doc();
  seedEmptyBoard(doc);
  ensureStoredSchema(doc, createBoardSchema());
  return Y.encodeStateAsUpdate(doc);
}

/** A participant's socket: a replica of the doc built from what the room sends. */
function participant(id: string): RoomConnection & { doc: Y.Doc; messages: number } {
  const doc = new Y.Doc();
  const connection = {
    id,
    role: 'editor' as const,
    wantsExtensions: false,
    doc,
    messages: 0,
    send(message: Uint8Array) {
      connection.messages += 1;
      // Sync messages carrying content (step 2, update): apply them to the replica.
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      const syncKind = decoding.readVarUint(decoder);
      if (type === 0 && (syncKind === 1 || syncKind === 2)) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
    },
    close() {
      return undefined;
    },
  };
  return connection;
}

/** A participant's edit: the card `key` written with `text`. */
function editOf(key: string, text: string): Uint8Array {
  const doc = new Y.Doc();
  putCard(doc, key, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('rooms of one board on two instances', () => {
  it('pass an update on only once it is durable, and the receiving instance neither stores it again nor echoes it', async () => {
    const hub = new InProcessFanoutHub();
    const a = instance(hub);
    const b = instance(hub);
    // The instances share one database in production: both start from the same stored board.
    const board = createdBoard();
    await a.store('board-relay-01', board);
    await b.store('board-relay-01', board);
    const alice = participant('alice');
    const bob = participant('bob');
    const roomA = await a.rooms.join('board-relay-01', alice);
    await b.rooms.join('board-relay-01', bob);

    a.storage.failing = true;
    roomA.receive(alice, { kind: 'update', update: editOf('title', 'draft') });
    // Instance A fails to store it, twice: instance B's participant must not see it yet.
    await waitFor(() => a.attempts() >= 2, () => 'no retry');
    expect(roomA.isFlushed).toBe(false);
    expect(cardText(bob.doc, 'title')).toBeUndefined();

    a.storage.failing = false;
    await waitFor(() => cardText(bob.doc, 'title') === 'draft', () => 'bob never got the edit');
    expect(a.appended()).toBe(1);
    expect(b.appended()).toBe(0);
    // Alice got nothing back of her own edit (only the initial sync step 1).
    expect(alice.messages).toBe(1);
  });
});
