import { atom } from 'tldraw';
import type { VoteRound } from '../../../shared/src/index.ts';
import { fetchBallot, putBallot } from './facilitationApi.ts';

/** This browser's votes in the open round; the server keeps the only other copy. */
export const $myBallot = atom<{ roundId: string; cardIds: readonly string[] }>('my ballot', { roundId: '', cardIds: [] });

export async function loadMyBallot(boardId: string, roundId: string, voterId: string): Promise<void> {
  if ($myBallot.get().roundId === roundId) return;
  $myBallot.set({ roundId, cardIds: [] });
  const ballot = await fetchBallot(boardId, roundId, voterId);
  if ($myBallot.get().roundId === roundId) $myBallot.set({ roundId, cardIds: ballot.cardIds });
}

/** Adds (+1) or takes back (-1) a vote on a card; the server checks budget and scope. */
export async function changeVote(boardId: string, round: VoteRound, voterId: string, cardId: string, delta: 1 | -1): Promise<void> {
  const current = $myBallot.get().roundId === round.id ? $myBallot.get().cardIds : [];
  let next: string[];
  if (delta === 1) next = [...current, cardId];
  else {
    const index = current.lastIndexOf(cardId);
    if (index < 0) return;
    next = current.filter((_, i) => i !== index);
  }
  const saved = await putBallot(boardId, round.id, { voterId, cardIds: next });
  $myBallot.set({ roundId: round.id, cardIds: saved.cardIds });
}
