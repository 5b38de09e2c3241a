import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { COMMENT_TYPE, DocLayout, parseCommentsRecord, type JourneyData } from '../../../shared/src/index.ts';
import type { Room } from '../rooms/room.ts';

/** Calls `onCreated` with each comment that participants add to the board (not edits, not refused ones). */
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

/** Remembers what was last sent per board, so a recomputation that changed nothing sends nothing. */
export class JourneyChangeFilter {
  private readonly lastHash = new Map<string, string>();

  changed(boardId: string, data: JourneyData): boolean {
    const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    if (this.lastHash.get(boardId) === hash) return false;
    this.lastHash.set(boardId, hash);
    return true;
  }
}
