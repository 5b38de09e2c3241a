import type { MetricPoint } from '../../../shared/src/index.ts';

export interface StoredMetricPoint extends MetricPoint {
  boardId: string;
}

/**
 * The time series of posted metric values, one row per value; one implementation per storage
 * engine (SQLite, PostgreSQL).
 */
export interface MetricStore {
  /** All or nothing. */
  append(points: readonly StoredMetricPoint[]): Promise<void>;
  /** Oldest first, the newest `limit` points; narrowed to a card and a metric name when given. */
  series(boardId: string, filter: { cardId?: string; name?: string; limit: number }): Promise<MetricPoint[]>;
  deleteBoard(boardId: string): Promise<void>;
  close(): Promise<void>;
}
