import type { DatabaseSync } from 'node:sqlite';
import type { WebhookEvent } from '../../../shared/src/index.ts';
import { inTransaction, openBoardDatabase, type SqliteSynchronous } from '../storage/sqliteDatabase.ts';
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS board_webhooks (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS board_webhooks_board ON board_webhooks (board_id);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  webhook_id TEXT NOT NULL,
  board_id TEXT NOT NULL,
  event TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  next_attempt_at TEXT,
  claimed_until TEXT
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_board ON webhook_deliveries (board_id, seq);
CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON webhook_deliveries (status);
`;

const SQL = webhookStatements((n) => `?${n}`);

/** Files written before deliveries could be claimed lack the column. */
function addClaimColumn(db: DatabaseSync): void {
  const columns = db.prepare('PRAGMA table_info(webhook_deliveries)').all() as unknown as { name: string }[];
  if (!columns.some((c) => c.name === 'claimed_until')) db.exec('ALTER TABLE webhook_deliveries ADD COLUMN claimed_until TEXT');
}

/** Webhooks and deliveries in the app's SQLite file, on a connection of their own. */
export class SqliteWebhookStore implements WebhookStore {
  private readonly db: DatabaseSync;

  constructor(options: { dataDir: string; synchronous?: SqliteSynchronous }) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
    addClaimColumn(this.db);
  }

  create(webhook: StoredWebhook): Promise<void> {
    this.db.prepare(SQL.insertWebhook).run(...webhookValues(webhook));
    return Promise.resolve();
  }

  list(boardId: string): Promise<StoredWebhook[]> {
    const rows = this.db.prepare(SQL.listWebhooks).all(boardId) as unknown as WebhookRow[];
    return Promise.resolve(rows.map(toWebhook));
  }

  async subscribers(boardId: string, event: WebhookEvent | 'ping'): Promise<StoredWebhook[]> {
    return (await this.list(boardId)).filter((w) => event === 'ping' || w.events.includes(event));
  }

  get(webhookId: string): Promise<StoredWebhook | undefined> {
    const row = this.db.prepare(SQL.getWebhook).get(webhookId) as WebhookRow | undefined;
    return Promise.resolve(row ? toWebhook(row) : undefined);
  }

  delete(boardId: string, webhookId: string): Promise<boolean> {
    return Promise.resolve(
      inTransaction(this.db, () => {
        const removed = this.db.prepare(SQL.deleteWebhook).run(boardId, webhookId);
        this.db.prepare(SQL.deleteWebhookLog).run(webhookId);
        return Number(removed.changes) > 0;
      }),
    );
  }

  addDelivery(delivery: StoredDelivery): Promise<void> {
    this.db.prepare(SQL.insertDelivery).run(...deliveryValues(delivery));
    return Promise.resolve();
  }

  getDelivery(deliveryId: string): Promise<StoredDelivery | undefined> {
    const row = this.db.prepare(SQL.getDelivery).get(deliveryId) as DeliveryRow | undefined;
    return Promise.resolve(row ? toDelivery(row) : undefined);
  }

  claim(deliveryId: string, now: string, until: string): Promise<StoredDelivery | undefined> {
    const row = this.db.prepare(SQL.claimDelivery).get(deliveryId, now, until) as DeliveryRow | undefined;
    return Promise.resolve(row ? toDelivery(row) : undefined);
  }

  updateDelivery(deliveryId: string, update: DeliveryUpdate): Promise<void> {
    this.db.prepare(SQL.updateDelivery).run(...deliveryUpdateValues(deliveryId, update));
    return Promise.resolve();
  }

  deliveries(boardId: string, limit: number): Promise<StoredDelivery[]> {
    const rows = this.db.prepare(SQL.deliveries).all(boardId, limit) as unknown as DeliveryRow[];
    return Promise.resolve(rows.map(toDelivery));
  }

  pending(): Promise<StoredDelivery[]> {
    const rows = this.db.prepare(SQL.pending).all() as unknown as DeliveryRow[];
    return Promise.resolve(rows.map(toDelivery));
  }

  prune(boardId: string, keep: number): Promise<void> {
    this.db.prepare(SQL.prune).run(boardId, keep);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}
