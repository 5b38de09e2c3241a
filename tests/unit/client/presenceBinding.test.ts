// @vitest-environment happy-dom
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InstancePresenceRecordType, TLPOINTER_ID, atom, type TLInstancePresence, type TLUser } from 'tldraw';
import {
  bindPresenceToAwareness,
  createEditorUserSignal,
  type PresenceBinding,
} from '../../../client/src/sync/presenceBinding.ts';
import { createEmptyStore, createHeadlessPeer } from './peers.ts';

const THROTTLE_MS = 50;
const NETWORK = 'network';

/** Relays awareness updates from one peer to another, like the sync server does. */
function relayAwareness(from: Awareness, to: Awareness): void {
  from.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
    if (origin === NETWORK) return;
    const changed = [...(added ?? []), ...(updated ?? []), ...(removed ?? [])];
    applyAwarenessUpdate(to, encodeAwarenessUpdate(from, changed), NETWORK);
  });
}

describe('bindPresenceToAwareness', () => {
  const cleanups: (() => void)[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    vi.useRealTimers();
  });

  function setup() {
    const ada = createHeadlessPeer('Ada');
    const awarenessA = new Awareness(new Y.Doc());
    const storeB = createEmptyStore();
    const awarenessB = new Awareness(new Y.Doc());
    relayAwareness(awarenessA, awarenessB);
    relayAwareness(awarenessB, awarenessA);
    const bindings: PresenceBinding[] = [
      bindPresenceToAwareness(ada.store, awarenessA, {
        $user: createEditorUserSignal(ada.editor),
        throttleMs: THROTTLE_MS,
      }),
      bindPresenceToAwareness(storeB, awarenessB, {
        $user: atom<TLUser | null>('observer without presence', null),
        throttleMs: THROTTLE_MS,
      }),
    ];
    cleanups.push(() => {
      for (const binding of bindings) binding.dispose();
      awarenessA.destroy();
      awarenessB.destroy();
    });
    const adaPresenceId = InstancePresenceRecordType.createId(String(awarenessA.clientID));
    const adaPresenceInB = (): TLInstancePresence | undefined => storeB.get(adaPresenceId);
    return { ada, awarenessA, storeB, awarenessB, adaPresenceInB };
  }

  it('publishes the user and presence and mirrors them as an instance_presence record', () => {
    const { ada, awarenessA, adaPresenceInB } = setup();

    expect(awarenessA.getLocalState()).toMatchObject({ user: { name: 'Ada', color: '#39B178' } });
    expect(adaPresenceInB()).toMatchObject({
      userName: 'Ada',
      color: '#39B178',
      userId: ada.editor.user.getRecordId(),
      currentPageId: ada.editor.getCurrentPageId(),
    });
  });

  it('throttles presence updates and delivers the latest cursor', () => {
    const { ada, awarenessA, adaPresenceInB } = setup();
    const updates = vi.fn();
    awarenessA.on('change', updates);

    for (let x = 1; x <= 10; x++) ada.store.update(TLPOINTER_ID, (pointer) => ({ ...pointer, x, y: 7 }));
    vi.advanceTimersByTime(THROTTLE_MS - 1);
    expect(updates).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);

    expect(updates).toHaveBeenCalledTimes(1);
    expect(adaPresenceInB()?.cursor).toMatchObject({ x: 10, y: 7 });
  });

  it('removes the record when the peer leaves', () => {
    const { awarenessA, awarenessB, adaPresenceInB } = setup();
    expect(adaPresenceInB()).toBeDefined();

    removeAwarenessStates(awarenessB, [awarenessA.clientID], NETWORK);
    expect(adaPresenceInB()).toBeUndefined();
  });

  it('ignores a peer whose presence is invalid', () => {
    const { storeB, awarenessB } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const mallory = new Awareness(new Y.Doc());
    cleanups.push(() => mallory.destroy());
    mallory.setLocalState({ user: { name: 'Mallory', color: 'red' }, presence: { cursor: 'nowhere' } });
    applyAwarenessUpdate(awarenessB, encodeAwarenessUpdate(mallory, [mallory.clientID]), NETWORK);

    expect(storeB.get(InstancePresenceRecordType.createId(String(mallory.clientID)))).toBeUndefined();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
