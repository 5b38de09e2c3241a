import type { Webhook, WebhookDelivery, WebhookEvent } from '../../../shared/src/index.ts';

export interface StoredWebhook extends Webhook {
  /** Needed to sign every delivery, so it is stored as given (never sent back by the API). */
  secret: string;
}

export interface StoredDelivery extends WebhookDelivery {
  boardId: string;
  /** The exact body sent, so retries sign and send the same bytes. */
  body: string;
}

export type DeliveryUpdate = Pick<StoredDelivery, 'status' | 'attempts' | 'lastStatus' | 'lastError' | 'updatedAt' | 'nextAttemptAt'>;

/** Webhooks and their delivery log; one implementation per storage engine (SQLite, PostgreSQL). */
export interface WebhookStore {
  create(webhook: StoredWebhook): Promise<void>;
  list(boardId: string): Promise<StoredWebhook[]>;
  /** Active webhooks of the board that subscribe to `event`. */
  subscribers(boardId: string, event: WebhookEvent | 'ping'): Promise<StoredWebhook[]>;
  get(webhookId: string): Promise<StoredWebhook | undefined>;
  /** False when there was no such webhook on the board. Its log goes with it. */
  delete(boardId: string, webhookId: string): Promise<boolean>;
  addDelivery(delivery: StoredDelivery): Promise<void>;
  getDelivery(deliveryId: string): Promise<StoredDelivery | undefined>;
  /**
   * Takes a pending delivery for one attempt until `until` (ISO time), so that of several instances
   * only one sends it. Undefined when it is not pending, not due at `now`, or held by someone
   * else whose hold has not run out. updateDelivery releases it.
   */
  claim(deliveryId: string, now: string, until: string): Promise<StoredDelivery | undefined>;
  /** Records an attempt's outcome and releases the claim. */
  updateDelivery(deliveryId: string, update: DeliveryUpdate): Promise<void>;
  /** Newest first. */
  deliveries(boardId: string, limit: number): Promise<StoredDelivery[]>;
  /** Every delivery still to be attempted, e.g. after a restart. */
  pending(): Promise<StoredDelivery[]>;
  /** Keeps the newest `keep` deliveries of the board. */
  prune(boardId: string, keep: number): Promise<void>;
  close(): Promise<void>;
}
