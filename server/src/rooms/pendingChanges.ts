import * as Y from 'yjs';

/**
 * The changes Yjs keeps aside because what they build on has not arrived (a reconnecting client's
 * live edits can overtake its answer to the server's sync request). Yjs integrates them once the
 * gap is filled, but meanwhile includes them in every state it encodes (sync replies, the stored
 * snapshot), although no guard has seen them: the server encodes without them.
 */
interface PendingChanges {
  pendingStructs: { update: Uint8Array } | null;
  pendingDs: Uint8Array | null;
}

function pendingOf(doc: Y.Doc): PendingChanges {
  const store = doc.store as unknown as PendingChanges;
  return { pendingStructs: store.pendingStructs, pendingDs: store.pendingDs };
}

function setPending(doc: Y.Doc, pending: PendingChanges): void {
  Object.assign(doc.store as unknown as PendingChanges, pending);
}

/** Bytes kept aside (what a participant can make the server hold by sending gaps). */
export function pendingBytes(doc: Y.Doc): number {
  const { pendingStructs, pendingDs } = pendingOf(doc);
  return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
}

/** Forgets every change kept aside; returns whether there were any. */
export function dropPendingChanges(doc: Y.Doc): boolean {
  const { pendingStructs, pendingDs } = pendingOf(doc);
  if (pendingStructs === null && pendingDs === null) return false;
  setPending(doc, { pendingStructs: null, pendingDs: null });
  return true;
}

/** Y.encodeStateAsUpdate of what the doc has integrated: what its guards have seen. */
export function encodeIntegratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const pending = pendingOf(doc);
  if (pending.pendingStructs === null && pending.pendingDs === null) return Y.encodeStateAsUpdate(doc, stateVector);
  setPending(doc, { pendingStructs: null, pendingDs: null });
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    setPending(doc, pending);
  }
}
