import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { atom, type Signal } from 'tldraw';
import { SAVE_STATES, type SaveState } from '../../../shared/src/index.ts';

export interface SaveStateTracker {
  /** What the server last said about persisting this board; 'unknown' until it says anything. */
  readonly $saveState: Signal<SaveState | 'unknown'>;
  /** Local Yjs updates the server has not yet confirmed as durably stored. */
  readonly $unsyncedEdits: Signal<number>;
  /** Reads the payload of a SaveState extension message (after its type byte). */
  receiveSaveStateMessage(decoder: decoding.Decoder): void;
  dispose(): void;
}

function isSaveState(value: string): value is SaveState {
  return (SAVE_STATES as readonly string[]).includes(value);
}

/**
 * Counts local edits the server has not persisted. Every local transaction that created content
 * advances this client's clock in the doc's state vector; the server reports the state vector it
 * has stored, so an edit is confirmed once the stored clock for our client reaches the edit's end.
 *
 * Delete-only transactions do not advance the clock (deletions live in the delete set, which the
 * state vector does not describe), so they are not counted.
 */
export function createSaveStateTracker(doc: Y.Doc): SaveStateTracker {
  const $saveState = atom<SaveState | 'unknown'>('save state', 'unknown');
  const $unsyncedEdits = atom('unsynced edits', 0);
  /** End clocks of our own unconfirmed updates, ascending. */
  let unconfirmedEndClocks: number[] = [];
  let persistedClock = 0;

  function recount(): void {
    unconfirmedEndClocks = unconfirmedEndClocks.filter((endClock) => endClock > persistedClock);
    $unsyncedEdits.set(unconfirmedEndClocks.length);
  }

  function onAfterTransaction(transaction: Y.Transaction): void {
    if (!transaction.local) return;
    const clientId = doc.clientID;
    const before = transaction.beforeState.get(clientId) ?? 0;
    const after = transaction.afterState.get(clientId) ?? 0;
    if (after <= before) return;
    unconfirmedEndClocks.push(after);
    recount();
  }
  doc.on('afterTransaction', onAfterTransaction);

  return {
    $saveState,
    $unsyncedEdits,
    receiveSaveStateMessage(decoder) {
      let state: string;
      let persisted: Map<number, number>;
      try {
        state = decoding.readVarString(decoder);
        persisted = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      } catch (error) {
        console.warn('Journeyboard: ignored a malformed save-state message', error);
        return;
      }
      if (isSaveState(state)) $saveState.set(state);
      persistedClock = persisted.get(doc.clientID) ?? 0;
      recount();
    },
    dispose() {
      doc.off('afterTransaction', onAfterTransaction);
    },
  };
}
