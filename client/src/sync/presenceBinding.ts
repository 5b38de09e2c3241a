import type { Awareness } from 'y-protocols/awareness';
import {
  InstancePresenceRecordType,
  UserRecordType,
  computed,
  createPresenceStateDerivation,
  react,
  type Editor,
  type Signal,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from 'tldraw';

/** What each peer publishes in its awareness state. */
export interface AwarenessState {
  user: { name: string; color: string };
  presence: TLInstancePresence | null;
}

export interface PresenceBindingOptions {
  /** The local user; its id must be the editor's `user.getRecordId()` so tldraw knows "me". */
  $user: Signal<TLUser | null>;
  /** Minimum time between two awareness updates. Default: ~30 per second, like tldraw sync. */
  throttleMs?: number;
}

export interface PresenceBinding {
  dispose(): void;
}

const DEFAULT_THROTTLE_MS = 1000 / 30;

/** The editor's user as the record tldraw's presence derivation expects, following name and colour edits. */
export function createEditorUserSignal(editor: Editor): Signal<TLUser> {
  return computed('presence user', () =>
    UserRecordType.create({
      id: editor.user.getRecordId(),
      name: editor.user.getName(),
      color: editor.user.getColor(),
    }),
  );
}

/** Presence records are keyed by awareness client id, so a peer cannot overwrite another's. */
function presenceIdFor(clientId: number): TLInstancePresence['id'] {
  return InstancePresenceRecordType.createId(String(clientId));
}

function readPresence(state: Record<string, unknown> | undefined): Record<string, unknown> | null {
  const presence = state?.['presence'];
  return typeof presence === 'object' && presence !== null && !Array.isArray(presence)
    ? (presence as Record<string, unknown>)
    : null;
}

/**
 * Publishes the local user's cursor, selection and viewport through Yjs awareness and mirrors every
 * remote peer's state as an `instance_presence` record, which is what tldraw's live cursors,
 * people menu and "follow" read.
 */
export function bindPresenceToAwareness(
  store: TLStore,
  awareness: Awareness,
  options: PresenceBindingOptions,
): PresenceBinding {
  const throttleMs = options.throttleMs ?? DEFAULT_THROTTLE_MS;
  const $presence = createPresenceStateDerivation(options.$user, {
    instanceId: presenceIdFor(awareness.clientID),
  })(store);
  const mirroredIds = new Set<TLInstancePresence['id']>();

  let publishTimer: ReturnType<typeof setTimeout> | undefined;
  let lastPublishAt = -Infinity;

  function publish(): void {
    publishTimer = undefined;
    lastPublishAt = Date.now();
    const user = options.$user.get();
    const state: AwarenessState = {
      user: { name: user?.name ?? '', color: user?.color ?? '' },
      presence: $presence.get(),
    };
    awareness.setLocalState({ ...awareness.getLocalState(), ...state });
  }

  const stopPublishing = react('publish presence to awareness', () => {
    // Read inside the reaction so it re-runs whenever the presence changes.
    $presence.get();
    if (publishTimer !== undefined) return;
    const wait = lastPublishAt + throttleMs - Date.now();
    if (wait <= 0) publish();
    else publishTimer = setTimeout(publish, wait);
  });

  function mirrorRemoteStates(clientIds: Iterable<number>): void {
    const upserts: TLInstancePresence[] = [];
    const removals: TLInstancePresence['id'][] = [];
    const states = awareness.getStates();
    for (const clientId of clientIds) {
      if (clientId === awareness.clientID) continue;
      const id = presenceIdFor(clientId);
      const presence = readPresence(states.get(clientId));
      if (presence) {
        upserts.push({ ...presence, id, typeName: 'instance_presence' } as TLInstancePresence);
      } else if (mirroredIds.has(id)) {
        removals.push(id);
      }
    }
    if (upserts.length === 0 && removals.length === 0) return;
    store.mergeRemoteChanges(() => {
      if (removals.length > 0) store.remove(removals);
      for (const id of removals) mirroredIds.delete(id);
      for (const record of upserts) {
        try {
          store.put([record]);
          mirroredIds.add(record.id);
        } catch (error) {
          console.warn(`Journeyboard: ignored invalid presence from peer ${record.id}`, error);
        }
      }
    });
  }

  type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
  function onAwarenessChange({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    if (origin === 'local') return;
    mirrorRemoteStates([...added, ...updated, ...removed]);
  }
  awareness.on('change', onAwarenessChange);
  mirrorRemoteStates(awareness.getStates().keys());

  return {
    dispose() {
      stopPublishing();
      if (publishTimer !== undefined) clearTimeout(publishTimer);
      awareness.off('change', onAwarenessChange);
      awareness.setLocalStateField('presence', null);
      if (mirroredIds.size > 0) {
        const ids = [...mirroredIds];
        mirroredIds.clear();
        store.mergeRemoteChanges(() => store.remove(ids));
      }
    },
  };
}
