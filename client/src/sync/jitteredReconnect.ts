import type { WebsocketProvider } from 'y-websocket';

export interface JitteredReconnectOptions {
  /** Close codes after which reconnecting cannot help. */
  isPermanent: (code: number) => boolean;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/**
 * y-websocket retries on a fixed exponential schedule without jitter, so every
 * client of a restarted server reconnects in the same instant. This takes over:
 * after a server-side close, wait a random time up to an exponentially growing
 * cap ("full jitter"), so reconnects spread out. Returns a dispose function.
 */
export function installJitteredReconnect(provider: WebsocketProvider, options: JitteredReconnectOptions): () => void {
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const random = options.random ?? Math.random;
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Never let y-websocket reconnect on its own after a server close; 'closed' fires instead.
  provider.shouldReconnect = () => false;

  const onClosed = ({ code }: { code: number }) => {
    if (options.isPermanent(code)) return;
    attempts += 1;
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** attempts);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      provider.connect();
    }, random() * cap);
  };
  const onSync = (synced: boolean) => {
    if (synced) attempts = 0;
  };
  provider.on('closed', onClosed);
  provider.on('sync', onSync);
  return () => {
    if (timer) clearTimeout(timer);
    provider.off('closed', onClosed);
    provider.off('sync', onSync);
  };
}
