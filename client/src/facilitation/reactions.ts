import type { Awareness } from 'y-protocols/awareness';

/** The emoji a participant can send; peers ignore anything else. */
export const REACTIONS = ['👍', '❤️', '😂', '🎉', '🤔'] as const;

const FIELD = 'reaction';

export interface ReactionState {
  emoji: string;
  /** Bumped per reaction, so the same emoji twice floats twice. */
  seq: number;
}

export function sendReaction(awareness: Awareness, emoji: (typeof REACTIONS)[number]): void {
  const previous = readReaction(awareness.getLocalState() ?? {});
  awareness.setLocalStateField(FIELD, { emoji, seq: (previous?.seq ?? 0) + 1 } satisfies ReactionState);
}

export function readReaction(state: Record<string, unknown>): ReactionState | null {
  const value = state[FIELD] as Partial<ReactionState> | undefined;
  if (typeof value !== 'object' || value === null) return null;
  if (typeof value.seq !== 'number' || !(REACTIONS as readonly unknown[]).includes(value.emoji)) return null;
  return { emoji: value.emoji as string, seq: value.seq };
}

/** Where a peer's cursor is on the page, from their presence. */
export function cursorOf(state: Record<string, unknown>): { x: number; y: number } | null {
  const cursor = (state['presence'] as { cursor?: { x?: unknown; y?: unknown } } | null | undefined)?.cursor;
  return typeof cursor?.x === 'number' && typeof cursor.y === 'number' ? { x: cursor.x, y: cursor.y } : null;
}
