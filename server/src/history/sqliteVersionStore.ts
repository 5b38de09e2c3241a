import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { openBoardDatabase } from '../storage/sqliteDatabase.ts';
import { decodeSnapshot, insertValues, META_COLUMNS, toVersion, type VersionRow } from './versionRows.ts';
import type { StoredVersion, StoredVersionWithSnapshot, VersionSnapshot, VersionStore } from './versionStore.ts';

export interface SqliteVersionStoreOptions {
  dataDir: string;
  synchronous?: 'FULL' | 'NORMAL';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS board_versions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  board_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  record_count INTEGER NOT NULL,
  card_count INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  restored_version_id TEXT,
  encoding TEXT NOT NULL,
  snapshot BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS board_versions_board ON board_versions (board_id, seq);
`;

/**
 * Versions in the app's SQLite file, on a connection of their own (WAL lets several
 * connections share the file; node:sqlite is synchronous, so this process never
 * interleaves two writes). Snapshots are gzipped JSON, compressed off the event loop.
 */
export class SqliteVersionStore implements VersionStore {
  private readonly db: DatabaseSync;
  private readonly statements: {
    insert: StatementSync;
    list: StatementSync;
    get: StatementSync;
    prune: StatementSync;
    deleteBoard: StatementSync;
  };

  constructor(options: SqliteVersionStoreOptions) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO board_versions (${META_COLUMNS}, encoding, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: this.db.prepare(`SELECT ${META_COLUMNS} FROM board_versions WHERE board_id = ? ORDER BY seq DESC LIMIT ?`),
      get: this.db.prepare(`SELECT ${META_COLUMNS}, encoding, snapshot FROM board_versions WHERE board_id = ? AND id = ?`),
      prune: this.db.prepare(
        `DELETE FROM board_versions WHERE board_id = ? AND kind <> 'named' AND seq NOT IN (
           SELECT seq FROM board_versions WHERE board_id = ? AND kind <> 'named' ORDER BY seq DESC LIMIT ?)`,
      ),
      deleteBoard: this.db.prepare('DELETE FROM board_versions WHERE board_id = ?'),
    };
  }

  async create(version: StoredVersion, snapshot: VersionSnapshot): Promise<void> {
    this.statements.insert.run(...(await insertValues(version, snapshot)));
  }

  list(boardId: string, options: { limit?: number } = {}): Promise<StoredVersion[]> {
    const rows = this.statements.list.all(boardId, options.limit ?? -1) as unknown as VersionRow[];
    return Promise.resolve(rows.map(toVersion));
  }

  async get(boardId: string, versionId: string): Promise<StoredVersionWithSnapshot | undefined> {
    const row = this.statements.get.get(boardId, versionId) as (VersionRow & { encoding: string; snapshot: Uint8Array }) | undefined;
    if (!row) return undefined;
    return { ...toVersion(row), snapshot: await decodeSnapshot(versionId, row.encoding, row.snapshot) };
  }

  prune(boardId: string, keepAutomatic: number): Promise<number> {
    const result = this.statements.prune.run(boardId, boardId, keepAutomatic);
    return Promise.resolve(Number(result.changes));
  }

  deleteBoard(boardId: string): Promise<void> {
    this.statements.deleteBoard.run(boardId);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}
