import type { PgPool } from '../storage/postgresDatabase.ts';
import { decodeSnapshot, insertValues, META_COLUMNS, toVersion, type VersionRow } from './versionRows.ts';
import type { StoredVersion, StoredVersionWithSnapshot, VersionSnapshot, VersionStore } from './versionStore.ts';

/** Version history in PostgreSQL (same gzipped JSON snapshots as the SQLite store). */
export class PostgresVersionStore implements VersionStore {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async create(version: StoredVersion, snapshot: VersionSnapshot): Promise<void> {
    await this.pool.query(
      `INSERT INTO board_versions (${META_COLUMNS}, encoding, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      await insertValues(version, snapshot),
    );
  }

  async list(boardId: string, options: { limit?: number } = {}): Promise<StoredVersion[]> {
    const { rows } = await this.pool.query<VersionRow>(
      `SELECT ${META_COLUMNS} FROM board_versions WHERE board_id = $1 ORDER BY seq DESC LIMIT $2`,
      [boardId, options.limit ?? null],
    );
    return rows.map(toVersion);
  }

  async get(boardId: string, versionId: string): Promise<StoredVersionWithSnapshot | undefined> {
    const { rows } = await this.pool.query<VersionRow & { encoding: string; snapshot: Buffer }>(
      `SELECT ${META_COLUMNS}, encoding, snapshot FROM board_versions WHERE board_id = $1 AND id = $2`,
      [boardId, versionId],
    );
    const [row] = rows;
    if (!row) return undefined;
    return { ...toVersion(row), snapshot: await decodeSnapshot(versionId, row.encoding, row.snapshot) };
  }

  async prune(boardId: string, keepAutomatic: number): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM board_versions WHERE board_id = $1 AND kind <> 'named' AND seq NOT IN (
         SELECT seq FROM board_versions WHERE board_id = $1 AND kind <> 'named' ORDER BY seq DESC LIMIT $2)`,
      [boardId, keepAutomatic],
    );
    return result.rowCount ?? 0;
  }

  async deleteBoard(boardId: string): Promise<void> {
    await this.pool.query('DELETE FROM board_versions WHERE board_id = $1', [boardId]);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
