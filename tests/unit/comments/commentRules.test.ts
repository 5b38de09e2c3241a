import { describe, expect, it } from 'vitest';
import {
  createReply,
  createThread,
  deleteOwnComment,
  editComment,
  moderateComment,
  moveThread,
  setThreadResolved,
  type CommentIdentity,
} from '../../../client/src/comments/commentRecords.ts';
import { checkCommentChange } from '../../../server/src/comments/commentRules.ts';
import type { CommentAnchor, Role } from '../../../shared/src/index.ts';

const anchor: CommentAnchor = { kind: 'shape', shapeId: 'shape:card', x: 10, y: 20 };
const who = (name: string, role: Role): CommentIdentity => ({
  author: { id: `user:${name.toLowerCase()}`, name, role },
  secret: `secret of ${name}`,
});
const carla = who('Carla', 'commenter');
const erik = who('Erik', 'editor');
const fiona = who('Fiona', 'facilitator');

type Rec = { id: string; [key: string]: unknown };
const check = (role: Role, before: Rec | undefined, after: Rec | undefined): string | null =>
  checkCommentChange(role, (after ?? before)?.id ?? '', before, after);

describe('comment rules', () => {
  it('lets commenters, editors and facilitators open threads and reply, but not viewers', () => {
    const { thread, comment } = createThread(carla, anchor, 'Why is this step here?', []);
    expect(check('commenter', undefined, thread)).toBeNull();
    expect(check('commenter', undefined, comment)).toBeNull();
    expect(check('editor', undefined, createReply(erik, thread.id, 'Legal asked for it', []))).toBeNull();
    const vera = who('Vera', 'viewer');
    expect(check('viewer', undefined, createReply(vera, thread.id, 'me too', []))).toBe('viewers cannot write comments');
    expect(check('viewer', comment, moderateComment(comment))).toBe('viewers cannot write comments');
  });

  it('names the author with the role of the link that writes', () => {
    const { thread, comment } = createThread(carla, anchor, 'Posing as facilitator', []);
    expect(check('editor', undefined, comment)).toBe('a new comment must name its author with your role (editor)');
    expect(check('facilitator', undefined, thread)).toBe('a new thread must name its author with your role (facilitator)');
  });

  it('never lets a comment change author, thread or creation time, even for its owner', () => {
    const comment = createReply(carla, 'thread:aaaaaaaaaaaa', 'Hello', []);
    const edited = editComment(carla, comment, 'Hello again', [], comment.createdAt + 1);
    if (!edited) throw new Error('owner could not edit');
    expect(check('commenter', comment, { ...edited, author: { ...edited.author, name: 'Someone else' } })).toBe("a comment's author never changes");
    expect(check('facilitator', comment, { ...comment, author: fiona.author })).toBe("a comment's author never changes");
    expect(check('commenter', comment, { ...edited, threadId: 'thread:bbbbbbbbbbbb' })).toBe('a comment cannot move to another thread');
    expect(check('commenter', comment, { ...edited, createdAt: 1 })).toBe("a comment's creation time never changes");
  });

  it('lets only the browser that wrote a comment edit or delete it; facilitators may delete any', () => {
    const comment = createReply(carla, 'thread:aaaaaaaaaaaa', 'First draft', []);
    const edited = editComment(carla, comment, 'Second draft', ['user:fiona'], comment.createdAt + 5);
    expect(edited).not.toBeNull();
    expect(check('commenter', comment, edited ?? undefined)).toBeNull();
    // Someone else's browser cannot advance the lock, and cannot edit without it.
    expect(editComment(erik, comment, 'Rewritten', [])).toBeNull();
    expect(check('editor', comment, { ...comment, body: 'Rewritten', editedAt: 9 })).toBe(
      'only its author can edit or delete a comment (facilitators can delete any)',
    );
    expect(check('editor', comment, { ...comment, body: 'Rewritten', lock: { step: 1, hash: 'f'.repeat(64) } })).toMatch(/owner lock does not open/);
    expect(check('editor', comment, moderateComment(comment))).toBe('only its author can edit or delete a comment (facilitators can delete any)');
    // Facilitators moderate: delete, but not rewrite.
    expect(check('facilitator', comment, moderateComment(comment))).toBeNull();
    expect(check('facilitator', comment, { ...comment, body: 'Nicer words', editedAt: 9 })).toMatch(/only its author/);
    // The owner deletes their own; a deleted comment stays deleted.
    const deleted = deleteOwnComment(carla, comment);
    expect(deleted).toMatchObject({ deleted: true, body: '' });
    expect(check('commenter', comment, deleted ?? undefined)).toBeNull();
    const undeleted = deleted && editComment(carla, deleted, 'Back again', []);
    expect(check('commenter', deleted ?? undefined, undeleted ? { ...undeleted, deleted: false } : undefined)).toBe('a deleted comment stays deleted');
  });

  it('requires edits to be marked and records to be well-formed', () => {
    const comment = createReply(carla, 'thread:aaaaaaaaaaaa', 'Text', []);
    const edited = editComment(carla, comment, 'New text', []);
    expect(check('commenter', comment, edited ? { ...edited, editedAt: null } : undefined)).toBe('an edited comment records when it was edited');
    expect(check('commenter', undefined, { ...comment, body: '   ' })).toMatch(/a comment has text/);
    expect(check('commenter', undefined, { ...comment, deleted: true })).toMatch(/a deleted one has none/);
    expect(check('commenter', undefined, { ...comment, editedAt: 5 })).toBe('a new comment starts unedited and not deleted');
    expect(check('commenter', undefined, { ...comment, extra: 1 })).toMatch(/invalid comment/);
    expect(check('commenter', undefined, { ...comment, body: 'x'.repeat(4001) })).toMatch(/invalid comment: body/);
    expect(check('commenter', undefined, { ...comment, mentions: ['user:a', 'user:a'] })).toMatch(/mentions must not repeat/);
    expect(check('commenter', undefined, { ...comment, lock: { ...comment.lock, step: 3 } })).toBe('a new comment starts at owner lock step 0');
    expect(checkCommentChange('commenter', 'comment:other-key-1', undefined, comment)).toMatch(/does not match its key/);
    expect(check('commenter', undefined, { id: 'shape:x', typeName: 'shape' })).toMatch(/comments hold threads and comments/);
  });

  it('lets anyone who writes resolve and reopen, recorded with their role', () => {
    const { thread } = createThread(carla, anchor, 'Question', []);
    const resolved = setThreadResolved(thread, true, erik.author, thread.createdAt + 10);
    expect(check('editor', thread, resolved)).toBeNull();
    expect(check('commenter', resolved, setThreadResolved(resolved, false, carla.author))).toBeNull();
    expect(check('commenter', thread, setThreadResolved(thread, true, fiona.author))).toBe('a thread is resolved in your name with your role (commenter)');
    expect(check('commenter', thread, { ...thread, resolved: true })).toMatch(/a resolved thread names who resolved it/);
    expect(check('editor', undefined, { ...setThreadResolved(thread, true, erik.author), createdBy: erik.author })).toBe('a new thread starts open');
  });

  it("moves a thread's pin only for editors, facilitators and the thread's creator", () => {
    const { thread } = createThread(carla, anchor, 'Question', []);
    const elsewhere: CommentAnchor = { kind: 'point', pageId: 'page:page', x: 500, y: 80 };
    expect(check('commenter', thread, moveThread(carla, thread, elsewhere) ?? undefined)).toBeNull();
    expect(moveThread(who('Cem', 'commenter'), thread, elsewhere)).toBeNull();
    expect(check('commenter', thread, { ...thread, anchor: elsewhere })).toBe('only editors, facilitators and whoever opened the thread can move it');
    expect(check('editor', thread, moveThread(erik, thread, elsewhere) ?? undefined)).toBeNull();
    expect(check('facilitator', thread, { ...thread, createdBy: fiona.author })).toBe("a thread's creator and creation time never change");
  });

  it('lets only facilitators remove records outright', () => {
    const { thread, comment } = createThread(carla, anchor, 'Spam', []);
    expect(check('commenter', comment, undefined)).toBe('only a facilitator can remove threads and comments; delete your comment instead');
    expect(check('editor', thread, undefined)).toMatch(/only a facilitator can remove/);
    expect(check('facilitator', thread, undefined)).toBeNull();
    expect(check('facilitator', comment, undefined)).toBeNull();
    // Invalid leftovers may be cleared by anyone who writes.
    expect(checkCommentChange('commenter', 'comment:junk', { junk: true }, undefined)).toBeNull();
  });
});
