/**
 * The board's local copy (IndexedDB) is written once per interval while edits stream in, and
 * nothing is lost: what waits is written at the interval's end, when the page is hidden or
 * closed, and when the board is closed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { coalesceLocalCopyWrites, type PageLifecycle } from '../../../client/src/sync/coalescedLocalCopy.ts';

const INTERVAL = 100;

function setUp() {
  const doc = new Y.Doc();
  const written: Uint8Array[] = [];
  const persistence = { _storeUpdate: (update: Uint8Array) => void written.push(update) };
  // What y-indexeddb does on creation: it listens to every update itself.
  doc.on('update', persistence._storeUpdate);
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const page: PageLifecycle = { window, document };
  const stop = coalesceLocalCopyWrites(persistence, doc, { intervalMs: INTERVAL, page });
  const cards = doc.getMap<string>('cards');
  /** The doc that the written updates rebuild, as a reload would find it. */
  const reloaded = () => {
    const copy = new Y.Doc();
    for (const update of written) Y.applyUpdate(copy, update);
    return copy.getMap<string>('cards').toJSON();
  };
  return { doc, cards, written, reloaded, stop, window, document, persistence };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the local copy of a board', () => {
  it('takes a lone edit at once, and a stream of edits once per interval, losing none', () => {
    const { cards, written, reloaded } = setUp();
    cards.set('a', 'first');
    expect(written).toHaveLength(1);
    expect(reloaded()).toEqual({ a: 'first' });

    for (let i = 0; i < 30; i++) cards.set(`drag`, `x=${i}`);
    expect(written).toHaveLength(1);
    vi.advanceTimersByTime(INTERVAL);
    expect(written).toHaveLength(2);
    expect(reloaded()).toEqual({ a: 'first', drag: 'x=29' });

    // A quiet interval ends the throttle: the next lone edit is written at once again.
    vi.advanceTimersByTime(INTERVAL);
    cards.set('b', 'later');
    expect(written).toHaveLength(3);
    expect(reloaded()).toEqual({ a: 'first', drag: 'x=29', b: 'later' });
  });

  it('writes what waits when the page is hidden, closed, or the board is closed', () => {
    const { cards, written, reloaded, stop, window, document } = setUp();
    cards.set('a', '1');
    cards.set('b', '2');
    expect(written).toHaveLength(1);
    document.visibilityState = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(reloaded()).toEqual({ a: '1', b: '2' });

    cards.set('c', '3');
    window.dispatchEvent(new Event('pagehide'));
    expect(reloaded()).toEqual({ a: '1', b: '2', c: '3' });

    cards.set('d', '4');
    stop();
    expect(reloaded()).toEqual({ a: '1', b: '2', c: '3', d: '4' });
    const count = written.length;
    cards.set('e', 'after close');
    vi.runAllTimers();
    expect(written).toHaveLength(count);
  });

  it('writes every update at once while the page is hidden, and what waits when it is frozen', () => {
    const { cards, written, reloaded, document } = setUp();
    cards.set('a', '1');
    cards.set('b', '2');
    document.dispatchEvent(new Event('freeze'));
    expect(reloaded()).toEqual({ a: '1', b: '2' });

    vi.runAllTimers();
    document.visibilityState = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    const before = written.length;
    for (let i = 0; i < 3; i++) cards.set(`remote${i}`, 'edit');
    expect(written).toHaveLength(before + 3);
    expect(reloaded()).toEqual({ a: '1', b: '2', remote0: 'edit', remote1: 'edit', remote2: 'edit' });
  });

  it('does not write back what the local copy itself loaded', () => {
    const { doc, written, persistence } = setUp();
    const stored = new Y.Doc();
    stored.getMap<string>('cards').set('from', 'disk');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(stored), persistence);
    vi.runAllTimers();
    expect(written).toHaveLength(0);
  });
});
