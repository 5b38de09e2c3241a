import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import { createSaveStateTracker } from '../../../client/src/sync/saveStateTracker.ts';
import type { SaveState } from '../../../shared/src/index.ts';

/** The payload of a SaveState message as the server encodes it (after the message type). */
function saveStateMessage(state: SaveState, persistedFrom: Y.Doc): decoding.Decoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, state);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(persistedFrom));
  return decoding.createDecoder(encoding.toUint8Array(encoder));
}

describe('createSaveStateTracker', () => {
  it('counts local updates until the server reports them persisted', () => {
    const doc = new Y.Doc();
    const tracker = createSaveStateTracker(doc);
    const text = doc.getText('t');
    expect(tracker.$saveState.get()).toBe('unknown');

    text.insert(0, 'a');
    const persistedCopy = new Y.Doc();
    Y.applyUpdate(persistedCopy, Y.encodeStateAsUpdate(doc));
    text.insert(1, 'b');
    text.insert(2, 'c');
    expect(tracker.$unsyncedEdits.get()).toBe(3);

    tracker.receiveSaveStateMessage(saveStateMessage('saved', persistedCopy));
    expect(tracker.$unsyncedEdits.get()).toBe(2);
    expect(tracker.$saveState.get()).toBe('saved');

    tracker.receiveSaveStateMessage(saveStateMessage('saved', doc));
    expect(tracker.$unsyncedEdits.get()).toBe(0);
    tracker.dispose();
  });

  it('ignores remote updates and reports a failing server', () => {
    const doc = new Y.Doc();
    const tracker = createSaveStateTracker(doc);
    const remote = new Y.Doc();
    remote.getText('t').insert(0, 'from a peer');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), 'provider');
    expect(tracker.$unsyncedEdits.get()).toBe(0);

    tracker.receiveSaveStateMessage(saveStateMessage('failing', new Y.Doc()));
    expect(tracker.$saveState.get()).toBe('failing');
    tracker.dispose();
  });

  it('ignores a malformed message', () => {
    const doc = new Y.Doc();
    const tracker = createSaveStateTracker(doc);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    tracker.receiveSaveStateMessage(decoding.createDecoder(new Uint8Array([200])));
    expect(tracker.$saveState.get()).toBe('unknown');
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    tracker.dispose();
  });
});
