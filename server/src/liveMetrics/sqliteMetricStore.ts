import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { METRIC_DIRECTIONS, type MetricDirection, type MetricPoint } from '../../../shared/src/index.ts';
import { inTransaction, openBoardDatabase, type SqliteSynchronous } from '../storage/sqliteDatabase.ts';
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

interface MetricRow {
  card_id: string;
  name: string;
  value: number;
  unit: string;
  target: number | null;
  direction: string;
  measured_at: string;
  received_at: string;
}

const toDirection = (text: string): MetricDirection =>
  (METRIC_DIRECTIONS as readonly string[]).includes(text) ? (text as MetricDirection) : 'higherIsBetter';

/** Metric values in the app's SQLite file, on a connection of their own (like versions and images). */
export class SqliteMetricStore implements MetricStore {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly deleteAll: StatementSync;

  constructor(options: { dataDir: string; synchronous?: SqliteSynchronous }) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      'INSERT INTO card_metrics (board_id, card_id, name, value, unit, target, direction, measured_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.deleteAll = this.db.prepare('DELETE FROM card_metrics WHERE board_id = ?');
  }

  append(points: readonly StoredMetricPoint[]): Promise<void> {
    inTransaction(this.db, () => {
      for (const p of points) {
        this.insert.run(p.boardId, p.cardId, p.name, p.value, p.unit, p.target, p.direction, p.at, p.receivedAt);
      }
    });
    return Promise.resolve();
  }

  series(boardId: string, filter: { cardId?: string; name?: string; limit: number }): Promise<MetricPoint[]> {
    const conditions = ['board_id = ?'];
    const params: (string | number)[] = [boardId];
    if (filter.cardId !== undefined) {
      conditions.push('card_id = ?');
      params.push(filter.cardId);
    }
    if (filter.name !== undefined) {
      conditions.push('name = ?');
      params.push(filter.name);
    }
    params.push(filter.limit);
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT seq, card_id, name, value, unit, target, direction, measured_at, received_at FROM card_metrics
         WHERE ${conditions.join(' AND ')} ORDER BY measured_at DESC, seq DESC LIMIT ?) ORDER BY measured_at, seq`,
      )
      .all(...params) as unknown as MetricRow[];
    return Promise.resolve(
      rows.map((row) => ({
        cardId: row.card_id,
        name: row.name,
        value: Number(row.value),
        unit: row.unit,
        target: row.target === null ? null : Number(row.target),
        direction: toDirection(row.direction),
        at: row.measured_at,
        receivedAt: row.received_at,
      })),
    );
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
