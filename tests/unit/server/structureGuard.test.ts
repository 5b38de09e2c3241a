import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocLayout } from '../../../shared/src/index.ts';
import type { GuardedWriter, Rejection } from '../../../server/src/guard/recordGuard.ts';
import { StructureGuard } from '../../../server/src/guard/structureGuard.ts';

const participant: GuardedWriter = { role: 'editor' };

function guardedDoc(): { doc: Y.Doc; rejections: Rejection[] } {
  const doc = new Y.Doc();
  const rejections: Rejection[] = [];
  const guard = new StructureGuard(doc, { isWriter: (origin): origin is GuardedWriter => origin === participant, onRejected: (r) => rejections.push(r) });
  doc.on('afterTransaction', (transaction: Y.Transaction) => guard.check(transaction));
  return { doc, rejections };
}

/** Applies what `write` does on the participant's own doc to `doc`, as the participant's update. */
function fromParticipant(doc: Y.Doc, peer: Y.Doc, write: (peer: Y.Doc) => void): void {
  const before = Y.encodeStateVector(peer);
  write(peer);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, before), participant);
}

describe('structure guard', () => {
  it('keeps writes to a declared list after Yjs replaced its placeholder type by a typed one, and refuses undeclared names each time', () => {
    const { doc, rejections } = guardedDoc();
    const peer = new Y.Doc();
    // The server has not read the comments list yet: the participant's entry arrives under a placeholder type.
    fromParticipant(doc, peer, (p) => p.getArray(DocLayout.comments).push([{ key: 'c1', val: 1 }]));
    fromParticipant(doc, peer, (p) => p.getArray('somewhere-else').push([1]));
    // Now the server reads it as a list: Yjs puts a new type object under the same name.
    const comments = doc.getArray(DocLayout.comments);
    fromParticipant(doc, peer, (p) => p.getArray(DocLayout.comments).push([{ key: 'c2', val: 2 }]));
    fromParticipant(doc, peer, (p) => p.getArray('somewhere-else').push([2]));
    expect(comments.toArray()).toEqual([
      { key: 'c1', val: 1 },
      { key: 'c2', val: 2 },
    ]);
    expect(doc.getArray('somewhere-else').toArray()).toEqual([]);
    expect(rejections.map((r) => r.key)).toEqual(['structure:somewhere-else', 'structure:somewhere-else']);
  });
});
