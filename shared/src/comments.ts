/**
 * Asynchronous comments: threads anchored to a shape or to a point on a page, and the
 * comments in them. They live in the board's Y.Doc in their own YKeyValue array
 * (DocLayout.comments), one record per thread and one per comment, so they sync, persist
 * and go offline exactly like the board, but outside tldraw's store: a read-only canvas
 * (viewers, commenters) does not stop anyone from commenting.
 *
 * Identity: there are no accounts. A person is the tldraw user id of their browser
 * (`user:...`), with the display name they typed; both are claimed by the browser, not
 * verified. What the server CAN check is (a) the role of the connection that writes, which
 * comes from its share link and is recorded with every author, and (b) ownership of a
 * record, through an owner lock (below): only the browser that created a comment can edit
 * or delete it, and only the browser that opened a thread can move its pin (besides
 * editors and facilitators).
 */
import { z } from 'zod';
import { digest } from 'lib0/hash/sha256';
import type { CommentCounts, JourneyData } from './journey/model.ts';
import { RoleSchema } from './roles.ts';

export const COMMENT_BODY_MAX = 4000;
export const AUTHOR_NAME_MAX = 80;
export const MENTIONS_MAX = 20;
/** How many times the owner can change one record (each change opens one link of its lock chain). */
export const OWNER_CHAIN_LENGTH = 512;

export const THREAD_TYPE = 'thread';
export const COMMENT_TYPE = 'comment';

const ID_TAIL = '[A-Za-z0-9_-]{8,64}';
export const ThreadIdSchema = z.string().regex(new RegExp(`^thread:${ID_TAIL}$`), 'a thread id is thread:<8-64 letters, digits, _ or ->');
export const CommentIdSchema = z.string().regex(new RegExp(`^comment:${ID_TAIL}$`), 'a comment id is comment:<8-64 letters, digits, _ or ->');
/** A tldraw user record id: `user:` and the browser's user id. */
export const CommentUserIdSchema = z.string().regex(/^user:[^\s]{1,64}$/, 'a user id is user:<id>');
/** Milliseconds since the epoch, by the writer's clock. */
export const TimestampSchema = z.number().int().min(0).max(8.64e15);

export const CommentAuthorSchema = z.strictObject({
  id: CommentUserIdSchema,
  name: z.string().max(AUTHOR_NAME_MAX),
  /** The role of the link the author wrote with; the server checks it when the record is written. */
  role: RoleSchema,
});
export type CommentAuthor = z.infer<typeof CommentAuthorSchema>;

const coordinate = z.number().min(-1e9).max(1e9);

/** Anchored to a shape: the point is in the shape's own coordinates, so the pin moves and turns with it. */
export const ShapeAnchorSchema = z.strictObject({
  kind: z.literal('shape'),
  shapeId: z.string().regex(/^shape:[^\s]{1,100}$/),
  x: coordinate,
  y: coordinate,
});
/** Anchored to a point on a page. */
export const PointAnchorSchema = z.strictObject({
  kind: z.literal('point'),
  pageId: z.string().regex(/^page:[^\s]{1,100}$/),
  x: coordinate,
  y: coordinate,
});
export const CommentAnchorSchema = z.discriminatedUnion('kind', [ShapeAnchorSchema, PointAnchorSchema]);
export type CommentAnchor = z.infer<typeof CommentAnchorSchema>;

/**
 * Owner lock: the hash at position `step` of a SHA-256 chain only the creating browser can
 * compute (it derives the chain's seed from a secret it never shares). A record is created at
 * step 0 with the chain's last hash; each owner change reveals the hash before it (step + 1).
 * Anyone can check that sha256(new hash) is the old hash; nobody else can produce it.
 */
