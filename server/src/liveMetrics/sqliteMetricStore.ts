import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { MetricPoint } from '../../../shared/src/index.ts';
import { inTransaction, openBoardDatabase, type SqliteSynchronous } from '../storage/sqliteDatabase.ts';
import { METRIC_COLUMNS, metricValues, seriesQuery, toMetricPoint, type MetricRow } from './metricRows.ts';
import type { MetricStore, StoredMetricPoint } from './metricStore.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS card_metrics (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL,
  card_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL,
  target REAL,
  direction TEXT NOT NULL,
  measured_at TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS card_metrics_series ON card_metrics (board_id, card_id, name, measured_at);
`;

/** Metric values in the app's SQLite file, on a connection of their own (like versions and images). */
export class SqliteMetricStore implements MetricStore {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly deleteAll: StatementSync;

  constructor(options: { dataDir: string; synchronous?: SqliteSynchronous }) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      `INSERT INTO card_metrics (${METRIC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteAll = this.db.prepare('DELETE FROM card_metrics WHERE board_id = ?');
  }

  append(points: readonly StoredMetricPoint[]): Promise<void> {
    inTransaction(this.db, () => {
      for (const p of points) {
        this.insert.run(...metricValues(p));
      }
    });
    return Promise.resolve();
  }

  series(boardId: string, filter: { cardId?: string; name?: string; limit: number }): Promise<MetricPoint[]> {
    const { sql, params } = seriesQuery(boardId, filter, () => '?');
    const rows = this.db.prepare(sql).all(...params) as unknown as MetricRow[];
    return Promise.resolve(rows.map(toMetricPoint));
  }

  deleteBoard(boardId: string): Promise<void> {
    this.deleteAll.run(boardId);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}
