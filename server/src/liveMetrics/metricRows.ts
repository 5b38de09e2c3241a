import { METRIC_DIRECTIONS, type MetricDirection, type MetricPoint } from '../../../shared/src/index.ts';
import type { StoredMetricPoint } from './metricStore.ts';

/** The columns both engines store a metric value in, in insert order. */
export const METRIC_COLUMNS = 'board_id, card_id, name, value, unit, target, direction, measured_at, received_at';

export interface MetricRow {
  card_id: string;
  name: string;
  value: number;
  unit: string;
  target: number | null;
  direction: string;
  measured_at: string;
  received_at: string;
}

export function metricValues(p: StoredMetricPoint): (string | number | null)[] {
  return [p.boardId, p.cardId, p.name, p.value, p.unit, p.target, p.direction, p.at, p.receivedAt];
}

const toDirection = (text: string): MetricDirection =>
  (METRIC_DIRECTIONS as readonly string[]).includes(text) ? (text as MetricDirection) : 'higherIsBetter';

export function toMetricPoint(row: MetricRow): MetricPoint {
  return {
    cardId: row.card_id,
    name: row.name,
    value: Number(row.value),
    unit: row.unit,
    target: row.target === null ? null : Number(row.target),
    direction: toDirection(row.direction),
    at: row.measured_at,
    receivedAt: row.received_at,
  };
}

/**
 * The series query for either engine: `placeholder(n)` writes the n-th parameter (1-based).
 * The newest `limit` points, returned oldest first.
 */
export function seriesQuery(
  boardId: string,
  filter: { cardId?: string; name?: string; limit: number },
  placeholder: (n: number) => string,
): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [boardId];
  const conditions = [`board_id = ${placeholder(1)}`];
  for (const [column, value] of [['card_id', filter.cardId], ['name', filter.name]] as const) {
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`${column} = ${placeholder(params.length)}`);
  }
  params.push(filter.limit);
  const sql = `SELECT * FROM (SELECT seq, card_id, name, value, unit, target, direction, measured_at, received_at FROM card_metrics
     WHERE ${conditions.join(' AND ')} ORDER BY measured_at DESC, seq DESC LIMIT ${placeholder(params.length)}) AS newest ORDER BY measured_at, seq`;
  return { sql, params };
}
