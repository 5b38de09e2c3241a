import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorSchema,
  applyTimerCommand,
  BallotSchema,
  EmotionScoreRequestSchema,
  EmotionScoreSchema,
  PrivateModeAnswerSchema,
  ServerTimeSchema,
  TimerAnswerSchema,
  VoteRoundAnswerSchema,
  ballotProblem,
  SessionKey,
  StartVoteRoundSchema,
  TimerCommandSchema,
  type Role,
  type VoteRound,
  type WorkshopSummary,
  withEmotionScore,
} from '../../../shared/src/index.ts';
import type { JourneyService } from '../journey/journeyService.ts';
import { existingBoard } from '../http/boardRoutes.ts';
import { HttpError } from '../http/errors.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { MemoryBallotBox, type BallotBox } from './ballotBox.ts';
import { cardsProblem, stageProblem } from './boardShapes.ts';
import { readSession, writeSession } from './sessionState.ts';
import { openVoteRound, revealVoteRound, startVoteRound } from './voteRounds.ts';
import { registerWorkshopRoutes } from './workshopRoutes.ts';

export interface FacilitationDeps {
  catalog: BoardCatalog;
  rooms: RoomManager;
  /** The caller's role on the board, or an HttpError when it is below `minimum`. */
  authorize: (request: FastifyRequest, boardId: string, minimum: Role) => Promise<Role>;
  /** The server's clock; every session time is stamped with it. */
  now?: () => number;
  /** Told after a round's results were written into the board (e.g. to send the vote.results webhook). */
  onRoundRevealed?: (boardId: string, round: VoteRound) => void;
  /** Defaults to this process's memory; several instances pass a shared one. */
  ballots?: BallotBox;
  /** The journey data the workshop summary is built from. */
  journeys: JourneyService;
  /** Told once per ended workshop run, with its summary (the `workshop.ended` webhook). */
  onWorkshopEnded?: (boardId: string, summary: WorkshopSummary) => void;
}

const BoardParams = z.object({ id: z.string() });
const RoundParams = z.object({ id: z.string(), roundId: z.string() });
const PrivateModeRequestSchema = z.object({ on: z.boolean() });
const BallotAnswerSchema = BallotSchema.extend({ remaining: z.number().int() });
const refused = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema };

/**
 * Workshop session commands. The session state lives in the board's doc (DocLayout.session),
 * written only here; each command checks the caller's role from their link first, so a
 * participant gets 403 and the state does not change.
 */
