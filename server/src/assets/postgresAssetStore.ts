import { BOARD_ASSETS_LOCK, inPgTransaction, toBytea, type PgPool } from '../storage/postgresDatabase.ts';
import { toStoredAsset, type AssetRow } from './assetRows.ts';
import type { AssetStore, NewAsset, PutResult, StoredAsset } from './assetStore.ts';

/** Images in PostgreSQL, next to the boards, so every instance serves every board's images. */
export class PostgresAssetStore implements AssetStore {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  put(asset: NewAsset, { maxBoardBytes }: { maxBoardBytes: number }): Promise<PutResult> {
    return inPgTransaction(this.pool, async (client) => {
      // Two instances uploading to one board at once must not both pass the quota check.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BOARD_ASSETS_LOCK, asset.boardId]);
      const existing = await client.query('SELECT 1 FROM board_assets WHERE board_id = $1 AND asset_id = $2', [asset.boardId, asset.id]);
      if (existing.rowCount) return { outcome: 'exists' };
      const usage = await client.query<{ used: string }>('SELECT COALESCE(SUM(size), 0) AS used FROM board_assets WHERE board_id = $1', [
        asset.boardId,
      ]);
      const used = Number(usage.rows[0]?.used ?? 0);
      if (used + asset.size > maxBoardBytes) return { outcome: 'quota_exceeded', usedBytes: used };
      await client.query(
        'INSERT INTO board_assets (board_id, asset_id, content_type, size, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [asset.boardId, asset.id, asset.contentType, asset.size, toBytea(asset.data), new Date().toISOString()],
      );
      return { outcome: 'created' };
    });
  }

  async get(boardId: string, id: string): Promise<StoredAsset | undefined> {
    const { rows } = await this.pool.query<AssetRow>('SELECT * FROM board_assets WHERE board_id = $1 AND asset_id = $2', [boardId, id]);
    return toStoredAsset(rows[0]);
  }

  async deleteForBoard(boardId: string): Promise<number> {
    const result = await this.pool.query('DELETE FROM board_assets WHERE board_id = $1', [boardId]);
    return result.rowCount ?? 0;
  }

  /** The pool is shared; its owner closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
