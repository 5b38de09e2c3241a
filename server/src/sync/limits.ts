/** Per-connection limits of the sync endpoint; each has an env setting (README, Configuration). */
export interface SyncLimits {
  maxMessageBytes: number;
  maxMessagesPerSecond: number;
  maxBytesPerSecond: number;
  maxAwarenessBytes: number;
  maxAwarenessPerSecond: number;
  maxConnectionsPerBoard: number;
  maxDocBytes: number;
  maxBufferedBytes: number;
  handshakeTimeoutMs: number;
  idleTimeoutMs: number;
  heartbeatMs: number;
  /** Origins allowed to open sync sockets besides the server's own; '*' allows all. */
  allowedOrigins: readonly string[];
}

/**
 * A token bucket: `rate` tokens per second, holding at most `burst`. Short bursts
 * (a paste, a reconnect catching up) pass; a sustained flood does not.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private readonly rate: number;
  private readonly burst: number;

  constructor(rate: number, burst: number) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
  }

  take(amount = 1): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}

/** Browsers send Origin; other clients (Node providers, integrations) do not and are allowed. */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
