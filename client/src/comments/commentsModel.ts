/**
 * What the comments UI shows, derived from the board's comment records: threads with their
 * comments, unread counts since this browser last looked, mentions. Pure functions.
 */
import type { CommentRecord, CommentsRecord, ThreadRecord } from '../../../shared/src/index.ts';

/**
 * When this browser last looked at a board's comments: `lastSeen` for the whole board (first
 * visit: 0, so everything is new), and per thread when it was last opened.
 */
export interface ReadState {
  lastSeen: number;
  threads: Record<string, number>;
}

export const EMPTY_READ_STATE: ReadState = { lastSeen: 0, threads: {} };

export interface ThreadView {
  thread: ThreadRecord;
  /** Oldest first; deleted ones included (shown as "deleted"). */
  comments: CommentRecord[];
  /** Comments that are not deleted. A thread without any is gone. */
  liveCount: number;
  lastActivity: number;
  mentionsMe: boolean;
  /** Comments by others, not deleted, newer than when I last looked at this thread. */
  unread: number;
}

export type ThreadFilter = 'open' | 'resolved' | 'mentions';

export interface Person {
  id: string;
  name: string;
}

const byCreation = (a: CommentRecord, b: CommentRecord): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function seenAt(read: ReadState, threadId: string): number {
  return Math.max(read.lastSeen, read.threads[threadId] ?? 0);
}

export function buildThreadViews(records: Iterable<CommentsRecord>, me: string, read: ReadState): ThreadView[] {
  const threads = new Map<string, ThreadRecord>();
  const commentsByThread = new Map<string, CommentRecord[]>();
  for (const record of records) {
    if (record.typeName === 'thread') {
      threads.set(record.id, record);
    } else {
      const list = commentsByThread.get(record.threadId) ?? [];
      list.push(record);
      commentsByThread.set(record.threadId, list);
    }
  }
  const views: ThreadView[] = [];
  for (const thread of threads.values()) {
    const comments = (commentsByThread.get(thread.id) ?? []).sort(byCreation);
    const live = comments.filter((c) => !c.deleted);
    if (live.length === 0) continue;
    const seen = seenAt(read, thread.id);
    views.push({
      thread,
      comments,
      liveCount: live.length,
      lastActivity: Math.max(thread.createdAt, thread.resolvedAt ?? 0, ...comments.map((c) => Math.max(c.createdAt, c.editedAt ?? 0))),
      mentionsMe: live.some((c) => c.mentions.includes(me)),
      unread: live.filter((c) => c.author.id !== me && c.createdAt > seen).length,
    });
  }
  return views.sort((a, b) => b.lastActivity - a.lastActivity || (a.thread.id < b.thread.id ? -1 : 1));
}

export function filterThreads(views: readonly ThreadView[], filter: ThreadFilter): ThreadView[] {
  switch (filter) {
    case 'open':
      return views.filter((v) => !v.thread.resolved);
    case 'resolved':
      return views.filter((v) => v.thread.resolved);
    case 'mentions':
      return views.filter((v) => v.mentionsMe);
  }
}

export function unreadTotal(views: readonly ThreadView[]): number {
  return views.reduce((sum, v) => sum + v.unread, 0);
}

/** Clocks differ between browsers: "read" reaches at least the newest comment, whatever my clock says. */
const newestIn = (view: ThreadView): number => Math.max(0, ...view.comments.map((c) => c.createdAt));

export function markThreadRead(read: ReadState, view: ThreadView, now: number): ReadState {
  const at = Math.max(now, newestIn(view));
  if (view.unread === 0 && (read.threads[view.thread.id] ?? 0) >= at) return read;
  return { ...read, threads: { ...read.threads, [view.thread.id]: at } };
}

export function markAllRead(views: readonly ThreadView[], now: number): ReadState {
  return { lastSeen: Math.max(now, ...views.map(newestIn)), threads: {} };
}

/** Keeps per-thread marks only for threads that still exist and are newer than the board mark. */
export function pruneReadState(read: ReadState, threadIds: ReadonlySet<string>): ReadState {
  const threads: Record<string, number> = {};
  for (const [id, at] of Object.entries(read.threads)) if (threadIds.has(id) && at > read.lastSeen) threads[id] = at;
  return { lastSeen: read.lastSeen, threads };
}

export function parseReadState(raw: string | null): ReadState {
  if (!raw) return EMPTY_READ_STATE;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null) return EMPTY_READ_STATE;
    const { lastSeen, threads } = value as { lastSeen?: unknown; threads?: unknown };
    const marks: Record<string, number> = {};
    if (typeof threads === 'object' && threads !== null) {
      for (const [id, at] of Object.entries(threads)) if (typeof at === 'number' && Number.isFinite(at)) marks[id] = at;
    }
    return { lastSeen: typeof lastSeen === 'number' && Number.isFinite(lastSeen) ? lastSeen : 0, threads: marks };
  } catch {
    return EMPTY_READ_STATE;
  }
}

/**
 * People one can @mention: everyone known to have been on the board (profile records, comment
 * authors, who is here now), once each with their latest non-empty name, without me.
 */
export function mentionCandidates(sources: Iterable<Person>, me: string): Person[] {
  const byId = new Map<string, string>();
  for (const { id, name } of sources) {
    const trimmed = name.trim();
    if (id === me || trimmed === '' || !id.startsWith('user:')) continue;
    byId.set(id, trimmed);
  }
  return [...byId]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** The `@query` being typed right before the caret, if any. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,40})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

export function suggestPeople(people: readonly Person[], query: string, limit = 6): Person[] {
  const q = query.toLocaleLowerCase();
  const starts = people.filter((p) => p.name.toLocaleLowerCase().startsWith(q));
  const contains = people.filter((p) => !starts.includes(p) && p.name.toLocaleLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}
