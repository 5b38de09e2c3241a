import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AgendaAnswerSchema,
  AgendaSchema,
  ApiErrorSchema,
  buildWorkshopSummary,
  DocLayout,
  exportFileBaseName,
  LocaleSchema,
  SessionKey,
  summaryToMarkdown,
  THREAD_TYPE,
  WorkshopAnswerSchema,
  WorkshopCommandSchema,
  WorkshopSummarySchema,
  type Role,
  type VoteRound,
  type WorkshopSummary,
} from '../../../shared/src/index.ts';
import { markdownToPdf } from '../export/summaryPdf.ts';
import { binaryBody } from '../http/documentedBodies.ts';
import { existingBoard } from '../http/boardRoutes.ts';
import { HttpError } from '../http/errors.ts';
import type { JourneyService } from '../journey/journeyService.ts';
import type { Room } from '../rooms/room.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog } from '../storage/types.ts';
import type { BallotBox } from './ballotBox.ts';
import { shapeArea } from './boardShapes.ts';
import { readSession, writeSession } from './sessionState.ts';
import { runWorkshopCommand } from './workshopRun.ts';

export interface WorkshopRouteDeps {
  catalog: BoardCatalog;
  rooms: RoomManager;
  journeys: JourneyService;
  ballots: BallotBox;
  authorize: (request: FastifyRequest, boardId: string, minimum: Role) => Promise<Role>;
  now: () => number;
  onRoundRevealed?: (boardId: string, round: VoteRound) => void;
  /** Told once per ended run of a workshop, with its summary (the `workshop.ended` webhook). */
  onWorkshopEnded?: (boardId: string, summary: WorkshopSummary) => void;
}

const BoardParams = z.object({ id: z.string() });
const refused = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema };
const SummaryQuerySchema = z.object({
  format: z.enum(['json', 'md', 'pdf']).default('json').describe('json (validates against /api/schema/summary.json), md (a report), pdf'),
  locale: LocaleSchema.optional().describe("the report's language; the board's by default"),
  token: z.string().optional(),
});

/** When each comment thread of the board was opened. */
function threadsOpenedAt(room: Room): number[] {
  const times: number[] = [];
  for (const entry of room.doc.getArray<{ val?: { typeName?: unknown; createdAt?: unknown } }>(DocLayout.comments).toArray()) {
    const value = entry.val;
    if (value?.typeName === THREAD_TYPE && typeof value.createdAt === 'number') times.push(value.createdAt);
  }
  return times;
}

/**
 * The run of show: the agenda (facilitators write it, everyone reads it), the commands that run
 * it, and the summary of the last run. Agenda and workshop state live in the board's session map.
 */
