import { DELIVERY_STATUSES, WebhookEventSchema } from '../../../shared/src/index.ts';
import type { DeliveryUpdate, StoredDelivery, StoredWebhook } from './webhookStore.ts';

/** Columns in insert order, shared by both engines. */
export const WEBHOOK_COLUMNS = 'id, board_id, url, secret, events, created_at';
export const DELIVERY_COLUMNS = 'id, webhook_id, board_id, event, body, status, attempts, last_status, last_error, created_at, updated_at, next_attempt_at';

export function webhookValues(w: StoredWebhook): string[] {
  return [w.id, w.boardId, w.url, w.secret, JSON.stringify(w.events), w.createdAt];
}

export function deliveryValues(d: StoredDelivery): (string | number | null)[] {
  return [d.id, d.webhookId, d.boardId, d.event, d.body, d.status, d.attempts, d.lastStatus, d.lastError, d.createdAt, d.updatedAt, d.nextAttemptAt];
}

/** The update's values followed by the delivery id; the update also releases the delivery's claim. */
export function deliveryUpdateValues(deliveryId: string, u: DeliveryUpdate): (string | number | null)[] {
  return [u.status, u.attempts, u.lastStatus, u.lastError, u.updatedAt, u.nextAttemptAt, deliveryId];
}

export function placeholders(count: number, placeholder: (n: number) => string): string {
  return Array.from({ length: count }, (_, i) => placeholder(i + 1)).join(', ');
}

export interface WebhookRow {
  id: string;
  board_id: string;
  url: string;
  secret: string;
  events: string;
  created_at: string;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  board_id: string;
  event: string;
  body: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  next_attempt_at: string | null;
}

export function toWebhook(row: WebhookRow): StoredWebhook {
  const events = (JSON.parse(row.events) as unknown[]).flatMap((e) => {
    const parsed = WebhookEventSchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
  return { id: row.id, boardId: row.board_id, url: row.url, secret: row.secret, events, createdAt: row.created_at };
}

export function toDelivery(row: DeliveryRow): StoredDelivery {
  const status = (DELIVERY_STATUSES as readonly string[]).includes(row.status) ? (row.status as StoredDelivery['status']) : 'failed';
  return {
    id: row.id,
    webhookId: row.webhook_id,
    boardId: row.board_id,
    event: row.event,
    body: row.body,
    status,
    attempts: Number(row.attempts),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextAttemptAt: row.next_attempt_at,
  };
}


/**
 * Every statement both engines run, written once; `p(n)` is the engine's n-th parameter (1-based).
 * claim: a due pending delivery nobody holds (or whose holder's lease ran out) is taken until
 * the given time; params: id, now, until.
 */
export function webhookStatements(p: (n: number) => string) {
  return {
    insertWebhook: `INSERT INTO board_webhooks (${WEBHOOK_COLUMNS}) VALUES (${placeholders(6, p)})`,
    listWebhooks: `SELECT * FROM board_webhooks WHERE board_id = ${p(1)} ORDER BY created_at`,
    getWebhook: `SELECT * FROM board_webhooks WHERE id = ${p(1)}`,
    deleteWebhook: `DELETE FROM board_webhooks WHERE board_id = ${p(1)} AND id = ${p(2)}`,
    deleteWebhookLog: `DELETE FROM webhook_deliveries WHERE webhook_id = ${p(1)}`,
    insertDelivery: `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS}) VALUES (${placeholders(12, p)})`,
    getDelivery: `SELECT * FROM webhook_deliveries WHERE id = ${p(1)}`,
    updateDelivery: `UPDATE webhook_deliveries SET status = ${p(1)}, attempts = ${p(2)}, last_status = ${p(3)}, last_error = ${p(4)}, updated_at = ${p(5)},
      next_attempt_at = ${p(6)}, claimed_until = NULL WHERE id = ${p(7)}`,
    claimDelivery: `UPDATE webhook_deliveries SET claimed_until = ${p(3)}
      WHERE id = ${p(1)} AND status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${p(2)})
        AND (claimed_until IS NULL OR claimed_until <= ${p(2)}) RETURNING *`,
    deliveries: `SELECT * FROM webhook_deliveries WHERE board_id = ${p(1)} ORDER BY seq DESC LIMIT ${p(2)}`,
    pending: "SELECT * FROM webhook_deliveries WHERE status = 'pending' ORDER BY seq",
    prune: `DELETE FROM webhook_deliveries WHERE board_id = ${p(1)} AND status <> 'pending' AND seq NOT IN (
      SELECT seq FROM webhook_deliveries WHERE board_id = ${p(1)} ORDER BY seq DESC LIMIT ${p(2)})`,
  };
}
