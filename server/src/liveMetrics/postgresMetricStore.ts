import type { MetricPoint } from '../../../shared/src/index.ts';
import { inPgTransaction, type PgPool } from '../storage/postgresDatabase.ts';
import { METRIC_COLUMNS, metricValues, seriesQuery, toMetricPoint, type MetricRow } from './metricRows.ts';
import type { MetricStore, StoredMetricPoint } from './metricStore.ts';

/** Metric values in PostgreSQL, so a value posted to one instance shows on every instance. */
export class PostgresMetricStore implements MetricStore {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async append(points: readonly StoredMetricPoint[]): Promise<void> {
    if (points.length === 0) return;
    await inPgTransaction(this.pool, async (client) => {
      for (const p of points) {
        await client.query(`INSERT INTO card_metrics (${METRIC_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, metricValues(p));
      }
    });
  }

  async series(boardId: string, filter: { cardId?: string; name?: string; limit: number }): Promise<MetricPoint[]> {
    const { sql, params } = seriesQuery(boardId, filter, (n) => `$${n}`);
    const { rows } = await this.pool.query<MetricRow>(sql, params);
    return rows.map(toMetricPoint);
  }

  async deleteBoard(boardId: string): Promise<void> {
    await this.pool.query('DELETE FROM card_metrics WHERE board_id = $1', [boardId]);
  }

  /** The pool is shared; its owner closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
