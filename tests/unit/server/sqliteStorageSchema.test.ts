import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardDatabasePath } from '../../../server/src/storage/sqliteDatabase.ts';
import { SqliteStorage } from '../../../server/src/storage/sqliteStorage.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data directory whose database was written by a release whose update log key was AUTOINCREMENT. */
function olderDatabase(rows: { boardId: string; update: Uint8Array }[]): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'journeyboard-schema-'));
  dirs.push(dataDir);
  const db = new DatabaseSync(boardDatabasePath(dataDir));
  db.exec(`
    CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, locale TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, board_id TEXT NOT NULL, data BLOB NOT NULL, checksum INTEGER);
    CREATE INDEX doc_updates_board ON doc_updates (board_id, seq);
    CREATE TABLE doc_snapshots (board_id TEXT PRIMARY KEY, data BLOB NOT NULL, compacted_at TEXT NOT NULL, checksum INTEGER);
  `);
  const now = new Date().toISOString();
  for (const id of new Set(rows.map((r) => r.boardId))) db.prepare('INSERT INTO boards VALUES (?, ?, ?, ?, ?)').run(id, id, 'en', now, now);
  for (const { boardId, update } of rows) db.prepare('INSERT INTO doc_updates (board_id, data, checksum) VALUES (?, ?, ?)').run(boardId, update, crc32(update));
  db.close();
  return dataDir;
}

/** Successive edits of one board, each as the update it sent. */
function edits(texts: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const text of texts) doc.getArray<string>('cards').push([text]);
  return updates;
}

function cardsOf(updates: readonly Uint8Array[]): string[] {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getArray<string>('cards').toArray();
}

describe('SQLite storage: update log written by an older release', () => {
  it('keeps every board\'s edits in order when the log is rebuilt without AUTOINCREMENT, and appends after them', async () => {
    const [a1, a2, a3] = edits(['Checkout', 'Pay', 'Confirm']);
    const [b1, b2] = edits(['Call hotline', 'Wait']);
    if (!a1 || !a2 || !a3 || !b1 || !b2) throw new Error('edits missing');
    const dataDir = olderDatabase([
      { boardId: 'a', update: a1 },
      { boardId: 'b', update: b1 },
      { boardId: 'a', update: a2 },
      { boardId: 'b', update: b2 },
    ]);

    const storage = new SqliteStorage({ dataDir });
    const loaded = await storage.load('a');
    // Yjs would merge edits in any order: the log's order is checked on the bytes.
    expect(loaded.updates).toEqual([a1, a2]);
    expect(cardsOf(loaded.updates)).toEqual(['Checkout', 'Pay']);
    expect(loaded.verified).toEqual([true, true]);
    expect(loaded.corrupt).toBe(0);
    await storage.append([{ boardId: 'a', update: a3 }]);
    expect((await storage.load('a')).updates).toEqual([a1, a2, a3]);
    expect((await storage.load('b')).updates).toEqual([b1, b2]);
    await storage.close();

    const db = new DatabaseSync(boardDatabasePath(dataDir));
    const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'doc_updates'").get() as { sql: string };
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'doc_updates'").all();
    db.close();
    expect(sql).not.toMatch(/AUTOINCREMENT/i);
    expect(indexes).toEqual([{ name: 'doc_updates_board' }]);

    // Opened again: nothing to rebuild, nothing lost.
    const reopened = new SqliteStorage({ dataDir });
    expect((await reopened.load('a')).updates).toEqual([a1, a2, a3]);
    await reopened.close();
  });

  it('after a compaction removed the newest rows of the log, a board\'s next edits still load after its snapshot', async () => {
    const [a1, a2, a3] = edits(['Checkout', 'Pay', 'Confirm']);
    const [b1] = edits(['Call hotline']);
    if (!a1 || !a2 || !a3 || !b1) throw new Error('edits missing');
    const dataDir = olderDatabase([
      { boardId: 'b', update: b1 },
      { boardId: 'a', update: a1 },
    ]);
    const storage = new SqliteStorage({ dataDir });
    // Board a's rows are the newest in the table; compaction deletes them, so the next key is reused.
    const snapshot = Y.mergeUpdates([a1]);
    await storage.compact('a', snapshot);
    await storage.append([{ boardId: 'a', update: a2 }]);
    await storage.append([{ boardId: 'a', update: a3 }]);
    expect((await storage.load('a')).updates).toEqual([snapshot, a2, a3]);
    expect((await storage.load('b')).updates).toEqual([b1]);
    await storage.close();
  });
});
