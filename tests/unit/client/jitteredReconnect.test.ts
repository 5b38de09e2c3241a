import { afterEach, describe, expect, it, vi } from 'vitest';
import { installJitteredReconnect } from '../../../client/src/sync/jitteredReconnect.ts';
import type { WebsocketProvider } from 'y-websocket';

type Listener = (...args: never[]) => void;

/** Just the part of a WebsocketProvider the reconnect logic touches. */
function fakeProvider() {
  const listeners = new Map<string, Set<Listener>>();
  const provider = {
    shouldReconnect: (() => true) as () => boolean,
    connect: vi.fn(),
    on: (name: string, fn: Listener) => listeners.set(name, (listeners.get(name) ?? new Set()).add(fn)),
    off: (name: string, fn: Listener) => listeners.get(name)?.delete(fn),
    emit: (name: string, ...args: unknown[]) => {
      for (const fn of listeners.get(name) ?? []) (fn as (...a: unknown[]) => void)(...args);
    },
  };
  return provider;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('jittered reconnect', () => {
  it('spreads reconnects randomly below a cap that grows with each failed attempt, and resets after a sync', () => {
    vi.useFakeTimers();
    const provider = fakeProvider();
    const randoms = [0.5, 0.5, 0.5, 0.25];
    installJitteredReconnect(provider as unknown as WebsocketProvider, {
      isPermanent: (code) => code === 4404,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => randoms.shift() ?? 0,
    });
    expect(provider.shouldReconnect()).toBe(false);

    provider.emit('closed', { code: 1006, reason: '' });
    vi.advanceTimersByTime(99);
    expect(provider.connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(provider.connect).toHaveBeenCalledTimes(1); // 0.5 x 200

    provider.emit('closed', { code: 1001, reason: 'server shutting down' });
    vi.advanceTimersByTime(199);
    expect(provider.connect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(provider.connect).toHaveBeenCalledTimes(2); // 0.5 x 400

    provider.emit('closed', { code: 1006, reason: '' });
    vi.advanceTimersByTime(400);
    expect(provider.connect).toHaveBeenCalledTimes(3); // 0.5 x 800

    provider.emit('sync', true);
    provider.emit('closed', { code: 1006, reason: '' });
    vi.advanceTimersByTime(50);
    expect(provider.connect).toHaveBeenCalledTimes(4); // 0.25 x 200 after the reset
  });

  it('does not reconnect after a permanent close', () => {
    vi.useFakeTimers();
    const provider = fakeProvider();
    installJitteredReconnect(provider as unknown as WebsocketProvider, { isPermanent: (code) => code === 4404 });
    provider.emit('closed', { code: 4404, reason: 'unknown board' });
    vi.advanceTimersByTime(60_000);
    expect(provider.connect).not.toHaveBeenCalled();
  });
});
