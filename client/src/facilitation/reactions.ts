import type { Awareness } from 'y-protocols/awareness';

/** The reactions a participant can send, in the picker's order. */
export const REACTION_KINDS = ['thumbsUp', 'heart', 'laugh', 'celebrate', 'thinking'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

/**
 * What a reaction is called in awareness. These were the emoji characters the picker showed;
 * they stay the wire format so browsers still running the earlier client keep exchanging
 * reactions with this one. Nothing on screen shows them any more (reactionIcons.tsx draws them).
 */
const WIRE_NAMES: Readonly<Record<ReactionKind, string>> = {
  thumbsUp: '👍',
  heart: '❤️',
  laugh: '😂',
  celebrate: '🎉',
  thinking: '🤔',
};

const FIELD = 'reaction';

interface WireReaction {
  emoji: string;
  /** Bumped per reaction, so the same reaction twice floats twice. */
  seq: number;
}

export interface ReactionState {
  kind: ReactionKind;
  seq: number;
}

function kindOfWireName(name: unknown): ReactionKind | null {
  return REACTION_KINDS.find((kind) => WIRE_NAMES[kind] === name) ?? null;
}

export function sendReaction(awareness: Awareness, kind: ReactionKind): void {
  const previous = readReaction(awareness.getLocalState() ?? {});
  awareness.setLocalStateField(FIELD, { emoji: WIRE_NAMES[kind], seq: (previous?.seq ?? 0) + 1 } satisfies WireReaction);
}

/** A peer's latest reaction; peers ignore anything that is not one of the known kinds. */
export function readReaction(state: Record<string, unknown>): ReactionState | null {
  const value = state[FIELD] as Partial<WireReaction> | undefined;
  if (typeof value !== 'object' || value === null || typeof value.seq !== 'number') return null;
  const kind = kindOfWireName(value.emoji);
  return kind === null ? null : { kind, seq: value.seq };
}

/** Where a peer's cursor is on the page, from their presence. */
export function cursorOf(state: Record<string, unknown>): { x: number; y: number } | null {
  const cursor = (state['presence'] as { cursor?: { x?: unknown; y?: unknown } } | null | undefined)?.cursor;
  return typeof cursor?.x === 'number' && typeof cursor.y === 'number' ? { x: cursor.x, y: cursor.y } : null;
}
