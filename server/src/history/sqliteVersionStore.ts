import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { VersionKindSchema } from '../../../shared/src/history.ts';
import { openBoardDatabase } from '../storage/sqliteDatabase.ts';
import type { StoredVersion, StoredVersionWithSnapshot, VersionSnapshot, VersionStore } from './versionStore.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface SqliteVersionStoreOptions {
  dataDir: string;
  synchronous?: 'FULL' | 'NORMAL';
}

const SNAPSHOT_ENCODING = 'json+gzip';

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

const META_COLUMNS =
  'id, board_id, kind, name, created_by, created_at, record_count, card_count, content_hash, restored_version_id';

interface VersionRow {
  id: string;
  board_id: string;
  kind: string;
  name: string | null;
  created_by: string | null;
  created_at: string;
  record_count: number;
  card_count: number;
  content_hash: string;
  restored_version_id: string | null;
}

function toVersion(row: VersionRow): StoredVersion {
  return {
    id: row.id,
    boardId: row.board_id,
    kind: VersionKindSchema.catch('activity').parse(row.kind),
    name: row.name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    recordCount: Number(row.record_count),
    cardCount: Number(row.card_count),
    contentHash: row.content_hash,
    restoredVersionId: row.restored_version_id,
  };
}

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
    const data = await gzipAsync(JSON.stringify(snapshot));
    this.statements.insert.run(
      version.id,
      version.boardId,
      version.kind,
      version.name,
      version.createdBy,
      version.createdAt,
      version.recordCount,
      version.cardCount,
      version.contentHash,
      version.restoredVersionId,
      SNAPSHOT_ENCODING,
      data,
    );
  }

  list(boardId: string, options: { limit?: number } = {}): Promise<StoredVersion[]> {
    const rows = this.statements.list.all(boardId, options.limit ?? -1) as unknown as VersionRow[];
    return Promise.resolve(rows.map(toVersion));
  }

  async get(boardId: string, versionId: string): Promise<StoredVersionWithSnapshot | undefined> {
    const row = this.statements.get.get(boardId, versionId) as (VersionRow & { encoding: string; snapshot: Uint8Array }) | undefined;
    if (!row) return undefined;
    if (row.encoding !== SNAPSHOT_ENCODING) throw new Error(`version ${versionId} has an unknown encoding ${row.encoding}`);
    const snapshot = JSON.parse((await gunzipAsync(row.snapshot)).toString('utf8')) as VersionSnapshot;
    return { ...toVersion(row), snapshot };
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
