/**
 * Builders for the thread and comment records this browser writes (pure: no tldraw, no Yjs).
 * The server checks every record against shared/src/comments.ts and its comment rules; these
 * builders only produce records that pass them.
 */
import {
  COMMENT_TYPE,
  nextOwnerLock,
  ownerLock,
  ownerSeed,
  THREAD_TYPE,
  type CommentAnchor,
  type CommentAuthor,
  type CommentRecord,
  type OwnerLock,
  type ThreadRecord,
} from '../../../shared/src/index.ts';

/** Who writes: the author as others see them, and this browser's owner secret (never shared). */
export interface CommentIdentity {
  author: CommentAuthor;
  secret: string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

function randomTail(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let tail = '';
  for (const byte of bytes) tail += ID_ALPHABET[byte % ID_ALPHABET.length];
  return tail;
}

/** A fresh owner secret for this browser (getRandomValues works on plain http too). */
export function newOwnerSecret(): string {
  return randomTail(43);
}

const firstLock = (identity: CommentIdentity, id: string): OwnerLock => ownerLock(ownerSeed(identity.secret, id), 0);

/** The next owner lock of a record this browser wrote, or null when it did not write it (or the chain is used up). */
export function advanceLock(identity: CommentIdentity, record: { id: string; lock: OwnerLock }): OwnerLock | null {
  const seed = ownerSeed(identity.secret, record.id);
  if (ownerLock(seed, record.lock.step).hash !== record.lock.hash) return null;
  return nextOwnerLock(seed, record.lock);
}

export function createThread(
  identity: CommentIdentity,
  anchor: CommentAnchor,
  body: string,
  mentions: string[],
  now = Date.now(),
): { thread: ThreadRecord; comment: CommentRecord } {
  const id = `thread:${randomTail()}`;
  const thread: ThreadRecord = {
    id,
    typeName: THREAD_TYPE,
    anchor,
    createdAt: now,
    createdBy: identity.author,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    lock: firstLock(identity, id),
  };
  return { thread, comment: createReply(identity, id, body, mentions, now) };
}

export function createReply(identity: CommentIdentity, threadId: string, body: string, mentions: string[], now = Date.now()): CommentRecord {
  const id = `comment:${randomTail()}`;
  return {
    id,
    typeName: COMMENT_TYPE,
    threadId,
    author: identity.author,
    body: body.trim(),
    mentions,
    createdAt: now,
    editedAt: null,
    deleted: false,
    lock: firstLock(identity, id),
  };
}

/** The comment with new text, or null when this browser did not write it. */
export function editComment(identity: CommentIdentity, comment: CommentRecord, body: string, mentions: string[], now = Date.now()): CommentRecord | null {
  const lock = advanceLock(identity, comment);
  return lock ? { ...comment, body: body.trim(), mentions, editedAt: now, lock } : null;
}

/** The author's own delete, or null when this browser did not write the comment. */
export function deleteOwnComment(identity: CommentIdentity, comment: CommentRecord): CommentRecord | null {
  const lock = advanceLock(identity, comment);
  return lock ? { ...comment, body: '', mentions: [], deleted: true, lock } : null;
}

/** A facilitator's delete of anyone's comment: the text goes, the lock stays. */
export function moderateComment(comment: CommentRecord): CommentRecord {
  return { ...comment, body: '', mentions: [], deleted: true };
}

export function setThreadResolved(thread: ThreadRecord, resolved: boolean, by: CommentAuthor, now = Date.now()): ThreadRecord {
  return resolved ? { ...thread, resolved, resolvedBy: by, resolvedAt: now } : { ...thread, resolved, resolvedBy: null, resolvedAt: null };
}

/**
 * The thread at a new anchor. Editors and facilitators move any thread; others only their own,
 * which advances the owner lock. Null when not allowed.
 */
export function moveThread(identity: CommentIdentity, thread: ThreadRecord, anchor: CommentAnchor): ThreadRecord | null {
  const role = identity.author.role;
  if (role === 'editor' || role === 'facilitator') return { ...thread, anchor };
  const lock = advanceLock(identity, thread);
  return lock ? { ...thread, anchor, lock } : null;
}