export function registerFacilitationRoutes(app: FastifyInstance, deps: FacilitationDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const now = deps.now ?? Date.now;
  const ballots = deps.ballots ?? new MemoryBallotBox();
  registerWorkshopRoutes(app, { ...deps, ballots, now });

  const boardFor = async (request: FastifyRequest, rawId: string, minimum: Role): Promise<string> => {
    const board = await existingBoard(deps.catalog, rawId);
    await deps.authorize(request, board.id, minimum);
    return board.id;
  };

  // Browsers compute their offset to this clock, so the timer reads the same everywhere.
  routes.get('/api/time', { schema: { summary: "The server's clock (ms since 1970), for the shared timer", response: { 200: ServerTimeSchema } } }, async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return { now: now() };
  });

  routes.post('/api/boards/:id/session/timer', { schema: { summary: 'Start, pause, resume, extend or stop the shared timer (facilitator role)', params: BoardParams, body: TimerCommandSchema, response: { 200: TimerAnswerSchema, ...refused } } }, async (request) => {
    const boardId = await boardFor(request, request.params.id, 'facilitator');
    return deps.rooms.withRoom(boardId, (room) => {
      const at = now();
      const timer = applyTimerCommand(readSession(room.doc, SessionKey.timer), request.body, at);
      writeSession(room.doc, SessionKey.timer, timer);
      return { timer, now: at };
    });
  });

  routes.post('/api/boards/:id/session/private', { schema: { summary: 'Turn private mode on or off; off reveals the cards (facilitator role)', params: BoardParams, body: PrivateModeRequestSchema, response: { 200: PrivateModeAnswerSchema, ...refused } } }, async (request) => {
    const boardId = await boardFor(request, request.params.id, 'facilitator');
    return deps.rooms.withRoom(boardId, (room) => {
      const current = readSession(room.doc, SessionKey.privateMode);
      const next = request.body.on ? (current ?? { batch: randomUUID(), since: now() }) : null;
      writeSession(room.doc, SessionKey.privateMode, next);
      return { privateMode: next };
    });
  });

  routes.post('/api/boards/:id/session/votes/rounds', { schema: { summary: 'Start a dot-voting round (facilitator role)', params: BoardParams, body: StartVoteRoundSchema, response: { 200: VoteRoundAnswerSchema, ...refused } } }, async (request) => {
    const boardId = await boardFor(request, request.params.id, 'facilitator');
    return deps.rooms.withRoom(boardId, (room) => ({ round: startVoteRound(room.doc, request.body) }));
  });

  routes.put('/api/boards/:id/session/votes/rounds/:roundId/ballot', { schema: { summary: "Replace a voter's ballot in the open round (commenter role or more)", params: RoundParams, body: BallotSchema, response: { 200: BallotAnswerSchema, ...refused } } }, async (request) => {
    const boardId = await boardFor(request, request.params.id, 'commenter');
    return deps.rooms.withRoom(boardId, async (room) => {
      const round = openVoteRound(readSession(room.doc, SessionKey.votes) ?? [], request.params.roundId);
      const { voterId, cardIds } = request.body;
      const problem = ballotProblem(round, cardIds) ?? cardsProblem(room.doc, cardIds, round.scope);
      if (problem) throw new HttpError(400, 'bad_request', problem);
      const voterCount = await ballots.put(boardId, round.id, voterId, cardIds);
      // Read again: the session may have changed while the ballot was stored.
      const rounds = readSession(room.doc, SessionKey.votes) ?? [];
      if (rounds.some((r) => r.id === round.id && r.status === 'open' && r.voterCount !== voterCount)) {
        writeSession(room.doc, SessionKey.votes, rounds.map((r) => (r.id === round.id ? { ...r, voterCount } : r)));
      }
      return { voterId, cardIds, remaining: round.budget - cardIds.length };
    });
  });

  routes.get(
    '/api/boards/:id/session/votes/rounds/:roundId/ballot',
    {
      schema: {
        summary: "A voter's own ballot in a round (commenter role or more)",
        params: RoundParams,
        querystring: z.object({ voterId: z.string().min(1).max(100), token: z.string().optional() }),
        response: { 200: BallotSchema, ...refused },
      },
    },
    async (request) => {
      const boardId = await boardFor(request, request.params.id, 'commenter');
      const cardIds = await ballots.ballot(boardId, request.params.roundId, request.query.voterId);
      return { voterId: request.query.voterId, cardIds };
    },
  );

  routes.post('/api/boards/:id/session/votes/rounds/:roundId/reveal', { schema: { summary: 'Reveal the open round: counts go into the board and the journey data (facilitator role)', params: RoundParams, response: { 200: VoteRoundAnswerSchema, ...refused } } }, async (request) => {
    const boardId = await boardFor(request, request.params.id, 'facilitator');
    return deps.rooms.withRoom(boardId, async (room) => {
      const revealed = await revealVoteRound(room.doc, boardId, request.params.roundId, ballots);
      deps.onRoundRevealed?.(boardId, revealed);
      return { round: revealed };
    });
  });

  routes.put('/api/boards/:id/session/emotion-scores', { schema: { summary: "Set or withdraw a participant's emotion score for a map step (commenter role or more)", params: BoardParams, body: EmotionScoreRequestSchema, response: { 200: z.object({ score: EmotionScoreSchema.nullable() }), ...refused } } }, async (request) => {
    const boardId = await boardFor(request, request.params.id, 'commenter');
    return deps.rooms.withRoom(boardId, (room) => {
      const problem = stageProblem(room.doc, request.body.mapId, request.body.stageId);
      if (problem) throw new HttpError(400, 'bad_request', problem);
      const scores = withEmotionScore(readSession(room.doc, SessionKey.emotionScores) ?? [], request.body);
      writeSession(room.doc, SessionKey.emotionScores, scores);
      return { score: request.body.score };
    });
  });
}
