import type { WebhookEvent } from '../../../shared/src/index.ts';
import { inPgTransaction, type PgPool } from '../storage/postgresDatabase.ts';
import {
  deliveryUpdateValues,
  deliveryValues,
  toDelivery,
  toWebhook,
  webhookStatements,
  webhookValues,
  type DeliveryRow,
  type WebhookRow,
} from './webhookRows.ts';
import type { DeliveryUpdate, StoredDelivery, StoredWebhook, WebhookStore } from './webhookStore.ts';

const SQL = webhookStatements((n) => `$${n}`);

/**
 * Webhooks and deliveries in PostgreSQL: every instance lists the same webhooks and log, and
 * the claim (one UPDATE … RETURNING, atomic per row) lets only one instance send a delivery.
 */
export class PostgresWebhookStore implements WebhookStore {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async create(webhook: StoredWebhook): Promise<void> {
    await this.pool.query(SQL.insertWebhook, webhookValues(webhook));
  }

  async list(boardId: string): Promise<StoredWebhook[]> {
    const { rows } = await this.pool.query<WebhookRow>(SQL.listWebhooks, [boardId]);
    return rows.map(toWebhook);
  }

  async subscribers(boardId: string, event: WebhookEvent | 'ping'): Promise<StoredWebhook[]> {
    return (await this.list(boardId)).filter((w) => event === 'ping' || w.events.includes(event));
  }

  async get(webhookId: string): Promise<StoredWebhook | undefined> {
    const { rows } = await this.pool.query<WebhookRow>(SQL.getWebhook, [webhookId]);
    return rows[0] ? toWebhook(rows[0]) : undefined;
  }

  delete(boardId: string, webhookId: string): Promise<boolean> {
    return inPgTransaction(this.pool, async (client) => {
      const removed = await client.query(SQL.deleteWebhook, [boardId, webhookId]);
      await client.query(SQL.deleteWebhookLog, [webhookId]);
      return (removed.rowCount ?? 0) > 0;
    });
  }

  async addDelivery(delivery: StoredDelivery): Promise<void> {
    await this.pool.query(SQL.insertDelivery, deliveryValues(delivery));
  }

  async getDelivery(deliveryId: string): Promise<StoredDelivery | undefined> {
    const { rows } = await this.pool.query<DeliveryRow>(SQL.getDelivery, [deliveryId]);
    return rows[0] ? toDelivery(rows[0]) : undefined;
  }

  async claim(deliveryId: string, now: string, until: string): Promise<StoredDelivery | undefined> {
    const { rows } = await this.pool.query<DeliveryRow>(SQL.claimDelivery, [deliveryId, now, until]);
    return rows[0] ? toDelivery(rows[0]) : undefined;
  }

  async updateDelivery(deliveryId: string, update: DeliveryUpdate): Promise<void> {
    await this.pool.query(SQL.updateDelivery, deliveryUpdateValues(deliveryId, update));
  }

  async deliveries(boardId: string, limit: number): Promise<StoredDelivery[]> {
    const { rows } = await this.pool.query<DeliveryRow>(SQL.deliveries, [boardId, limit]);
    return rows.map(toDelivery);
  }

  async pending(): Promise<StoredDelivery[]> {
    const { rows } = await this.pool.query<DeliveryRow>(SQL.pending);
    return rows.map(toDelivery);
  }

  async prune(boardId: string, keep: number): Promise<void> {
    await this.pool.query(SQL.prune, [boardId, keep]);
  }

  /** The pool is shared; its owner closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
