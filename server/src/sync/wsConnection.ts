import type { WebSocket } from 'ws';
import { CloseCode, truncateCloseReason, type Role } from '../../../shared/src/index.ts';
import type { RoomConnection } from '../rooms/connection.ts';
import { TokenBucket, type SyncLimits } from './limits.ts';
import type { ClientMessage } from './protocol.ts';

let connectionCounter = 0;

export interface Refusal {
  code: number;
  reason: string;
}

/**
 * One participant's socket, with the per-connection limits: message and byte
 * rates, awareness size and rate, send-buffer size (slow consumers), handshake
 * and idle timeouts, and a heartbeat that drops dead peers.
 */
export class WsConnection implements RoomConnection {
  readonly id = `c${(connectionCounter += 1).toString(36)}`;
  readonly wantsExtensions: boolean;
  readonly role: Role;
  readonly profileRecordId: string | undefined;
  private readonly socket: WebSocket;
  private readonly limits: SyncLimits;
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private readonly awareness: TokenBucket;
  private readonly timers: NodeJS.Timeout[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private alive = true;
  /** Set once the server decided to close: later frames (already in flight) are ignored. */
  closing = false;
  private readonly onRefused: (reason: string) => void;

  constructor(
    socket: WebSocket,
    options: { wantsExtensions: boolean; role: Role; profileRecordId?: string; limits: SyncLimits; onRefused: (reason: string) => void },
  ) {
    this.socket = socket;
    this.wantsExtensions = options.wantsExtensions;
    this.role = options.role;
    this.profileRecordId = options.profileRecordId;
    this.limits = options.limits;
    const { maxMessagesPerSecond, maxBytesPerSecond, maxAwarenessPerSecond } = options.limits;
    this.messages = new TokenBucket(maxMessagesPerSecond, maxMessagesPerSecond * 2);
    this.bytes = new TokenBucket(maxBytesPerSecond, Math.max(maxBytesPerSecond * 2, options.limits.maxMessageBytes));
    this.awareness = new TokenBucket(maxAwarenessPerSecond, maxAwarenessPerSecond * 2);

    this.onRefused = options.onRefused;
    const timeout = (reason: string) => {
      options.onRefused(reason);
      this.close(CloseCode.Timeout, reason);
    };
    this.handshakeTimer = setTimeout(() => timeout('no sync handshake in time'), this.limits.handshakeTimeoutMs);
    this.resetIdleTimer = () => {
      // Runs for every message: rescheduling the one timer allocates nothing.
      if (this.idleTimer) this.idleTimer.refresh();
      else this.idleTimer = setTimeout(() => timeout('idle timeout'), this.limits.idleTimeoutMs);
    };
    this.resetIdleTimer();
    socket.on('pong', () => {
      this.alive = true;
    });
    const heartbeat = setInterval(() => {
      if (!this.alive) {
        socket.terminate();
        return;
      }
      this.alive = false;
      socket.ping();
    }, this.limits.heartbeatMs);
    this.timers.push(heartbeat);
    socket.once('close', () => this.dispose());
  }

  private readonly resetIdleTimer: () => void;

  /** Checks a raw frame against the rate limits before it is decoded. */
  admitFrame(byteLength: number): Refusal | null {
    this.resetIdleTimer();
    if (!this.messages.take()) return { code: CloseCode.RateLimited, reason: `rate limit: more than ${this.limits.maxMessagesPerSecond} messages per second` };
    if (!this.bytes.take(byteLength)) return { code: CloseCode.RateLimited, reason: `rate limit: more than ${this.limits.maxBytesPerSecond} bytes per second` };
    return null;
  }

  /**
   * Checks a decoded message: awareness size closes the socket, awareness beyond its
   * rate is dropped ('drop'), anything else passes (null).
   */
  admitMessage(message: ClientMessage): Refusal | 'drop' | null {
    if (message.kind === 'sync-step1' && this.handshakeTimer) {
      clearTimeout(this.handshakeTimer);
      this.handshakeTimer = undefined;
    }
    if (message.kind !== 'awareness') return null;
    if (message.update.byteLength > this.limits.maxAwarenessBytes) {
      return { code: CloseCode.MessageTooLarge, reason: `awareness state too large: ${message.update.byteLength} bytes, limit ${this.limits.maxAwarenessBytes}` };
    }
    return this.awareness.take() ? null : 'drop';
  }

  send(message: Uint8Array, onWritten?: () => void): void {
    if (this.socket.readyState !== this.socket.OPEN) {
      onWritten?.();
      return;
    }
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      const reason = 'connection too slow to keep up with the board';
      this.onRefused(reason);
      this.close(CloseCode.SlowConsumer, reason);
      // The close frame queues behind the backlog; do not keep that memory waiting for it.
      setTimeout(() => this.socket.terminate(), 2_000).unref();
      onWritten?.();
      return;
    }
    if (onWritten) this.socket.send(message, () => onWritten());
    else this.socket.send(message);
  }

  close(code: number, reason: string): void {
    this.closing = true;
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, truncateCloseReason(reason));
    }
    this.dispose();
  }

  private dispose(): void {
    for (const timer of this.timers) clearInterval(timer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
  }
}
