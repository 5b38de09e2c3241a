import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import { atom, react, type Signal } from 'tldraw';
import {
  EXTENSIONS_QUERY_PARAM,
  PROFILE_KEY_QUERY_PARAM,
  TOKEN_QUERY_PARAM,
  MessageType,
  PERMANENT_CLOSE_CODES,
  SYNC_PATH_PREFIX,
} from '../../../shared/src/index.ts';
import { profileKey } from '../user/userPreferences.ts';
import { getRecordsKeyValue } from './boardDoc.ts';
import { coalesceLocalCopyWrites } from './coalescedLocalCopy.ts';
import { installJitteredReconnect } from './jitteredReconnect.ts';
import { createSaveStateTracker, type SaveStateTracker } from './saveStateTracker.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

export interface PermanentClose {
  code: number;
  reason: string;
}

export interface RecordRejection {
  recordId: string;
  reason: string;
}

export interface BoardConnection {
  readonly boardId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly $status: Signal<ConnectionStatus>;
  /** Set when the server refused the board for good; reconnecting has stopped. */
  readonly $permanentClose: Signal<PermanentClose | null>;
  readonly saveState: SaveStateTracker;
  /** The last change of ours that the server reverted (invalid or not allowed), with its reason. */
  readonly $lastRejection: Signal<RecordRejection | null>;
  /**
   * Resolves when the doc holds what is known about the board: the IndexedDB copy is loaded and
   * either it has records, the server has synced, or the server cannot be reached (offline).
   */
  readonly ready: Promise<void>;
  destroy(): void;
}

export function syncServerUrl(location: Location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}${SYNC_PATH_PREFIX}`;
}

function whenTrue(name: string, condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = react(name, () => {
      if (!condition()) return;
      resolve();
      // Deferred: the reaction may run synchronously before `stop` is assigned.
      queueMicrotask(() => stop());
    });
  });
}

/**
 * Opens a board's Y.Doc: local copy in IndexedDB (so offline edits survive a reload) and the
 * y-websocket connection with Journeyboard's save-state extension. Every listener is registered
 * once here; y-websocket reconnects reuse them, so nothing is subscribed twice.
 */
export function openBoardConnection(boardId: string, serverUrl: string, token?: string): BoardConnection {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const persistence = new IndexeddbPersistence(`journeyboard-${boardId}`, doc);
  const stopCoalescingLocalWrites = coalesceLocalCopyWrites(persistence, doc);
  const saveState = createSaveStateTracker(doc);
  const $status = atom<ConnectionStatus>('connection status', 'connecting');
  const $permanentClose = atom<PermanentClose | null>('permanent close', null);
  const $hasSynced = atom('has synced with server', false);
  const $localCopyLoaded = atom('local copy loaded', false);

  const provider = new WebsocketProvider(serverUrl, boardId, doc, {
    awareness,
    params: { [EXTENSIONS_QUERY_PARAM]: '1', [PROFILE_KEY_QUERY_PARAM]: profileKey(), ...(token ? { [TOKEN_QUERY_PARAM]: token } : {}) },
  });
  // Spread reconnects after a server restart; codes outside PERMANENT_CLOSE_CODES (e.g. 4429
  // rate limited, 4430 board full) are worth retrying.
  const disposeReconnect = installJitteredReconnect(provider, { isPermanent: (code) => PERMANENT_CLOSE_CODES.has(code) });
  provider.messageHandlers[MessageType.SaveState] = (_encoder, decoder) => {
    saveState.receiveSaveStateMessage(decoder);
  };
  const $lastRejection = atom<RecordRejection | null>('last rejected change', null);
  provider.messageHandlers[MessageType.RecordRejected] = (_encoder, decoder) => {
    const rejection = { recordId: decoding.readVarString(decoder), reason: decoding.readVarString(decoder) };
    console.warn('The server reverted a change', rejection);
    $lastRejection.set(rejection);
  };

  provider.on('status', ({ status }) => {
    if (status === 'disconnected') $status.set('offline');
    // While retrying after a lost connection, stay "offline" rather than flicker to "connecting".
    else if (status === 'connecting' && $status.get() !== 'offline') $status.set('connecting');
  });
  provider.on('sync', (synced) => {
    if (!synced) return;
    $hasSynced.set(true);
    $status.set('connected');
  });
  provider.on('connection-close', (event) => {
    $status.set('offline');
    if (event && PERMANENT_CLOSE_CODES.has(event.code)) {
      provider.disconnect();
      $permanentClose.set({ code: event.code, reason: event.reason });
    }
  });
  provider.on('connection-error', () => {
    $status.set('offline');
  });

  void persistence.whenSynced.then(() => $localCopyLoaded.set(true));
  // Without IndexedDB (blocked by the browser, private mode) the board still works online;
  // y-indexeddb only exposes the failure through its internal open promise.
  persistence._db.catch((error: unknown) => {
    console.warn('Journeyboard: no local copy of this board (IndexedDB unavailable)', error);
    $localCopyLoaded.set(true);
  });
  // The record count is not a signal, but it only matters once the local copy has loaded, and
  // y-indexeddb applies the whole copy before it reports synced.
  const ready = whenTrue(
    'board ready',
    () =>
      $localCopyLoaded.get() &&
      (getRecordsKeyValue(doc).map.size > 0 ||
        $hasSynced.get() ||
        $status.get() === 'offline' ||
        $permanentClose.get() !== null),
  );

  return {
    boardId,
    doc,
    provider,
    $status,
    $permanentClose,
    saveState,
    $lastRejection,
    ready,
    destroy() {
      disposeReconnect();
      provider.destroy();
      awareness.destroy();
      saveState.dispose();
      stopCoalescingLocalWrites();
      void persistence.destroy();
      doc.destroy();
    },
  };
}
