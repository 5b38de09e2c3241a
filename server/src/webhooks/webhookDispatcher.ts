import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Logger } from 'pino';
import type { WebhookEvent } from '../../../shared/src/index.ts';
import type { WebhookOptions } from './webhookConfig.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.ts';
import type { TargetPolicy } from './targetPolicy.ts';
import type { StoredDelivery, StoredWebhook, WebhookStore } from './webhookStore.ts';

/** Deliveries kept per board in the log (pending ones are never dropped). */
const LOG_SIZE = 200;

/** How long a claim outlasts the request's own timeout (writing the outcome, clock skew). */
const CLAIM_MARGIN_MS = 30_000;
/** A timer firing at most this early is its own delivery's; a later due time belongs to another claimant's retry. */
const EARLY_TIMER_SLACK_MS = 1_000;

type AttemptResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Sends webhook deliveries: each is stored first (the log), signed, POSTed, and retried with
 * exponential backoff until it succeeds or runs out of attempts. Pending deliveries survive a
 * restart. Redirects are not followed: a 3xx is a failed attempt.
 */
export class WebhookDispatcher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private readonly store: WebhookStore;
  private readonly policy: TargetPolicy;
  private readonly options: WebhookOptions;
  private readonly log: Logger;

  constructor(store: WebhookStore, policy: TargetPolicy, options: WebhookOptions, log: Logger) {
    this.store = store;
    this.policy = policy;
    this.options = options;
    this.log = log;
  }

  /** Picks up deliveries left pending by the previous run. */
  async start(): Promise<void> {
    for (const delivery of await this.store.pending()) {
      const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) - Date.now() : 0;
      this.schedule(delivery.id, Math.max(0, due));
    }
  }

  /** Queues one delivery of `event` to every webhook of the board that subscribes to it. */
  async emit(boardId: string, event: WebhookEvent | 'ping', data: unknown, only?: StoredWebhook): Promise<StoredDelivery[]> {
    if (this.closed || !this.policy.enabled) return [];
    const webhooks = only ? [only] : await this.store.subscribers(boardId, event);
    const created: StoredDelivery[] = [];
    for (const webhook of webhooks) {
      const id = newId();
      const now = new Date().toISOString();
      const body = JSON.stringify({ id, event, boardId, occurredAt: now, data });
      const delivery: StoredDelivery = {
        id,
        webhookId: webhook.id,
        boardId,
        event,
        body,
        status: 'pending',
        attempts: 0,
        lastStatus: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
        nextAttemptAt: now,
      };
      await this.store.addDelivery(delivery);
      await this.store.prune(boardId, LOG_SIZE);
      this.schedule(id, 0);
      created.push(delivery);
    }
    return created;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  /** The wait before retry number `attempt` (1 = first retry). */
  backoffMs(attempt: number): number {
    return Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (attempt - 1));
  }

  private schedule(deliveryId: string, delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(deliveryId));
    const dueAt = Date.now() + delayMs;
    const timer = setTimeout(() => {
      this.timers.delete(deliveryId);
      const run = this.attempt(deliveryId, dueAt).catch((error: unknown) => {
        this.log.error({ deliveryId, err: error }, 'webhook delivery attempt failed unexpectedly');
      });
      this.inFlight.add(run);
      void run.finally(() => this.inFlight.delete(run));
    }, delayMs);
    timer.unref();
    this.timers.set(deliveryId, timer);
  }

  /**
   * One attempt, by whichever instance claims the delivery first; the others drop their timer
   * (the claimant schedules any retry). The claim outlasts the request, so a crashed
   * claimant's delivery is sent again only by an instance started after the claim ran out.
   */
  private async attempt(deliveryId: string, dueAt: number): Promise<void> {
    // Timers run on a monotonic clock and may fire a millisecond before the wall-clock due time
    // the claim compares with; claiming as of the due time keeps such a retry from being dropped.
    const claimedAt = Math.max(Date.now(), dueAt);
    const until = new Date(claimedAt + this.options.timeoutMs + CLAIM_MARGIN_MS).toISOString();
    const delivery = await this.store.claim(deliveryId, new Date(claimedAt).toISOString(), until);
    if (!delivery) {
      this.rescheduleIfEarly(await this.store.getDelivery(deliveryId));
      return;
    }
    const webhook = await this.store.get(delivery.webhookId);
    const result: AttemptResult = webhook ? await this.send(webhook, delivery) : { ok: false, status: null, error: 'the webhook was deleted' };
    const attempts = delivery.attempts + 1;
    const now = new Date();
    const last = { attempts, lastStatus: result.status, lastError: result.ok ? null : result.error, updatedAt: now.toISOString() };
    if (result.ok) {
      await this.store.updateDelivery(deliveryId, { ...last, status: 'delivered', nextAttemptAt: null });
      return;
    }
    if (!webhook || attempts >= this.options.maxAttempts) {
      await this.store.updateDelivery(deliveryId, { ...last, status: 'failed', nextAttemptAt: null });
      this.log.warn({ deliveryId, boardId: delivery.boardId, attempts, error: result.error }, 'webhook delivery failed for good');
      return;
    }
    const wait = this.backoffMs(attempts);
    await this.store.updateDelivery(deliveryId, { ...last, status: 'pending', nextAttemptAt: new Date(now.getTime() + wait).toISOString() });
    this.schedule(deliveryId, wait);
  }

  /** A timer may fire a moment before the delivery's due time (clock granularity): try again then. */
  private rescheduleIfEarly(delivery: StoredDelivery | undefined): void {
    if (delivery?.status !== 'pending' || !delivery.nextAttemptAt) return;
    const wait = Date.parse(delivery.nextAttemptAt) - Date.now();
    if (wait > 0 && wait <= EARLY_TIMER_SLACK_MS) this.schedule(delivery.id, wait);
  }

  private async send(webhook: StoredWebhook, delivery: StoredDelivery): Promise<AttemptResult> {
    const target = await this.policy.resolve(webhook.url);
    if (!target.ok) return { ok: false, status: null, error: target.reason };
    const { url, address, family } = target;
    // Connect to the address that was checked, never to a second, possibly different, DNS answer.
    const pinnedLookup: LookupFunction = (_host, options, callback) => {
      if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const timestamp = Math.floor(Date.now() / 1000);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<AttemptResult>((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          lookup: pinnedLookup,
          agent: false,
          timeout: this.options.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Journeyboard-Webhooks',
            [SIGNATURE_HEADER]: signatureHeader(webhook.secret, timestamp, delivery.body),
            [EVENT_HEADER]: delivery.event,
            [DELIVERY_HEADER]: delivery.id,
          },
        },
        (response: IncomingMessage) => {
          response.resume();
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ ok: true, status });
          else if (status >= 300 && status < 400) resolve({ ok: false, status, error: `redirect to ${response.headers.location ?? '?'} not followed` });
          else resolve({ ok: false, status, error: `the receiver answered ${status}` });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      req.on('error', (error) => resolve({ ok: false, status: null, error: error.message }));
      req.end(delivery.body);
    });
  }
}
