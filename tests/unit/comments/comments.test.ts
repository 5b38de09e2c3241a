import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { createThread, createReply, type CommentIdentity } from '../../../client/src/comments/commentRecords.ts';
import { CommentGuard } from '../../../server/src/comments/commentGuard.ts';
import type { GuardedWriter, Rejection } from '../../../server/src/guard/recordGuard.ts';
import {
  DocLayout,
  mentionedIds,
  nextOwnerLock,
  opensOwnerLock,
  OWNER_CHAIN_LENGTH,
  ownerLock,
  ownerSeed,
  parseCommentsRecord,
  type Role,
} from '../../../shared/src/index.ts';

describe('owner locks', () => {
  it('open only with the next link of the chain, which only the seed holder can compute', () => {
    const seed = ownerSeed('my secret', 'comment:abcdefgh');
    const first = ownerLock(seed, 0);
    const second = nextOwnerLock(seed, first);
    expect(second?.step).toBe(1);
    expect(second && opensOwnerLock(first, second)).toBe(true);
    // Replaying the old lock, skipping a link or using another seed does not open it.
    expect(opensOwnerLock(first, first)).toBe(false);
    expect(opensOwnerLock(first, ownerLock(seed, 2))).toBe(false);
    const foreign = ownerSeed('another secret', 'comment:abcdefgh');
    expect(opensOwnerLock(first, ownerLock(foreign, 1))).toBe(false);
    // The seed depends on the record, so one comment's lock says nothing about another's.
    expect(ownerLock(ownerSeed('my secret', 'comment:other-one'), 0).hash).not.toBe(first.hash);
    expect(nextOwnerLock(seed, ownerLock(seed, OWNER_CHAIN_LENGTH))).toBeNull();
  });
});

describe('mentions', () => {
  const people = [
    { id: 'user:ann', name: 'Ann' },
    { id: 'user:annlee', name: 'Ann Lee' },
    { id: 'user:jo', name: 'Jo (Ops)' },
  ];
  it('finds whole names, longest first', () => {
    expect(mentionedIds('@Ann Lee please check', people)).toEqual(['user:annlee']);
    expect(mentionedIds('@Ann and @Ann Lee', people).sort()).toEqual(['user:ann', 'user:annlee']);
    expect(mentionedIds('@Anna is not Ann', people)).toEqual([]);
    expect(mentionedIds('cc @Jo (Ops).', people)).toEqual(['user:jo']);
  });
});

describe('comment records', () => {
  it('parse threads and comments whose id matches their key, nothing else', () => {
    const identity: CommentIdentity = { author: { id: 'user:c', name: 'Carla', role: 'commenter' }, secret: 's' };
    const { thread, comment } = createThread(identity, { kind: 'point', pageId: 'page:page', x: 1, y: 2 }, ' Hi ', []);
    expect(comment.body).toBe('Hi');
    expect(parseCommentsRecord(thread.id, thread)).toEqual({ ok: true, record: thread });
    expect(parseCommentsRecord(comment.id, comment)).toEqual({ ok: true, record: comment });
    expect(parseCommentsRecord(thread.id, { ...thread, anchor: { kind: 'shape', shapeId: 'nope', x: 0, y: 0 } }).ok).toBe(false);
    expect(parseCommentsRecord(thread.id, { ...thread, anchor: { kind: 'point', pageId: 'page:page', x: Infinity, y: 0 } }).ok).toBe(false);
    expect(parseCommentsRecord(comment.id, { ...comment, author: { ...comment.author, role: 'owner' } }).ok).toBe(false);
  });
});

describe('comment guard', () => {
  function setup() {
    const doc = new Y.Doc();
    const writers = new Set<GuardedWriter>();
    const rejections: Rejection[] = [];
    const guard = new CommentGuard(doc, {
      isWriter: (origin): origin is GuardedWriter => writers.has(origin as GuardedWriter),
      onRejected: (rejection) => rejections.push(rejection),
    });
    const kv = new YKeyValue<unknown>(doc.getArray(DocLayout.comments));
    const writer = (role: Role): GuardedWriter => {
      const w = { role };
      writers.add(w);
      return w;
    };
    const write = (by: GuardedWriter, change: () => void) => doc.transact(change, by);
    return { doc, guard, kv, rejections, writer, write };
  }
  const carla: CommentIdentity = { author: { id: 'user:c', name: 'Carla', role: 'commenter' }, secret: 's' };
  const anchor = { kind: 'shape', shapeId: 'shape:card', x: 0, y: 0 } as const;

  it('keeps a new thread with its first comment', () => {
    const { kv, rejections, writer, write } = setup();
    const { thread, comment } = createThread(carla, anchor, 'Hello', []);
    write(writer('commenter'), () => {
      kv.set(thread.id, thread);
      kv.set(comment.id, comment);
    });
    expect(rejections).toEqual([]);
    expect(kv.get(thread.id)).toEqual(thread);
    expect(kv.get(comment.id)).toEqual(comment);
  });

  it('reverts a thread without a comment, a comment without a thread, and a thread whose only comment is refused', () => {
    const { kv, rejections, writer, write } = setup();
    const commenter = writer('commenter');
    const lonely = createThread(carla, anchor, 'Hello', []);
    write(commenter, () => kv.set(lonely.thread.id, lonely.thread));
    write(commenter, () => kv.set('comment:orphan-1234', { ...createReply(carla, 'thread:missing-123', 'Hi', []), id: 'comment:orphan-1234' }));
    const refused = createThread(carla, anchor, 'Hello', []);
    write(commenter, () => {
      kv.set(refused.thread.id, refused.thread);
      kv.set(refused.comment.id, { ...refused.comment, author: { ...carla.author, role: 'facilitator' } });
    });
    expect(kv.has(lonely.thread.id)).toBe(false);
    expect(kv.has('comment:orphan-1234')).toBe(false);
    expect(kv.has(refused.thread.id)).toBe(false);
    expect(kv.has(refused.comment.id)).toBe(false);
    expect(rejections.map((r) => r.reason)).toEqual([
      'a new thread starts with its first comment',
      'a comment belongs to an existing thread',
      'a new comment must name its author with your role (commenter)',
      'a new thread starts with its first comment',
    ]);
  });

  it("restores what a participant may not remove, and ignores the server's own writes", () => {
    const { doc, kv, rejections, writer, write } = setup();
    const { thread, comment } = createThread(carla, anchor, 'Hello', []);
    doc.transact(() => {
      kv.set(thread.id, thread);
      kv.set(comment.id, comment);
    });
    write(writer('editor'), () => kv.delete(comment.id));
    expect(kv.get(comment.id)).toEqual(comment);
    write(writer('viewer'), () => kv.set('comment:junk-12345', 42));
    expect(kv.has('comment:junk-12345')).toBe(false);
    expect(rejections.map((r) => r.reason)).toEqual([
      'only a facilitator can remove threads and comments; delete your comment instead',
      'invalid comments entry: entries must be { key, val } objects',
    ]);
  });
});