export function registerWorkshopRoutes(app: FastifyInstance, deps: WorkshopRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  const boardFor = async (request: FastifyRequest, rawId: string, minimum: Role) => {
    const board = await existingBoard(deps.catalog, rawId);
    await deps.authorize(request, board.id, minimum);
    return board;
  };

  const summaryOf = async (boardId: string, title: string, locale: 'en' | 'de', room: Room): Promise<WorkshopSummary | null> => {
    const agenda = readSession(room.doc, SessionKey.agenda);
    const workshop = readSession(room.doc, SessionKey.workshop);
    if (!agenda || !workshop) return null;
    return buildWorkshopSummary({
      board: { id: boardId, title, locale },
      journey: await deps.journeys.get(boardId),
      agenda,
      workshop,
      voteRounds: readSession(room.doc, SessionKey.votes) ?? [],
      emotionScores: readSession(room.doc, SessionKey.emotionScores) ?? [],
      threadsOpenedAt: threadsOpenedAt(room),
      now: deps.now(),
    });
  };

  app.get('/api/schema/summary.json', { schema: { summary: 'The JSON Schema of the workshop summary' } }, async (_request, reply) => {
    await reply.type('application/schema+json').send({ $id: '/api/schema/summary.json', title: 'Journeyboard workshop summary', ...z.toJSONSchema(WorkshopSummarySchema, { target: 'draft-2020-12' }) });
  });

  routes.get('/api/boards/:id/agenda', { schema: { summary: "The board's agenda (viewer role)", params: BoardParams, response: { 200: AgendaAnswerSchema, ...refused } } }, async (request) => {
    const board = await boardFor(request, request.params.id, 'viewer');
    return deps.rooms.withRoom(board.id, (room) => ({ agenda: readSession(room.doc, SessionKey.agenda) ?? { steps: [] } }));
  });

  routes.put('/api/boards/:id/agenda', { schema: { summary: "Replace the board's agenda; every step's area must be a shape on the board (facilitator role)", params: BoardParams, body: AgendaSchema, response: { 200: AgendaAnswerSchema, ...refused } } }, async (request) => {
    const board = await boardFor(request, request.params.id, 'facilitator');
    return deps.rooms.withRoom(board.id, (room) => {
      const agenda = request.body;
      for (const step of agenda.steps) {
        if (step.area && !shapeArea(room.doc, step.area)) throw new HttpError(400, 'bad_request', `step "${step.title}": ${step.area} is not a map, canvas or frame on this board`);
      }
      const workshop = readSession(room.doc, SessionKey.workshop);
      if (workshop?.status === 'running' && workshop.stepIndex >= agenda.steps.length) {
        throw new HttpError(409, 'conflict', 'the running workshop is at a step this agenda no longer has; end it or keep that step');
      }
      writeSession(room.doc, SessionKey.agenda, agenda);
      return { agenda };
    });
  });

  routes.post('/api/boards/:id/workshop', { schema: { summary: 'Start, move through (next, previous, goto), extend or end the workshop (facilitator role)', params: BoardParams, body: WorkshopCommandSchema, response: { 200: WorkshopAnswerSchema, ...refused } } }, async (request) => {
    const board = await boardFor(request, request.params.id, 'facilitator');
    return deps.rooms.withRoom(board.id, async (room) => {
      const { workshop, ended } = await runWorkshopCommand(room, request.body, deps);
      if (ended && deps.onWorkshopEnded) {
        const summary = await summaryOf(board.id, board.title, board.locale, room);
        if (summary) deps.onWorkshopEnded(board.id, summary);
      }
      return { workshop };
    });
  });

  routes.get('/api/boards/:id/summary', {
    schema: {
      summary: 'The summary of the workshop run on this board (running or ended): step outputs, vote results, emotions, decisions and action items (viewer role)',
      params: BoardParams,
      querystring: SummaryQuerySchema,
      response: {
        200: {
          description: 'The summary in the requested format',
          content: {
            'application/json': { schema: WorkshopSummarySchema },
            'text/markdown': { schema: z.string().describe('the summary as a report') },
            'application/pdf': { schema: binaryBody('the report as a PDF') },
          },
        },
        ...refused,
      },
    },
    handler: async (request, reply) => {
      const board = await boardFor(request, request.params.id, 'viewer');
      const summary = await deps.rooms.withRoom(board.id, (room) => summaryOf(board.id, board.title, board.locale, room));
      if (!summary) throw new HttpError(404, 'not_found', 'no workshop has run on this board yet');
      const locale = request.query.locale ?? board.locale;
      void reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
      const fileName = `${exportFileBaseName(board.title)}-summary`;
      switch (request.query.format) {
        case 'md':
          return reply.type('text/markdown; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}.md"`).send(summaryToMarkdown(summary, locale));
        case 'pdf':
          return reply
            .type('application/pdf')
            .header('content-disposition', `attachment; filename="${fileName}.pdf"`)
            .send(Buffer.from(await markdownToPdf(summaryToMarkdown(summary, locale), `${board.title}: summary`)));
        case 'json':
          return reply.type('application/json; charset=utf-8').send(JSON.stringify(summary));
      }
    },
  });
}
