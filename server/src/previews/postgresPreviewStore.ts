import { inPgTransaction, toBytea, type PgPool } from '../storage/postgresDatabase.ts';
import { nextUpdatedAt, toPreviewImage, type PreviewRow } from './previewRows.ts';
import type { NewPreviewImage, PreviewImage, PreviewStore } from './previewStore.ts';

/** Previews in PostgreSQL (table board_previews, migration 5), so every instance serves every board's preview. */
export class PostgresPreviewStore implements PreviewStore {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  put(preview: NewPreviewImage): Promise<PreviewImage> {
    return inPgTransaction(this.pool, async (client) => {
      // FOR UPDATE: two instances storing one board's preview at once still get increasing times.
      const { rows } = await client.query<{ updated_at: string }>('SELECT updated_at FROM board_previews WHERE board_id = $1 FOR UPDATE', [preview.boardId]);
      const updatedAt = nextUpdatedAt(rows[0]?.updated_at);
      await client.query(
        `INSERT INTO board_previews (board_id, content_type, data, sha256, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (board_id) DO UPDATE SET content_type = EXCLUDED.content_type, data = EXCLUDED.data, sha256 = EXCLUDED.sha256, updated_at = EXCLUDED.updated_at`,
        [preview.boardId, preview.contentType, toBytea(preview.data), preview.sha256, updatedAt],
      );
      return { ...preview, updatedAt };
    });
  }

  async get(boardId: string): Promise<PreviewImage | undefined> {
    const { rows } = await this.pool.query<PreviewRow>('SELECT * FROM board_previews WHERE board_id = $1', [boardId]);
    return toPreviewImage(rows[0]);
  }

  async updatedAt(boardIds: readonly string[]): Promise<Map<string, string>> {
    if (boardIds.length === 0) return new Map<string, string>();
    const { rows } = await this.pool.query<{ board_id: string; updated_at: string }>(
      'SELECT board_id, updated_at FROM board_previews WHERE board_id = ANY($1::text[])',
      [boardIds],
    );
    return new Map(rows.map((row) => [row.board_id, row.updated_at]));
  }

  async deleteForBoard(boardId: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM board_previews WHERE board_id = $1', [boardId]);
    return (result.rowCount ?? 0) > 0;
  }

  /** The pool is shared; its owner closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
