/**
 * Who may write what in a board's comments: small functions of (role, record before,
 * record after), like the board's write rules (server/src/guard/writeRules.ts).
 *
 * What the server can and cannot know: a connection's role comes from its share link and is
 * trusted; a person's id and name are claimed by their browser (there are no accounts), so
 * "who" is never checked by name. Ownership is checked instead through the record's owner
 * lock (shared/src/comments.ts): only the browser that created a record can produce the next
 * link of its lock chain. So:
 *
 * - viewers write no comments; commenters, editors and facilitators write;
 * - a new record names its author with the writer's own role, starts unresolved / undeleted
 *   and at lock step 0; a new comment belongs to an existing thread, a new thread comes with
 *   its first comment (checked by the guard, which sees the whole change);
 * - a thread's id, creator and creation time, and a comment's thread, author and creation
 *   time never change;
 * - a comment's text, mentions and deletion change only with its owner lock (its author's
 *   browser); a facilitator may also delete any comment (moderation), which clears its text;
 *   a deleted comment stays deleted; an edit records when it was made;
 * - a thread's anchor moves only by editors, facilitators or with its owner lock;
 * - anyone who writes may resolve and reopen a thread, recorded with their role;
 * - only facilitators remove records outright (a whole thread, as moderation).
 */
import {
  opensOwnerLock,
  parseCommentsRecord,
  type CommentAuthor,
  type CommentRecord,
  type CommentsRecord,
  type Role,
  type ThreadRecord,
} from '../../../shared/src/index.ts';

/** One checked change; undefined means "did not exist" (or, for before, was not a valid record). */
export interface CommentChange {
  role: Role;
  key: string;
  before: CommentsRecord | undefined;
  after: CommentsRecord | undefined;
}

/** Returns why the change is not allowed, or null. */
export type CommentRule = (change: CommentChange) => string | null;

const sameAuthor = (a: CommentAuthor | null, b: CommentAuthor | null): boolean =>
  a === b || (a !== null && b !== null && a.id === b.id && a.name === b.name && a.role === b.role);

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function pair<T extends CommentsRecord['typeName']>(
  change: CommentChange,
  typeName: T,
): { before: Extract<CommentsRecord, { typeName: T }>; after: Extract<CommentsRecord, { typeName: T }> } | undefined {
  const { before, after } = change;
  if (before?.typeName !== typeName || after?.typeName !== typeName) return undefined;
  return { before, after } as { before: Extract<CommentsRecord, { typeName: T }>; after: Extract<CommentsRecord, { typeName: T }> };
}

const lockOpened = (before: CommentsRecord, after: CommentsRecord): boolean => opensOwnerLock(before.lock, after.lock);

export const onlyFacilitatorsRemove: CommentRule = ({ role, before, after }) =>
  before && !after && role !== 'facilitator' ? 'only a facilitator can remove threads and comments; delete your comment instead' : null;

export const typeNeverChanges: CommentRule = ({ before, after }) =>
  before && after && before.typeName !== after.typeName ? `a ${before.typeName} cannot become a ${after.typeName}` : null;

/** The author of a new record is the writer, with the writer's role. */
export const newRecordsNameTheWritersRole: CommentRule = ({ role, before, after }) => {
  if (before || !after) return null;
  const author = after.typeName === 'thread' ? after.createdBy : after.author;
  return author.role === role ? null : `a new ${after.typeName} must name its author with your role (${role})`;
};

export const newRecordsStartFresh: CommentRule = ({ before, after }) => {
  if (before || !after) return null;
  if (after.lock.step !== 0) return `a new ${after.typeName} starts at owner lock step 0`;
  if (after.typeName === 'thread' && after.resolved) return 'a new thread starts open';
  if (after.typeName === 'comment' && (after.deleted || after.editedAt !== null)) return 'a new comment starts unedited and not deleted';
  return null;
};

export const threadOriginIsFixed: CommentRule = (change) => {
  const threads = pair(change, 'thread');
  if (!threads) return null;
  const { before, after } = threads;
  return before.createdAt !== after.createdAt || !sameAuthor(before.createdBy, after.createdBy)
    ? "a thread's creator and creation time never change"
    : null;
};

export const commentOriginIsFixed: CommentRule = (change) => {
  const comments = pair(change, 'comment');
  if (!comments) return null;
  const { before, after } = comments;
  if (before.threadId !== after.threadId) return 'a comment cannot move to another thread';
  if (!sameAuthor(before.author, after.author)) return "a comment's author never changes";
  if (before.createdAt !== after.createdAt) return "a comment's creation time never changes";
  return null;
};