export const OwnerLockSchema = z.strictObject({
  step: z.number().int().min(0).max(OWNER_CHAIN_LENGTH),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type OwnerLock = z.infer<typeof OwnerLockSchema>;

export const ThreadRecordSchema = z
  .strictObject({
    id: ThreadIdSchema,
    typeName: z.literal(THREAD_TYPE),
    anchor: CommentAnchorSchema,
    createdAt: TimestampSchema,
    createdBy: CommentAuthorSchema,
    resolved: z.boolean(),
    resolvedBy: CommentAuthorSchema.nullable(),
    resolvedAt: TimestampSchema.nullable(),
    lock: OwnerLockSchema,
  })
  .refine((t) => (t.resolved ? t.resolvedBy !== null && t.resolvedAt !== null : t.resolvedBy === null && t.resolvedAt === null), {
    message: 'a resolved thread names who resolved it and when; an open one names nobody',
  });
export type ThreadRecord = z.infer<typeof ThreadRecordSchema>;

export const CommentRecordSchema = z
  .strictObject({
    id: CommentIdSchema,
    typeName: z.literal(COMMENT_TYPE),
    threadId: ThreadIdSchema,
    author: CommentAuthorSchema,
    body: z.string().max(COMMENT_BODY_MAX),
    /** User ids (`user:...`) of the people mentioned with @name. */
    mentions: z.array(CommentUserIdSchema).max(MENTIONS_MAX),
    createdAt: TimestampSchema,
    editedAt: TimestampSchema.nullable(),
    /** Deleted comments keep their place in the thread ("comment deleted") but not their text. */
    deleted: z.boolean(),
    lock: OwnerLockSchema,
  })
  .refine((c) => (c.deleted ? c.body === '' && c.mentions.length === 0 : c.body.trim() !== ''), {
    message: 'a comment has text; a deleted one has none',
  })
  .refine((c) => new Set(c.mentions).size === c.mentions.length, { message: 'mentions must not repeat' });
export type CommentRecord = z.infer<typeof CommentRecordSchema>;

export type CommentsRecord = ThreadRecord | CommentRecord;

/** Validates one entry of the comments array: a thread or a comment, whose id matches its key. */
export function parseCommentsRecord(key: string, value: unknown): { ok: true; record: CommentsRecord } | { ok: false; reason: string } {
  const typeName = typeof value === 'object' && value !== null ? (value as { typeName?: unknown }).typeName : undefined;
  const schema = typeName === THREAD_TYPE ? ThreadRecordSchema : typeName === COMMENT_TYPE ? CommentRecordSchema : undefined;
  if (!schema) return { ok: false, reason: `comments hold threads and comments, not ${JSON.stringify(typeName ?? null)}` };
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, reason: `invalid ${String(typeName)}: ${path}${issue?.message ?? 'invalid'}` };
  }
  if (parsed.data.id !== key) return { ok: false, reason: `${String(typeName)} id ${parsed.data.id} does not match its key ${key}` };
  return { ok: true, record: parsed.data };
}

// ---- owner lock ----------------------------------------------------------------------------

const encoder = new TextEncoder();

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The chain seed of one record: derived from the browser's secret, so only that browser knows it. */
export function ownerSeed(secret: string, recordId: string): Uint8Array {
  return digest(encoder.encode(`journeyboard comment owner\u0000${secret}\u0000${recordId}`));
}

/** The lock at `step`: the seed hashed OWNER_CHAIN_LENGTH - step times. */
export function ownerLock(seed: Uint8Array, step: number): OwnerLock {
  if (!Number.isInteger(step) || step < 0 || step > OWNER_CHAIN_LENGTH) throw new RangeError(`owner lock step ${step} is out of range`);
  let hash = seed;
  for (let i = 0; i < OWNER_CHAIN_LENGTH - step; i++) hash = digest(hash);
  return { step, hash: toHex(hash) };
}

/** The lock the owner writes with its next change, or null when the chain is used up. */
export function nextOwnerLock(seed: Uint8Array, current: OwnerLock): OwnerLock | null {
  return current.step >= OWNER_CHAIN_LENGTH ? null : ownerLock(seed, current.step + 1);
}

