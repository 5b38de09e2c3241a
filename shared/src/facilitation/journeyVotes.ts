import { z } from 'zod';
import type { VoteRound } from './votes.ts';

/** One card's votes in one revealed round, as the journey data reports them. */
export const JourneyVoteSchema = z.object({
  round: z.number().int().positive(),
  roundId: z.string(),
  cardId: z.string(),
  votes: z.number().int().positive(),
});
export type JourneyVote = z.infer<typeof JourneyVoteSchema>;

/** Revealed results of every round, oldest round first, most votes first within a round. */
export function journeyVotes(rounds: readonly VoteRound[]): JourneyVote[] {
  return rounds.flatMap((round) =>
    Object.entries(round.status === 'revealed' ? (round.results ?? {}) : {})
      .map(([cardId, votes]) => ({ round: round.number, roundId: round.id, cardId, votes }))
      .sort((a, b) => b.votes - a.votes || a.cardId.localeCompare(b.cardId)),
  );
}