/** A changed lock must be the next link of the old one: only the owner can advance it. */
export const locksAdvanceOnlyByTheirOwner: CommentRule = ({ before, after }) => {
  if (!before || !after || sameJson(before.lock, after.lock)) return null;
  return lockOpened(before, after) ? null : `only the browser that wrote this ${after.typeName} can change it (its owner lock does not open)`;
};

const commentContentChanged = (before: CommentRecord, after: CommentRecord): boolean =>
  before.body !== after.body || !sameJson(before.mentions, after.mentions) || before.editedAt !== after.editedAt || before.deleted !== after.deleted;

/** Facilitators may delete anyone's comment; the text goes, nothing else changes. */
function isModerationDelete(role: Role, before: CommentRecord, after: CommentRecord): boolean {
  return role === 'facilitator' && !before.deleted && after.deleted && before.editedAt === after.editedAt && sameJson(before.lock, after.lock);
}

export const onlyAuthorsEditComments: CommentRule = (change) => {
  const comments = pair(change, 'comment');
  if (!comments) return null;
  const { before, after } = comments;
  if (!commentContentChanged(before, after) || lockOpened(before, after) || isModerationDelete(change.role, before, after)) return null;
  return 'only its author can edit or delete a comment (facilitators can delete any)';
};

export const deletedCommentsStayDeleted: CommentRule = (change) => {
  const comments = pair(change, 'comment');
  return comments?.before.deleted && !comments.after.deleted ? 'a deleted comment stays deleted' : null;
};

export const editsAreMarked: CommentRule = (change) => {
  const comments = pair(change, 'comment');
  if (!comments) return null;
  const { before, after } = comments;
  const edited = !after.deleted && (before.body !== after.body || !sameJson(before.mentions, after.mentions));
  return edited && after.editedAt === null ? 'an edited comment records when it was edited' : null;
};

export const anchorsMoveByEditorsOrOwner: CommentRule = (change) => {
  const threads = pair(change, 'thread');
  if (!threads) return null;
  const { before, after } = threads;
  if (sameJson(before.anchor, after.anchor) || change.role === 'editor' || change.role === 'facilitator' || lockOpened(before, after)) return null;
  return 'only editors, facilitators and whoever opened the thread can move it';
};

/** Anyone who writes may resolve or reopen; the resolver is recorded with the writer's role. */
export const resolutionNamesTheWritersRole: CommentRule = (change) => {
  const threads = pair(change, 'thread');
  if (!threads) return null;
  const { before, after }: { before: ThreadRecord; after: ThreadRecord } = threads;
  const changed = before.resolved !== after.resolved || before.resolvedAt !== after.resolvedAt || !sameAuthor(before.resolvedBy, after.resolvedBy);
  if (!changed || after.resolvedBy === null) return null;
  return after.resolvedBy.role === change.role ? null : `a thread is resolved in your name with your role (${change.role})`;
};

export const COMMENT_RULES: readonly CommentRule[] = [
  onlyFacilitatorsRemove,
  typeNeverChanges,
  newRecordsNameTheWritersRole,
  newRecordsStartFresh,
  threadOriginIsFixed,
  commentOriginIsFixed,
  locksAdvanceOnlyByTheirOwner,
  onlyAuthorsEditComments,
  deletedCommentsStayDeleted,
  editsAreMarked,
  anchorsMoveByEditorsOrOwner,
  resolutionNamesTheWritersRole,
];

/**
 * Why `after` may not replace `before` in the comments array (raw values; undefined means
 * absent), or null. A `before` that is not a valid record counts as absent, so it can only
 * be replaced by a valid new record or removed.
 */
export function checkCommentChange(role: Role, key: string, before: unknown, after: unknown, rules: readonly CommentRule[] = COMMENT_RULES): string | null {
  if (role === 'viewer') return 'viewers cannot write comments';
  let afterRecord: CommentsRecord | undefined;
  if (after !== undefined) {
    const parsed = parseCommentsRecord(key, after);
    if (!parsed.ok) return parsed.reason;
    afterRecord = parsed.record;
  }
  const parsedBefore = before === undefined ? undefined : parseCommentsRecord(key, before);
  const beforeRecord = parsedBefore?.ok ? parsedBefore.record : undefined;
  // Clearing out an entry that was never valid is always fine.
  if (!beforeRecord && !afterRecord) return null;
  const change: CommentChange = { role, key, before: beforeRecord, after: afterRecord };
  for (const rule of rules) {
    const reason = rule(change);
    if (reason) return reason;
  }
  return null;
}
