import type * as Y from 'yjs';
import { journeyVotes, SessionKey, type JourneyData } from '../../../shared/src/index.ts';
import { readSession } from './sessionState.ts';

/** The journey data plus the board's revealed dot-voting results (votes per card per round). */
export function withVoteResults(data: JourneyData, doc: Y.Doc): JourneyData {
  const votes = journeyVotes(readSession(doc, SessionKey.votes) ?? []);
  return votes.length > 0 ? { ...data, votes } : data;
}
