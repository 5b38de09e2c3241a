import { useEffect, useState } from 'react';
import { atom, computed, createTLStore, type Signal, type TLStore } from 'tldraw';
import { createBoardAssetStore } from '../assets/boardAssetStore.ts';
import type { Role } from '../../../shared/src/index.ts';
import { storeShapeUtils } from './canvasShapeUtils.ts';
import { boardUserStore } from '../user/userPreferences.ts';
import { boardToken } from '../share/boardTokens.ts';
import { openBoardConnection, syncServerUrl, type BoardConnection } from '../sync/boardConnection.ts';
import { createRemoteApplyScheduler, type RemoteApplyScheduler } from '../sync/remoteApplyScheduler.ts';
import { bindStoreToYDoc, type StoreBinding } from '../sync/storeBinding.ts';

export interface BoardSession {
  connection: BoardConnection;
  store: TLStore;
  /** When peers' changes reach the store; the canvas hands it the editor's frames once mounted. */
  remoteApplies: RemoteApplyScheduler;
  /** Ids of records from peers that this client could not show. */
  $invalidRecordIds: Signal<ReadonlySet<string>>;
}

/**
 * Opens the board's connection, and once the doc holds what is known about the board, creates a
 * tldraw store bound to it. Returns null until then. Everything is torn down on unmount.
 */
export function useBoardSession(boardId: string, role: Role): BoardSession | null {
  const [session, setSession] = useState<BoardSession | null>(null);

  useEffect(() => {
    const connection = openBoardConnection(boardId, syncServerUrl(window.location), boardToken(boardId));
    let binding: StoreBinding | undefined;
    const remoteApplies = createRemoteApplyScheduler();
    let closed = false;
    const flushPendingEdits = () => binding?.flush();
    // pagehide also fires when the page goes to the back/forward cache, unlike unload.
    window.addEventListener('pagehide', flushPendingEdits);

    void connection.ready.then(() => {
      if (closed) return;
      // For profiles and the browser benchmark: the doc holds the board (local copy or server sync).
      performance.mark('journeyboard:doc-ready');
      const $invalidRecordIds = atom<ReadonlySet<string>>('invalid record ids', new Set());
      const store = createTLStore({
        shapeUtils: storeShapeUtils,
        users: boardUserStore,
        // Pasted and dropped images go to the server; the document keeps only their URL.
        assets: createBoardAssetStore(boardId),
        collaboration: {
          status: computed('collaboration status', () =>
            connection.$status.get() === 'connected' ? 'online' : 'offline',
          ),
          // Viewers and commenters get a read-only canvas; the server refuses their writes anyway.
          mode: atom('collaboration mode', role === 'viewer' || role === 'commenter' ? 'readonly' : 'readwrite'),
        },
      });
      binding = bindStoreToYDoc(store, connection.doc, {
        seedEmptyDoc: role !== 'viewer' && role !== 'commenter',
        // One store transaction for all peers' changes of a frame or two.
        scheduleRemoteApply: (apply) => remoteApplies.schedule(apply),
        onInvalidRecord: (id) => $invalidRecordIds.update((ids) => new Set(ids).add(id)),
        onRecordsApplied: (applied) =>
          $invalidRecordIds.update((ids) => {
            if (!applied.some((id) => ids.has(id))) return ids;
            const remaining = new Set(ids);
            for (const id of applied) remaining.delete(id);
            return remaining;
          }),
      });
      setSession({ connection, store, remoteApplies, $invalidRecordIds });
    });

    return () => {
      closed = true;
      window.removeEventListener('pagehide', flushPendingEdits);
      binding?.dispose();
      remoteApplies.dispose();
      connection.destroy();
    };
  }, [boardId, role]);

  return session;
}
