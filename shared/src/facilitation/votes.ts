import { z } from 'zod';

const finite = z.number().finite();

/** Where a round's votes may go: the whole board, or a page area the facilitator selected. */
export const VoteScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('board') }),
  z.object({ kind: z.literal('area'), x: finite, y: finite, w: finite.positive(), h: finite.positive() }),
]);
export type VoteScope = z.infer<typeof VoteScopeSchema>;

export const StartVoteRoundSchema = z.object({
  budget: z.number().int().min(1).max(50),
  allowMultiplePerCard: z.boolean(),
  scope: VoteScopeSchema,
});
export type StartVoteRound = z.infer<typeof StartVoteRoundSchema>;

/** Votes per card of one revealed round (only cards with at least one vote). */
export const VoteResultsSchema = z.record(z.string(), z.number().int().positive());

export const VoteRoundSchema = StartVoteRoundSchema.extend({
  id: z.string().min(1).max(64),
  /** 1, 2, 3... in the order the rounds were started on this board. */
  number: z.number().int().positive(),
  status: z.enum(['open', 'revealed']),
  /** How many people voted; known to everyone while the round is open, the counts are not. */
  voterCount: z.number().int().nonnegative(),
  results: VoteResultsSchema.optional(),
});
export type VoteRound = z.infer<typeof VoteRoundSchema>;

/** Every round of the board, oldest first: what the session state keeps under SessionKey.votes. */
export const VoteRoundsSchema = z.array(VoteRoundSchema);

/** A participant's ballot: the cards they voted on, a card repeated for each vote on it. */
export const BallotSchema = z.object({
  voterId: z.string().min(1).max(100),
  cardIds: z.array(z.string().min(1).max(200)).max(50),
});
export type Ballot = z.infer<typeof BallotSchema>;

/** Why a ballot does not fit the round (null when it does). */
export function ballotProblem(round: Pick<VoteRound, 'budget' | 'allowMultiplePerCard'>, cardIds: readonly string[]): string | null {
  if (cardIds.length > round.budget) return `this round allows ${round.budget} votes per person`;
  if (!round.allowMultiplePerCard && new Set(cardIds).size !== cardIds.length) return 'this round allows one vote per card';
  return null;
}

/** Votes per card over all ballots; cards nobody voted for are absent. */
export function tallyVotes(ballots: Iterable<readonly string[]>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const cardIds of ballots) {
    for (const cardId of cardIds) counts[cardId] = (counts[cardId] ?? 0) + 1;
  }
  return counts;
}

export function isInScope(scope: VoteScope, point: { x: number; y: number }): boolean {
  if (scope.kind === 'board') return true;
  return point.x >= scope.x && point.x <= scope.x + scope.w && point.y >= scope.y && point.y <= scope.y + scope.h;
}
