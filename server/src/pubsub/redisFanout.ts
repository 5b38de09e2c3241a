import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { decodeFanoutMessage, encodeFanoutMessage, INSTANCE_ID_BYTES, type BoardFanout, type FanoutHandler, type FanoutMessage } from './fanout.ts';

const CHANNEL_PREFIX = 'journeyboard:board:';
/** How long a board load waits for its subscription before relying on catch-up. */
const SUBSCRIBE_WAIT_MS = 2_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export interface RedisFanoutOptions {
  url: string;
  log: Logger;
}

/**
 * Fan-out over Redis pub/sub: one channel per board, binary frames. Redis holds nothing
 * durable here (no keys, so no eviction policy matters): while it is away, publishes are
 * dropped, and when the subscriber connection comes back every resync listener runs so
 * the rooms read what they missed from PostgreSQL.
 */
export class RedisFanout implements BoardFanout {
  private readonly instanceId = randomBytes(INSTANCE_ID_BYTES);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<FanoutHandler>>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly log: Logger;

  constructor(options: RedisFanoutOptions) {
    this.log = options.log;
    // No offline queue for publishes: a late live message is worth nothing, catch-up covers it.
    this.publisher = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    this.subscriber = new Redis(options.url, { maxRetriesPerRequest: null });
    for (const [name, connection] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
      connection.on('error', (error: Error) => this.log.warn({ err: error, connection: name }, 'Redis connection error'));
    }
    // Either connection coming back means messages may have been lost (subscriber) or
    // dropped unsent (publisher): listeners catch up and re-announce presence.
    for (const connection of [this.publisher, this.subscriber]) {
      let wasReady = false;
      let lostSinceReady = false;
      connection.on('close', () => {
        if (wasReady) lostSinceReady = true;
      });
      connection.on('ready', () => {
        // Subscriptions made before the first connection may have missed messages too.
        const missedSome = lostSinceReady || (!wasReady && this.handlers.size > 0);
        wasReady = true;
        lostSinceReady = false;
        if (!missedSome) return;
        this.log.warn('Redis is back; catching up boards from storage');
        // ioredis resubscribes right after 'ready'; a PING answered after those commands
        // means the subscriptions are live again, so the catch-up read misses nothing.
        setImmediate(() => {
          void connection
            .ping()
            .catch(() => undefined)
            .then(() => {
              for (const listener of this.resyncListeners) listener();
            });
        });
      });
    }
    this.subscriber.on('messageBuffer', (channel: Buffer, frame: Buffer) => this.deliver(channel.toString(), frame));
  }

  async subscribe(boardId: string, handler: FanoutHandler): Promise<() => void> {
    const channel = CHANNEL_PREFIX + boardId;
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      // ioredis resubscribes by itself after a reconnect. While Redis is away the board
      // loads anyway; the resync when it returns covers what was published meanwhile.
      const subscribed = this.subscriber.subscribe(channel).then(
        () => undefined,
        (error: unknown) => this.log.warn({ err: error, channel }, 'subscribing failed; relying on catch-up'),
      );
      if (this.subscriber.status === 'ready') await Promise.race([subscribed, delay(SUBSCRIBE_WAIT_MS)]);
    }
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size > 0 || this.handlers.get(channel) !== handlers) return;
      this.handlers.delete(channel);
      this.subscriber.unsubscribe(channel).catch((error: unknown) => this.log.debug({ err: error, channel }, 'unsubscribe failed'));
    };
  }

  publish(boardId: string, message: FanoutMessage): void {
    if (this.publisher.status !== 'ready') return;
    this.publisher
      .publish(CHANNEL_PREFIX + boardId, encodeFanoutMessage(this.instanceId, message))
      .catch((error: unknown) => this.log.debug({ err: error, boardId }, 'publish dropped'));
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.resyncListeners.clear();
    this.publisher.disconnect();
    this.subscriber.disconnect();
    await Promise.resolve();
  }

  private deliver(channel: string, frame: Buffer): void {
    const message = decodeFanoutMessage(this.instanceId, frame);
    if (!message) return;
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(message);
      } catch (error) {
        this.log.error({ err: error, channel }, 'applying a message from another instance failed');
      }
    }
  }
}
