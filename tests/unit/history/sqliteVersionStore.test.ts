import { afterEach, describe, expect, it } from 'vitest';
import { SqliteVersionStore } from '../../../server/src/history/sqliteVersionStore.ts';
import type { StoredVersion } from '../../../server/src/history/versionStore.ts';
import { SqliteStorage } from '../../../server/src/storage/sqliteStorage.ts';
import { makeDataDir } from '../../support/server.ts';
import { note } from '../journey/fixtures.ts';

const stores: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

let counter = 0;
function version(boardId: string, kind: StoredVersion['kind'], name: string | null = null): StoredVersion {
  counter += 1;
  return {
    id: `version-${String(counter).padStart(12, '0')}`,
    boardId,
    kind,
    name,
    createdBy: null,
    createdAt: new Date().toISOString(),
    recordCount: 1,
    cardCount: 1,
    contentHash: `hash-${counter}`,
    restoredVersionId: null,
  };
}

describe('SqliteVersionStore', () => {
  it('shares the database file with the board storage, and keeps snapshots intact', async () => {
    const dataDir = makeDataDir();
    const boards = new SqliteStorage({ dataDir });
    const versions = new SqliteVersionStore({ dataDir });
    stores.push(boards, versions);
    const board = await boards.createBoard({ id: 'board-0000001', title: 'B', locale: 'en', createdAt: new Date() });
    const record = note('a', 0, 0, 'Grüße – "quoted" ✓');
    const saved = version(board.id, 'named', 'before workshop');
    await versions.create(saved, { records: [record], schema: { schemaVersion: 2, sequences: {} } });
    await boards.append([{ boardId: board.id, update: new Uint8Array([0, 0]) }]);
    expect(await versions.get(board.id, saved.id)).toEqual({ ...saved, snapshot: { records: [record], schema: { schemaVersion: 2, sequences: {} } } });
    expect(await versions.get('another-board', saved.id)).toBeUndefined();
    // A reopened store reads what the first one wrote.
    const reopened = new SqliteVersionStore({ dataDir });
    stores.push(reopened);
    expect((await reopened.list(board.id)).map((v) => v.id)).toEqual([saved.id]);
  });

  it('lists newest first and prunes only the oldest automatic checkpoints', async () => {
    const versions = new SqliteVersionStore({ dataDir: makeDataDir() });
    stores.push(versions);
    const snapshot = { records: [], schema: null };
    const created: StoredVersion[] = [];
    for (const kind of ['activity', 'named', 'last-left', 'before-restore', 'named', 'activity'] as const) {
      const v = version('board-a', kind, kind === 'named' ? 'n' : null);
      created.push(v);
      await versions.create(v, snapshot);
    }
    await versions.create(version('board-b', 'activity'), snapshot);
    expect((await versions.list('board-a')).map((v) => v.id)).toEqual(created.map((v) => v.id).reverse());
    expect((await versions.list('board-a', { limit: 2 })).map((v) => v.id)).toEqual([created[5]?.id, created[4]?.id]);

    expect(await versions.prune('board-a', 2)).toBe(2);
    expect((await versions.list('board-a')).map((v) => v.kind)).toEqual(['activity', 'named', 'before-restore', 'named']);
    expect(await versions.list('board-b')).toHaveLength(1);
    await versions.deleteBoard('board-a');
    expect(await versions.list('board-a')).toEqual([]);
  });
});
