import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { crc32 } from 'node:zlib';
import type { Board } from '../../../shared/src/index.ts';
import { toBoard, type BoardRow } from './boardRows.ts';
import { inTransaction, openBoardDatabase, type SqliteSynchronous } from './sqliteDatabase.ts';
import type { NewBoard, PendingUpdate, Storage, StoredDoc } from './types.ts';

export type { SqliteSynchronous };

export interface SqliteStorageOptions {
  dataDir: string;
  /**
   * FULL survives power loss; NORMAL (in WAL mode) survives a killed process but
   * may lose the last transactions on power loss.
   */
  synchronous?: SqliteSynchronous;
  /** Test hook: makes every write fail, as a full disk would. */
  failWrites?: () => boolean;
}

interface StoredRow {
  data: Uint8Array;
  checksum: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  locale TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_updates (
  seq INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_board ON doc_updates (board_id, seq);
CREATE TABLE IF NOT EXISTS doc_snapshots (
  board_id TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  compacted_at TEXT NOT NULL
);
`;

/**
 * Embedded storage on node:sqlite. Calls are synchronous under the hood, so a
 * transaction can never interleave with another write of this process.
 */
export class SqliteStorage implements Storage {
  private readonly db: DatabaseSync;
  private readonly failWrites: () => boolean;
  private readonly statements: {
    insertBoard: StatementSync;
    getBoard: StatementSync;
    listBoards: StatementSync;
    touchBoard: StatementSync;
    insertUpdate: StatementSync;
    selectSnapshot: StatementSync;
    selectUpdates: StatementSync;
    upsertSnapshot: StatementSync;
    deleteUpdates: StatementSync;
    deleteSnapshot: StatementSync;
    deleteBoard: StatementSync;
  };

  constructor(options: SqliteStorageOptions) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
    this.addChecksumColumns();
    this.dropAutoincrement();
    this.failWrites = options.failWrites ?? (() => false);
    this.statements = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, title, locale, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ),
      getBoard: this.db.prepare('SELECT * FROM boards WHERE id = ?'),
      listBoards: this.db.prepare('SELECT * FROM boards ORDER BY updated_at DESC, id'),
      touchBoard: this.db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?'),
      insertUpdate: this.db.prepare('INSERT INTO doc_updates (board_id, data, checksum) VALUES (?, ?, ?)'),
      selectSnapshot: this.db.prepare('SELECT data, checksum FROM doc_snapshots WHERE board_id = ?'),
      selectUpdates: this.db.prepare('SELECT data, checksum FROM doc_updates WHERE board_id = ? ORDER BY seq'),
      upsertSnapshot: this.db.prepare(
        `INSERT INTO doc_snapshots (board_id, data, compacted_at, checksum) VALUES (?, ?, ?, ?)
         ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, compacted_at = excluded.compacted_at, checksum = excluded.checksum`,
      ),
      deleteUpdates: this.db.prepare('DELETE FROM doc_updates WHERE board_id = ?'),
      deleteSnapshot: this.db.prepare('DELETE FROM doc_snapshots WHERE board_id = ?'),
      deleteBoard: this.db.prepare('DELETE FROM boards WHERE id = ?'),
    };
  }

  createBoard(board: NewBoard): Promise<Board> {
    const created = board.createdAt.toISOString();
    this.statements.insertBoard.run(board.id, board.title, board.locale, created, created);
    return Promise.resolve({ id: board.id, title: board.title, locale: board.locale, createdAt: created, updatedAt: created });
  }

  getBoard(id: string): Promise<Board | undefined> {
    const row = this.statements.getBoard.get(id) as BoardRow | undefined;
    return Promise.resolve(row ? toBoard(row) : undefined);
  }

  listBoards(): Promise<Board[]> {
    const rows = this.statements.listBoards.all() as unknown as BoardRow[];
    return Promise.resolve(rows.map(toBoard));
  }

  load(boardId: string): Promise<StoredDoc> {
    const snapshot = this.statements.selectSnapshot.get(boardId) as StoredRow | undefined;
    const rows = this.statements.selectUpdates.all(boardId) as unknown as StoredRow[];
    const updates: Uint8Array[] = [];
    const verified: boolean[] = [];
    let corrupt = 0;
    for (const row of snapshot ? [snapshot, ...rows] : rows) {
      // Rows written before checksums existed (null) are checked by parsing instead.
      if (row.checksum === null) {
        updates.push(row.data);
        verified.push(false);
      } else if (crc32(row.data) === row.checksum) {
        updates.push(row.data);
        verified.push(true);
      } else {
        corrupt += 1;
      }
    }
    return Promise.resolve({ updates, verified, corrupt, updatesSinceSnapshot: rows.length });
  }

  append(updates: readonly PendingUpdate[]): Promise<void> {
    if (updates.length === 0) return Promise.resolve();
    try {
      if (this.failWrites()) throw new Error('simulated write failure (disk full)');
      this.transaction(() => {
        for (const { boardId, update } of updates) this.statements.insertUpdate.run(boardId, update, crc32(update));
        const now = new Date().toISOString();
        for (const boardId of new Set(updates.map((u) => u.boardId))) this.statements.touchBoard.run(now, boardId);
      });
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  compact(boardId: string, snapshot: Uint8Array): Promise<void> {
    try {
      if (this.failWrites()) throw new Error('simulated write failure (disk full)');
      this.transaction(() => {
        this.statements.upsertSnapshot.run(boardId, snapshot, new Date().toISOString(), crc32(snapshot));
        this.statements.deleteUpdates.run(boardId);
      });
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  delete(boardId: string): Promise<void> {
    this.transaction(() => {
      this.statements.deleteUpdates.run(boardId);
      this.statements.deleteSnapshot.run(boardId);
      this.statements.deleteBoard.run(boardId);
    });
    return Promise.resolve();
  }

  ping(): Promise<boolean> {
    try {
      this.db.prepare('SELECT 1').get();
      return Promise.resolve(true);
    } catch {
      return Promise.resolve(false);
    }
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }

  /** Databases created before checksums existed get the columns (NULL for old rows). */
  private addChecksumColumns(): void {
    for (const table of ['doc_updates', 'doc_snapshots']) {
      const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === 'checksum')) this.db.exec(`ALTER TABLE ${table} ADD COLUMN checksum INTEGER`);
    }
  }

  /**
   * doc_updates' key was AUTOINCREMENT, which makes every append also write sqlite_sequence
   * (104-124 -> 85-91 µs per single-update append without it). Loading needs only that a board's
   * new rows come after its older ones, which a plain rowid key (largest + 1) gives: compaction
   * deletes all of a board's rows at once. Older databases are rebuilt once, in one transaction,
   * into the table SCHEMA makes, keeping every row's seq.
   */
  private dropAutoincrement(): void {
    const table = this.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'doc_updates'").get() as { sql: string } | undefined;
    if (!table || !/AUTOINCREMENT/i.test(table.sql)) return;
    this.transaction(() => {
      this.db.exec('ALTER TABLE doc_updates RENAME TO doc_updates_autoincrement; DROP INDEX doc_updates_board');
      this.db.exec(SCHEMA);
      this.addChecksumColumns();
      this.db.exec(`
        INSERT INTO doc_updates (seq, board_id, data, checksum) SELECT seq, board_id, data, checksum FROM doc_updates_autoincrement;
        DROP TABLE doc_updates_autoincrement;
      `);
    });
  }

  private transaction(body: () => void): void {
    inTransaction(this.db, body);
  }
}