/** True when `after` is the next link of `before`'s chain: whoever wrote it holds the seed. */
export function opensOwnerLock(before: OwnerLock, after: OwnerLock): boolean {
  return after.step === before.step + 1 && toHex(digest(fromHex(after.hash))) === before.hash;
}

// ---- mentions ------------------------------------------------------------------------------

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The ids of `people` whose `@name` appears in `body` as a whole name (longest names first,
 * so "@Ann Lee" is not also "@Ann", and "@Anna" is not "@Ann").
 */
export function mentionedIds(body: string, people: readonly { id: string; name: string }[]): string[] {
  const ids: string[] = [];
  let rest = body;
  const byLength = people.filter((p) => p.name.trim() !== '').sort((a, b) => b.name.length - a.name.length);
  for (const person of byLength) {
    const pattern = new RegExp(`@${escapeRegExp(person.name)}(?![\\p{L}\\p{N}_])`, 'gu');
    if (!pattern.test(rest)) continue;
    if (!ids.includes(person.id)) ids.push(person.id);
    rest = rest.replace(pattern, ' ');
  }
  return ids.slice(0, MENTIONS_MAX);
}

// ---- journey data ----------------------------------------------------------------------------

/**
 * Comment counts per anchored shape id. Only valid records count; a thread whose comments
 * are all deleted counts as gone.
 */
export function countCommentsByShape(records: Iterable<unknown>): Map<string, CommentCounts> {
  const threads = new Map<string, ThreadRecord>();
  const commentsPerThread = new Map<string, number>();
  for (const value of records) {
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') continue;
    const parsed = parseCommentsRecord(id, value);
    if (!parsed.ok) continue;
    const record = parsed.record;
    if (record.typeName === THREAD_TYPE) threads.set(record.id, record);
    else if (!record.deleted) commentsPerThread.set(record.threadId, (commentsPerThread.get(record.threadId) ?? 0) + 1);
  }
  const byShape = new Map<string, CommentCounts>();
  for (const thread of threads.values()) {
    const comments = commentsPerThread.get(thread.id) ?? 0;
    if (thread.anchor.kind !== 'shape' || comments === 0) continue;
    const counts = byShape.get(thread.anchor.shapeId) ?? { openThreads: 0, resolvedThreads: 0, comments: 0 };
    if (thread.resolved) counts.resolvedThreads += 1;
    else counts.openThreads += 1;
    counts.comments += comments;
    byShape.set(thread.anchor.shapeId, counts);
  }
  return byShape;
}

function addCounts(total: CommentCounts | undefined, more: CommentCounts | undefined): CommentCounts | undefined {
  if (!more) return total;
  if (!total) return { ...more };
  return {
    openThreads: total.openThreads + more.openThreads,
    resolvedThreads: total.resolvedThreads + more.resolvedThreads,
    comments: total.comments + more.comments,
  };
}

/**
 * The journey data with comment counts on the cards, unplaced items and maps that threads are
 * anchored to (a map counts its own threads and those of everything placed in it).
 */
export function withCommentCounts(data: JourneyData, commentRecords: Iterable<unknown>): JourneyData {
  const byShape = countCommentsByShape(commentRecords);
  if (byShape.size === 0) return data;
  const withCounts = <T extends { id: string }>(item: T): T => {
    const counts = byShape.get(item.id);
    return counts ? { ...item, comments: counts } : item;
  };
  return {
    ...data,
    maps: data.maps.map((map) => {
      const cells = map.cells.map((cell) => ({ ...cell, cards: cell.cards.map(withCounts) }));
      let total = byShape.get(map.id);
      for (const cell of cells) for (const card of cell.cards) total = addCounts(total, card.comments);
      for (const point of map.emotionCurve) total = addCounts(total, byShape.get(point.id));
      return total ? { ...map, cells, comments: total } : { ...map, cells };
    }),
    unplaced: data.unplaced.map(withCounts),
  };
}
