import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { COMMENT_TYPE, DocLayout, parseCommentsRecord, type JourneyData } from '../../../shared/src/index.ts';
import type { Room } from '../rooms/room.ts';

/** Calls `onCreated` with each comment that participants add to the board through this instance (not edits, not refused ones). */
export function watchNewComments(room: Room, onCreated: (comment: Record<string, unknown>) => void): () => void {
  const array = room.doc.getArray<unknown>(DocLayout.comments);
  const keyOf = (entry: unknown): string | undefined =>
    typeof entry === 'object' && entry !== null && typeof (entry as { key?: unknown }).key === 'string' ? (entry as { key: string }).key : undefined;
  const known = new Set(array.toArray().map(keyOf).filter((key) => key !== undefined));
  const observer = (event: Y.YArrayEvent<unknown>): void => {
    const added: string[] = [];
    for (const item of event.changes.added) {
      for (const entry of item.content.getContent()) {
        const key = keyOf(entry);
        if (key?.startsWith(`${COMMENT_TYPE}:`) && !known.has(key)) added.push(key);
      }
    }
    if (added.length === 0) return;
    if (!room.madeHere(event.transaction.origin)) {
      // Another instance took it in and announces it.
      for (const key of added) known.add(key);
      return;
    }
    // The comment guard may still revert the change in this same update: look once it settled.
    setImmediate(() => {
      const current = new Map<string, unknown>();
      for (const entry of array.toArray()) {
        const key = keyOf(entry);
        if (key) current.set(key, (entry as { val: unknown }).val);
      }
      for (const key of added) {
        if (known.has(key) || !current.has(key)) continue;
        const parsed = parseCommentsRecord(key, current.get(key));
        if (!parsed.ok || parsed.record.typeName !== COMMENT_TYPE) continue;
        known.add(key);
        const { lock: _lock, ...comment } = parsed.record;
        onCreated(comment);
      }
    });
  };
  array.observe(observer);
  return () => array.unobserve(observer);
}

/**
 * Turns the journey service's recomputations into journey.changed events: at most one per board
 * per interval while it is edited (the latest data goes out at the end of the interval), and none
 * when the data is the same as last sent.
 */
export class JourneyChangeThrottle {
  private readonly lastHash = new Map<string, string>();
  private readonly pending = new Map<string, { data: JourneyData; timer: NodeJS.Timeout }>();
  private readonly intervalMs: number;
  private readonly send: (boardId: string, data: JourneyData) => void;

  constructor(intervalMs: number, send: (boardId: string, data: JourneyData) => void) {
    this.intervalMs = intervalMs;
    this.send = send;
  }

  changed(boardId: string, data: JourneyData): void {
    const waiting = this.pending.get(boardId);
    if (waiting) {
      waiting.data = data;
      return;
    }
    const timer = setTimeout(() => this.flush(boardId), this.intervalMs);
    timer.unref();
    this.pending.set(boardId, { data, timer });
  }

  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private flush(boardId: string): void {
    const entry = this.pending.get(boardId);
    this.pending.delete(boardId);
    if (!entry) return;
    const hash = createHash('sha256').update(JSON.stringify(entry.data)).digest('hex');
    if (this.lastHash.get(boardId) === hash) return;
    this.lastHash.set(boardId, hash);
    this.send(boardId, entry.data);
  }
}
