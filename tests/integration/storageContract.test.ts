/**
 * One contract for every storage engine: what the server relies on from boards, the Yjs log,
 * images, versions and share links, run against SQLite and PostgreSQL alike.
 * PostgreSQL needs DATABASE_URL (`source .ci/services`); without it that half is skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredVersion } from '../../server/src/history/versionStore.ts';
import { reportSkipped } from '../support/scaleServices.ts';
import { postgresEngine, sqliteEngine, type OpenEngine } from '../support/storageEngines.ts';

const opened: OpenEngine[] = [];
afterEach(async () => {
  for (const engine of opened.splice(0)) await engine.close();
});

/** A writer producing real Yjs updates, one per edit. */
function writer(clientId: number): { doc: Y.Doc; edit(key: string, value: string): Uint8Array } {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  return {
    doc,
    edit(key, value) {
      let captured: Uint8Array | undefined;
      const capture = (update: Uint8Array): void => {
        captured = update;
      };
      doc.on('update', capture);
      doc.getMap('map').set(key, value);
      doc.off('update', capture);
      if (!captured) throw new Error('no update');
      return captured;
    },
  };
}

function replay(updates: readonly Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getMap('map').toJSON();
}

function version(boardId: string, id: string, kind: StoredVersion['kind']): StoredVersion {
  return {
    id,
    boardId,
    kind,
    name: kind === 'named' ? `named ${id}` : null,
    createdBy: 'Ada',
    createdAt: new Date().toISOString(),
    recordCount: 2,
    cardCount: 1,
    contentHash: `hash-${id}`,
    restoredVersionId: null,
  };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

if (reportSkipped(['DATABASE_URL'])) {
  describe('storage contract on PostgreSQL', () => {
    it.skip('needs DATABASE_URL: run `source .ci/services` first', () => undefined);
  });
}

describe.each([sqliteEngine, postgresEngine])('storage contract on $name', (engine) => {
  const open = async (): Promise<OpenEngine> => {
    const handle = await engine.open();
    opened.push(handle);
    return handle;
  };

  it.skipIf(engine.unavailable !== undefined)('creates, finds and lists boards, most recently edited first', async () => {
    const { storage } = await open();
    expect(await storage.getBoard('missing-board-1')).toBeUndefined();
    const older = await storage.createBoard({ id: 'board-older-01', title: 'Onboarding', locale: 'en', createdAt: new Date('2026-01-01') });
    const newer = await storage.createBoard({ id: 'board-newer-01', title: 'Kündigung', locale: 'de', createdAt: new Date('2026-02-01') });
    expect(await storage.getBoard(newer.id)).toEqual(newer);
    expect((await storage.listBoards()).map((b) => b.id)).toEqual([newer.id, older.id]);
    await storage.append([{ boardId: older.id, update: writer(1).edit('a', '1') }]);
    const listed = await storage.listBoards();
    expect(listed.map((b) => b.id)).toEqual([older.id, newer.id]);
    expect(listed[0]?.updatedAt).not.toBe(older.updatedAt);
    expect(await storage.ping()).toBe(true);
  });

  it.skipIf(engine.unavailable !== undefined)('keeps each board’s log in append order, durable for a second connection', async () => {
    const { storage, reopen } = await open();
    const alice = writer(1);
    const bob = writer(2);
    const appended = [alice.edit('title', 'first'), bob.edit('title', 'second'), alice.edit('lane', 'x')];
    await storage.append([
      { boardId: 'board-log-0001', update: appended[0] ?? new Uint8Array() },
      { boardId: 'board-log-0002', update: bob.edit('other', 'board') },
    ]);
    await storage.append(appended.slice(1).map((update) => ({ boardId: 'board-log-0001', update })));

    const other = await reopen();
    const stored = await other.load('board-log-0001');
    expect(stored.updates.map((u) => [...u])).toEqual(appended.map((u) => [...u]));
    expect(stored.updatesSinceSnapshot).toBe(3);
    expect(stored.corrupt ?? 0).toBe(0);
    expect(replay(stored.updates)).toEqual({ title: 'second', lane: 'x' });
    expect((await other.load('board-never-written')).updates).toEqual([]);
  });

  it.skipIf(engine.unavailable !== undefined)('compaction replaces the log by a snapshot and keeps later updates after it', async () => {
    const { storage, reopen } = await open();
    const alice = writer(1);
    for (let i = 0; i < 20; i += 1) await storage.append([{ boardId: 'board-compact-1', update: alice.edit(`k${i % 5}`, `v${i}`) }]);
    await storage.compact('board-compact-1', Y.encodeStateAsUpdate(alice.doc));
    const later = alice.edit('after', 'compaction');
    await storage.append([{ boardId: 'board-compact-1', update: later }]);

    const stored = await (await reopen()).load('board-compact-1');
    expect(stored.updates).toHaveLength(2);
    expect(stored.updatesSinceSnapshot).toBe(1);
    expect(replay(stored.updates)).toEqual(alice.doc.getMap('map').toJSON());
  });

  it.skipIf(engine.unavailable !== undefined)('deleting a board removes its log and leaves other boards alone', async () => {
    const { storage } = await open();
    const alice = writer(1);
    await storage.createBoard({ id: 'board-delete-1', title: 'Gone', locale: 'en', createdAt: new Date() });
    await storage.createBoard({ id: 'board-delete-2', title: 'Stays', locale: 'en', createdAt: new Date() });
    await storage.append([
      { boardId: 'board-delete-1', update: alice.edit('a', '1') },
      { boardId: 'board-delete-2', update: alice.edit('b', '2') },
    ]);
    await storage.compact('board-delete-1', Y.encodeStateAsUpdate(alice.doc));
    await storage.delete('board-delete-1');
    expect(await storage.getBoard('board-delete-1')).toBeUndefined();
    expect((await storage.load('board-delete-1')).updates).toEqual([]);
    expect((await storage.load('board-delete-2')).updates).toHaveLength(1);
  });

  it.skipIf(engine.unavailable !== undefined)('stores each image once per board, within the board’s quota', async () => {
    const { assets } = await open();
    const image = { boardId: 'board-assets-1', id: 'a'.repeat(64), contentType: 'image/png' as const, size: PNG.byteLength, data: PNG };
    expect(await assets.put(image, { maxBoardBytes: 100 })).toEqual({ outcome: 'created' });
    expect(await assets.put(image, { maxBoardBytes: 100 })).toEqual({ outcome: 'exists' });
    expect(await assets.put({ ...image, id: 'b'.repeat(64) }, { maxBoardBytes: 15 })).toEqual({
      outcome: 'quota_exceeded',
      usedBytes: PNG.byteLength,
    });
    const stored = await assets.get(image.boardId, image.id);
    expect(stored && [...stored.data]).toEqual([...PNG]);
    expect(stored?.contentType).toBe('image/png');
    expect(await assets.get('another-board', image.id)).toBeUndefined();
    expect(await assets.deleteForBoard(image.boardId)).toBe(1);
    expect(await assets.get(image.boardId, image.id)).toBeUndefined();
  });

  it.skipIf(engine.unavailable !== undefined)('keeps versions intact, newest first, and prunes only old automatic checkpoints', async () => {
    const { versions } = await open();
    const snapshot = { records: [{ id: 'shape:a', text: 'Grüße – "quoted" ✓' }], schema: { schemaVersion: 2 } };
    const kinds = ['activity', 'named', 'activity', 'last-left', 'activity'] as const;
    for (const [i, kind] of kinds.entries()) await versions.create(version('board-versions', `v${i}`, kind), snapshot);
    await versions.create(version('board-other', 'other', 'activity'), snapshot);
    expect((await versions.list('board-versions')).map((v) => v.id)).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
    expect((await versions.list('board-versions', { limit: 2 })).map((v) => v.id)).toEqual(['v4', 'v3']);
    expect(await versions.get('board-versions', 'v1')).toMatchObject({ id: 'v1', kind: 'named', createdBy: 'Ada', snapshot });
    expect(await versions.get('board-other', 'v1')).toBeUndefined();
    expect(await versions.prune('board-versions', 2)).toBe(2);
    expect((await versions.list('board-versions')).map((v) => v.id)).toEqual(['v4', 'v3', 'v1']);
    await versions.deleteBoard('board-versions');
    expect(await versions.list('board-versions')).toEqual([]);
    expect(await versions.list('board-other')).toHaveLength(1);
  });

  it.skipIf(engine.unavailable !== undefined)('creates, lists and revokes share links per board', async () => {
    const { shareLinks } = await open();
    const link = await shareLinks.create({ boardId: 'board-links-1', role: 'commenter', label: 'Workshop', createdAt: new Date().toISOString() });
    await shareLinks.create({ boardId: 'board-links-2', role: 'viewer', label: 'Other', createdAt: new Date().toISOString() });
    expect(await shareLinks.get(link.id)).toEqual(link);
    expect((await shareLinks.list('board-links-1')).map((l) => l.id)).toEqual([link.id]);
    expect(await shareLinks.revoke('board-links-2', link.id, new Date())).toBe(false);
    expect(await shareLinks.revoke('board-links-1', link.id, new Date())).toBe(true);
    expect(await shareLinks.revoke('board-links-1', link.id, new Date())).toBe(false);
    expect((await shareLinks.get(link.id))?.revokedAt).not.toBeNull();
  });
});
