import type { DatabaseSync } from 'node:sqlite';
import { DELIVERY_STATUSES, WebhookEventSchema, type WebhookEvent } from '../../../shared/src/index.ts';
import { inTransaction, openBoardDatabase, type SqliteSynchronous } from '../storage/sqliteDatabase.ts';
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
  next_attempt_at TEXT
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_board ON webhook_deliveries (board_id, seq);
CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON webhook_deliveries (status);
`;

interface WebhookRow {
  id: string;
  board_id: string;
  url: string;
  secret: string;
  events: string;
  created_at: string;
}

interface DeliveryRow {
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

function toWebhook(row: WebhookRow): StoredWebhook {
  const events = (JSON.parse(row.events) as unknown[]).flatMap((e) => {
    const parsed = WebhookEventSchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
  return { id: row.id, boardId: row.board_id, url: row.url, secret: row.secret, events, createdAt: row.created_at };
}

function toDelivery(row: DeliveryRow): StoredDelivery {
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

/** Webhooks and deliveries in the app's SQLite file, on a connection of their own. */
export class SqliteWebhookStore implements WebhookStore {
  private readonly db: DatabaseSync;

  constructor(options: { dataDir: string; synchronous?: SqliteSynchronous }) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
  }

  create(webhook: StoredWebhook): Promise<void> {
    this.db
      .prepare('INSERT INTO board_webhooks (id, board_id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(webhook.id, webhook.boardId, webhook.url, webhook.secret, JSON.stringify(webhook.events), webhook.createdAt);
    return Promise.resolve();
  }

  list(boardId: string): Promise<StoredWebhook[]> {
    const rows = this.db.prepare('SELECT * FROM board_webhooks WHERE board_id = ? ORDER BY created_at').all(boardId) as unknown as WebhookRow[];
    return Promise.resolve(rows.map(toWebhook));
  }

  async subscribers(boardId: string, event: WebhookEvent | 'ping'): Promise<StoredWebhook[]> {
    return (await this.list(boardId)).filter((w) => event === 'ping' || w.events.includes(event));
  }

  get(webhookId: string): Promise<StoredWebhook | undefined> {
    const row = this.db.prepare('SELECT * FROM board_webhooks WHERE id = ?').get(webhookId) as WebhookRow | undefined;
    return Promise.resolve(row ? toWebhook(row) : undefined);
  }

  delete(boardId: string, webhookId: string): Promise<boolean> {
    return Promise.resolve(
      inTransaction(this.db, () => {
        const removed = this.db.prepare('DELETE FROM board_webhooks WHERE board_id = ? AND id = ?').run(boardId, webhookId);
        this.db.prepare('DELETE FROM webhook_deliveries WHERE webhook_id = ?').run(webhookId);
        return Number(removed.changes) > 0;
      }),
    );
  }

  addDelivery(d: StoredDelivery): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO webhook_deliveries (id, webhook_id, board_id, event, body, status, attempts, last_status, last_error, created_at, updated_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.id, d.webhookId, d.boardId, d.event, d.body, d.status, d.attempts, d.lastStatus, d.lastError, d.createdAt, d.updatedAt, d.nextAttemptAt);
    return Promise.resolve();
  }

  getDelivery(deliveryId: string): Promise<StoredDelivery | undefined> {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(deliveryId) as DeliveryRow | undefined;
    return Promise.resolve(row ? toDelivery(row) : undefined);
  }

  updateDelivery(deliveryId: string, u: DeliveryUpdate): Promise<void> {
    this.db
      .prepare('UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status = ?, last_error = ?, updated_at = ?, next_attempt_at = ? WHERE id = ?')
      .run(u.status, u.attempts, u.lastStatus, u.lastError, u.updatedAt, u.nextAttemptAt, deliveryId);
    return Promise.resolve();
  }

  deliveries(boardId: string, limit: number): Promise<StoredDelivery[]> {
    const rows = this.db
      .prepare('SELECT * FROM webhook_deliveries WHERE board_id = ? ORDER BY seq DESC LIMIT ?')
      .all(boardId, limit) as unknown as DeliveryRow[];
    return Promise.resolve(rows.map(toDelivery));
  }

  pending(): Promise<StoredDelivery[]> {
    const rows = this.db.prepare("SELECT * FROM webhook_deliveries WHERE status = 'pending' ORDER BY seq").all() as unknown as DeliveryRow[];
    return Promise.resolve(rows.map(toDelivery));
  }

  prune(boardId: string, keep: number): Promise<void> {
    this.db
      .prepare(
        `DELETE FROM webhook_deliveries WHERE board_id = ? AND status <> 'pending' AND seq NOT IN (
           SELECT seq FROM webhook_deliveries WHERE board_id = ? ORDER BY seq DESC LIMIT ?)`,
      )
      .run(boardId, boardId, keep);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}
