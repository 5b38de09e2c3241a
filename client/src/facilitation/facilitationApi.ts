import { z } from 'zod';
import { BallotSchema, type Ballot, type EmotionScoreRequest, type StartVoteRound, type TimerCommand } from '../../../shared/src/index.ts';
import { requestJson } from '../api/apiClient.ts';
import { authHeaders } from '../share/boardTokens.ts';

const sessionPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/session`;
const roundPath = (boardId: string, roundId: string) => `${sessionPath(boardId)}/votes/rounds/${encodeURIComponent(roundId)}`;
// Command answers echo the new state, which every browser also receives through the doc.
const Accepted = z.unknown();

function post(path: string, boardId: string, body: unknown): Promise<unknown> {
  return requestJson(path, Accepted, { method: 'POST', headers: authHeaders(boardId), body: JSON.stringify(body) });
}

export const sendTimerCommand = (boardId: string, command: TimerCommand) => post(`${sessionPath(boardId)}/timer`, boardId, command);
export const setPrivateMode = (boardId: string, on: boolean) => post(`${sessionPath(boardId)}/private`, boardId, { on });
export const startVoteRound = (boardId: string, round: StartVoteRound) => post(`${sessionPath(boardId)}/votes/rounds`, boardId, round);
export const revealVotes = (boardId: string, roundId: string) => post(`${roundPath(boardId, roundId)}/reveal`, boardId, {});

export function putBallot(boardId: string, roundId: string, ballot: Ballot): Promise<Ballot> {
  return requestJson(`${roundPath(boardId, roundId)}/ballot`, BallotSchema, {
    method: 'PUT',
    headers: authHeaders(boardId),
    body: JSON.stringify(ballot),
  });
}

export function fetchBallot(boardId: string, roundId: string, voterId: string): Promise<Ballot> {
  return requestJson(`${roundPath(boardId, roundId)}/ballot?voterId=${encodeURIComponent(voterId)}`, BallotSchema, { headers: authHeaders(boardId) });
}

export function putEmotionScore(boardId: string, score: EmotionScoreRequest): Promise<unknown> {
  return requestJson(`${sessionPath(boardId)}/emotion-scores`, Accepted, { method: 'PUT', headers: authHeaders(boardId), body: JSON.stringify(score) });
}
