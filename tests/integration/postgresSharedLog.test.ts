/**
 * The PostgreSQL log as several instances share it: catching up on what others wrote, and
 * compaction by several instances at once losing and duplicating nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PgPool } from '../../server/src/storage/postgresDatabase.ts';
import { PostgresStorage } from '../../server/src/storage/postgresStorage.ts';
import { createTestDatabase, DATABASE_URL, reportSkipped, type TestDatabase } from '../support/scaleServices.ts';
import { openPostgresPool } from '../support/storageEngines.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const skip = reportSkipped(['DATABASE_URL']);

/** Two instances on one database, each with its own pool. */
async function twoInstances(): Promise<[PostgresStorage, PostgresStorage, PgPool]> {
  const database: TestDatabase = await createTestDatabase(DATABASE_URL ?? '');
  const pools = [await openPostgresPool(database.url), await openPostgresPool(database.url)];
  cleanups.push(async () => {
    for (const pool of pools) await pool.end();
    await database.drop();
  });
  const [first, second] = pools as [PgPool, PgPool];
  return [new PostgresStorage({ pool: first, instanceId: 'instance-a' }), new PostgresStorage({ pool: second, instanceId: 'instance-b' }), first];
}

function edits(clientId: number, count: number, prefix: string): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i += 1) {
    if (i % 3 === 2) doc.getArray('list').delete(0, 1);
    else doc.getArray('list').push([`${prefix}${i}`]);
    doc.getMap('map').set(`${prefix}${i % 7}`, i);
  }
  return { doc, updates };
}

function stateOf(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  // Y.Map iterates in local insertion order, which differs between replicas.
  const map = Object.fromEntries([...doc.getMap('map').entries()].sort(([x], [y]) => x.localeCompare(y)));
  return JSON.stringify({ list: doc.getArray('list').toJSON(), map });
}

describe.skipIf(skip)('PostgreSQL log shared by instances', () => {
  it('lets an instance read what another appended since its last position, without its own rows', async () => {
    const [a, b] = await twoInstances();
    const alice = edits(1, 3, 'a');
    const bob = edits(2, 2, 'b');
    const loaded = await a.load('board-shared-1');
    await a.append(alice.updates.map((update) => ({ boardId: 'board-shared-1', update })));
    await b.append(bob.updates.map((update) => ({ boardId: 'board-shared-1', update })));

    const tail = await a.readSince('board-shared-1', loaded.position ?? 0);
    expect(tail.updates.map((u) => [...u])).toEqual(bob.updates.map((u) => [...u]));
    expect(await a.readSince('board-shared-1', tail.position)).toEqual({ updates: [], position: tail.position });

    // B compacts once: the rows stay one compaction longer, so A still catches up from rows.
    await b.compact('board-shared-1', Y.encodeStateAsUpdate(bob.doc));
    const more = edits(3, 1, 'c');
    await b.append(more.updates.map((update) => ({ boardId: 'board-shared-1', update })));
    const afterOne = await a.readSince('board-shared-1', tail.position);
    expect(afterOne.updates.map((u) => [...u])).toEqual(more.updates.map((u) => [...u]));

    // Twice: rows A had not read are gone, so A gets the snapshot, which holds them.
    await b.compact('board-shared-1', Y.encodeStateAsUpdate(bob.doc));
    const behind = await a.readSince('board-shared-1', loaded.position ?? 0);
    expect(stateOf(behind.updates)).toBe(stateOf([...alice.updates, ...bob.updates, ...more.updates]));
    expect(behind.position).toBe(afterOne.position);
  });

  it('loses and duplicates nothing when two instances append and compact one board at once', async () => {
    const [a, b, pool] = await twoInstances();
    const boardId = 'board-shared-2';
    const alice = edits(1, 300, 'a');
    const bob = edits(2, 300, 'b');
    // Each instance compacts with only its own writer's state: the rest must come from the log.
    const run = async (storage: PostgresStorage, writer: { doc: Y.Doc; updates: Uint8Array[] }): Promise<void> => {
      const replica = new Y.Doc();
      for (const [i, update] of writer.updates.entries()) {
        await storage.append([{ boardId, update }]);
        Y.applyUpdate(replica, update);
        if (i % 40 === 39) await storage.compact(boardId, Y.encodeStateAsUpdate(replica));
      }
    };
    await Promise.all([run(a, alice), run(b, bob)]);
    await a.compact(boardId, new Uint8Array([0, 0]));

    const stored = await b.load(boardId);
    expect(stateOf(stored.updates)).toBe(stateOf([...alice.updates, ...bob.updates]));
    expect(stored.updates).toHaveLength(1);
    // Rows folded into an earlier snapshot are gone; only the last compaction's rows remain.
    const { rows } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM doc_updates u JOIN doc_snapshots s USING (board_id) WHERE u.board_id = $1 AND u.seq <= s.folded_seq',
      [boardId],
    );
    expect(Number(rows[0]?.n)).toBe(0);
    const kept = await pool.query<{ n: string }>('SELECT count(*) AS n FROM doc_updates WHERE board_id = $1', [boardId]);
    expect(Number(kept.rows[0]?.n)).toBeLessThan(600);
  });
});
