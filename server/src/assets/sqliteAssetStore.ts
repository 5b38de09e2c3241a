import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { inTransaction, openBoardDatabase } from '../storage/sqliteDatabase.ts';
import { toStoredAsset, type AssetRow } from './assetRows.ts';
import type { AssetStore, NewAsset, PutResult, StoredAsset } from './assetStore.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS board_assets (
  board_id TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (board_id, asset_id)
);
`;

/**
 * Images in the same SQLite file as the boards (DATA_DIR/journeyboard.sqlite), through a connection
 * of its own: WAL mode lets both connections work side by side, one backup of the file holds boards
 * and images together, and the board storage adapter needs no change. node:sqlite is synchronous,
 * so each method runs to completion without interleaving with other writes of this process.
 */
export class SqliteAssetStore implements AssetStore {
  private readonly db: DatabaseSync;
  private readonly statements: {
    exists: StatementSync;
    usage: StatementSync;
    insert: StatementSync;
    select: StatementSync;
    deleteForBoard: StatementSync;
  };

  constructor(options: { dataDir: string; synchronous?: 'FULL' | 'NORMAL' }) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
    this.statements = {
      exists: this.db.prepare('SELECT 1 FROM board_assets WHERE board_id = ? AND asset_id = ?'),
      usage: this.db.prepare('SELECT COALESCE(SUM(size), 0) AS used FROM board_assets WHERE board_id = ?'),
      insert: this.db.prepare(
        'INSERT INTO board_assets (board_id, asset_id, content_type, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      select: this.db.prepare('SELECT * FROM board_assets WHERE board_id = ? AND asset_id = ?'),
      deleteForBoard: this.db.prepare('DELETE FROM board_assets WHERE board_id = ?'),
    };
  }

  put(asset: NewAsset, limits: { maxBoardBytes: number }): Promise<PutResult> {
    try {
      return Promise.resolve(inTransaction(this.db, () => this.putInTransaction(asset, limits)));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  get(boardId: string, id: string): Promise<StoredAsset | undefined> {
    return Promise.resolve(toStoredAsset(this.statements.select.get(boardId, id) as AssetRow | undefined));
  }

  deleteForBoard(boardId: string): Promise<number> {
    const { changes } = this.statements.deleteForBoard.run(boardId);
    return Promise.resolve(Number(changes));
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }

  private putInTransaction(asset: NewAsset, { maxBoardBytes }: { maxBoardBytes: number }): PutResult {
    if (this.statements.exists.get(asset.boardId, asset.id)) return { outcome: 'exists' };
    const { used } = this.statements.usage.get(asset.boardId) as { used: number };
    if (used + asset.size > maxBoardBytes) return { outcome: 'quota_exceeded', usedBytes: used };
    this.statements.insert.run(
      asset.boardId,
      asset.id,
      asset.contentType,
      asset.size,
      asset.data,
      new Date().toISOString(),
    );
    return { outcome: 'created' };
  }
}
