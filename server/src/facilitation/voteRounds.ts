import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { SessionKey, tallyVotes, type StartVoteRound, type VoteRound } from '../../../shared/src/index.ts';
import { HttpError } from '../http/errors.ts';
import type { BallotBox } from './ballotBox.ts';
import { readSession, writeSession } from './sessionState.ts';

/** Starts a dot-voting round; only one may be open at a time. Used by the vote button and by agenda steps. */
export function startVoteRound(doc: Y.Doc, settings: StartVoteRound): VoteRound {
  const rounds = readSession(doc, SessionKey.votes) ?? [];
  if (rounds.some((r) => r.status === 'open')) throw new HttpError(400, 'bad_request', 'reveal the open vote round before starting another');
  const round: VoteRound = { ...settings, id: randomUUID(), number: rounds.length + 1, status: 'open', voterCount: 0 };
  writeSession(doc, SessionKey.votes, [...rounds, round]);
  return round;
}

export function openVoteRound(rounds: readonly VoteRound[], roundId: string): VoteRound {
  const round = rounds.find((r) => r.id === roundId);
  if (!round) throw new HttpError(404, 'not_found', `unknown vote round ${roundId}`);
  if (round.status !== 'open') throw new HttpError(400, 'bad_request', 'this vote round is already revealed');
  return round;
}

/** Reveals an open round: the ballots are taken from the box and their counts written into the board. */
export async function revealVoteRound(doc: Y.Doc, boardId: string, roundId: string, ballots: BallotBox): Promise<VoteRound> {
  const round = openVoteRound(readSession(doc, SessionKey.votes) ?? [], roundId);
  const taken = await ballots.take(boardId, round.id);
  const rounds = readSession(doc, SessionKey.votes) ?? [];
  // The count from the ballots themselves: the doc's may lag behind ballots cast through other instances.
  const revealed: VoteRound = { ...openVoteRound(rounds, round.id), status: 'revealed', voterCount: taken.length, results: tallyVotes(taken) };
  writeSession(doc, SessionKey.votes, rounds.map((r) => (r.id === round.id ? revealed : r)));
  return revealed;
}
