import { describe, expect, it } from 'vitest';
import { createReply, createThread, deleteOwnComment, setThreadResolved, type CommentIdentity } from '../../../client/src/comments/commentRecords.ts';
import {
  buildThreadViews,
  EMPTY_READ_STATE,
  filterThreads,
  markAllRead,
  markThreadRead,
  mentionCandidates,
  mentionQueryAt,
  parseReadState,
  pruneReadState,
  suggestPeople,
  unreadTotal,
} from '../../../client/src/comments/commentsModel.ts';
import type { CommentsRecord } from '../../../shared/src/index.ts';

const me: CommentIdentity = { author: { id: 'user:me', name: 'Mia', role: 'editor' }, secret: 'm' };
const other: CommentIdentity = { author: { id: 'user:ola', name: 'Ola', role: 'commenter' }, secret: 'o' };
const point = { kind: 'point', pageId: 'page:page', x: 0, y: 0 } as const;

function board(): { records: CommentsRecord[]; first: string; second: string } {
  const a = createThread(other, point, 'Question for @Mia', ['user:me'], 100);
  const mine = createReply(me, a.thread.id, 'Answer', [], 200);
  const late = createReply(other, a.thread.id, 'Thanks', [], 300);
  const b = createThread(me, point, 'Note to self', [], 150);
  const resolvedB = setThreadResolved(b.thread, true, me.author, 160);
  const c = createThread(other, point, 'Deleted', [], 50);
  const gone = deleteOwnComment(other, c.comment);
  if (!gone) throw new Error('could not delete');
  return { records: [a.thread, a.comment, mine, late, resolvedB, b.comment, c.thread, gone], first: a.thread.id, second: b.thread.id };
}

describe('thread views', () => {
  it('orders threads by activity, drops threads without live comments, counts unread comments by others', () => {
    const { records, first, second } = board();
    const views = buildThreadViews(records, 'user:me', EMPTY_READ_STATE);
    expect(views.map((v) => v.thread.id)).toEqual([first, second]);
    expect(views[0]?.comments.map((c) => c.body)).toEqual(['Question for @Mia', 'Answer', 'Thanks']);
    expect(views.map((v) => v.unread)).toEqual([2, 0]);
    expect(unreadTotal(views)).toBe(2);
    expect(filterThreads(views, 'open').map((v) => v.thread.id)).toEqual([first]);
    expect(filterThreads(views, 'resolved').map((v) => v.thread.id)).toEqual([second]);
    expect(filterThreads(views, 'mentions').map((v) => v.thread.id)).toEqual([first]);
  });

  it('reads a thread up to its newest comment even when my clock is behind, and marks all read', () => {
    const { records, first } = board();
    const view = buildThreadViews(records, 'user:me', { lastSeen: 250, threads: {} })[0];
    expect(view?.unread).toBe(1);
    if (!view) return;
    const read = markThreadRead(EMPTY_READ_STATE, view, 10);
    expect(read.threads[first]).toBe(300);
    expect(unreadTotal(buildThreadViews(records, 'user:me', read))).toBe(0);
    const all = markAllRead(buildThreadViews(records, 'user:me', EMPTY_READ_STATE), 20);
    expect(all).toEqual({ lastSeen: 300, threads: {} });
    expect(pruneReadState({ lastSeen: 100, threads: { [first]: 300, 'thread:gone': 400, old: 50 } }, new Set([first]))).toEqual({
      lastSeen: 100,
      threads: { [first]: 300 },
    });
  });

  it('reads stored state defensively', () => {
    expect(parseReadState(null)).toEqual(EMPTY_READ_STATE);
    expect(parseReadState('not json')).toEqual(EMPTY_READ_STATE);
    expect(parseReadState('{"lastSeen":"x","threads":{"a":1,"b":"2"}}')).toEqual({ lastSeen: 0, threads: { a: 1 } });
  });
});

describe('mention input', () => {
  it('finds the @query before the caret', () => {
    expect(mentionQueryAt('Hi @Fi', 6)).toEqual({ start: 3, query: 'Fi' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('mail@example', 12)).toBeNull();
    expect(mentionQueryAt('Hi @Fiona done', 14)).toBeNull();
  });

  it('suggests people by name, prefix matches first, without me and without nameless records', () => {
    const people = mentionCandidates(
      [
        { id: 'user:me', name: 'Mia' },
        { id: 'user:ann', name: 'Ann' },
        { id: 'user:jo', name: 'Joanna' },
        { id: 'user:nameless', name: '  ' },
        { id: 'user:ann', name: 'Ann K.' },
        { id: 'instance:x', name: 'Not a user' },
      ],
      'user:me',
    );
    expect(people).toEqual([
      { id: 'user:ann', name: 'Ann K.' },
      { id: 'user:jo', name: 'Joanna' },
    ]);
    expect(suggestPeople(people, 'an').map((p) => p.name)).toEqual(['Ann K.', 'Joanna']);
    expect(suggestPeople(people, 'jo').map((p) => p.name)).toEqual(['Joanna']);
  });
});
