import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiErrorSchema, CreatedBoardSchema, DocLayout } from '../../../shared/src/index.ts';
import { CreateDemoBoardRequestSchema, DemoOfferSchema } from '../../../shared/src/demo/demoApi.ts';
import { demoBoard } from '../../../shared/src/demo/demoBoard.ts';
import type { AccessControl } from '../auth/accessControl.ts';
import type { GuardedWriter } from '../guard/recordGuard.ts';
import { createBoardWithFacilitatorLink } from '../http/boardRoutes.ts';
import { HttpError } from '../http/errors.ts';
import { FIRST_PAGE_ID } from '../rooms/boardSkeleton.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog } from '../storage/types.ts';
import type { Logger } from 'pino';

export interface DemoRouteDeps {
  catalog: BoardCatalog;
  access: AccessControl;
  rooms: RoomManager;
  /** Only servers where anyone may create boards offer (and make) demo boards. */
  boardCreation: 'open' | 'admin';
  log: Logger;
}

const keyed = (record: { id?: unknown }) => ({ key: String(record.id), val: record });

/**
 * "Open the demo board" for newcomers (issue 23): a board filled from shared/src/demo, written
 * through the board's guards with the rights a participant would need for it, so the demo is
 * exactly what a workshop could have produced.
 */
export function registerDemoRoutes(app: FastifyInstance, deps: DemoRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  let installHasBoards = false;

  routes.get('/api/demo-board', {
    schema: { summary: 'Whether the home page offers the demo board (a fresh install with open board creation)', response: { 200: DemoOfferSchema } },
    // Says only whether the install is still empty, nothing about any board.
    handler: async () => {
      if (deps.boardCreation !== 'open' || installHasBoards) return { offered: false };
      // Boards are never deleted: once there is one, the answer stays no without listing them again.
      installHasBoards = (await deps.catalog.listBoards()).length > 0;
      return { offered: !installHasBoards };
    },
  });

  routes.post('/api/demo-board', {
    schema: {
      summary: 'Create a demo board (a filled journey map with persona, emotion curve, empathy map and comments); the answer carries its facilitator link',
      body: CreateDemoBoardRequestSchema.optional(),
      response: { 201: CreatedBoardSchema, 401: ApiErrorSchema, 500: ApiErrorSchema },
    },
    handler: async (request, reply) => {
      if (deps.boardCreation !== 'open') throw new HttpError(401, 'unauthorized', 'this server creates boards only with the administrator token; demo boards are off');
      const locale = request.body?.locale ?? 'en';
      const demo = demoBoard(locale, FIRST_PAGE_ID, Date.now());
      const board = await createBoardWithFacilitatorLink(deps.catalog, deps.access, { title: demo.title, locale });
      const refused = await deps.rooms.withRoom(board.id, (room) => {
        const asFacilitator: GuardedWriter = { role: 'facilitator' };
        const asAuthor: GuardedWriter = { role: demo.commentRole };
        return [
          ...room.writeAs(asFacilitator, (doc) => doc.getArray<unknown>(DocLayout.records).push(demo.shapes.map(keyed))).refused,
          ...room.writeAs(asAuthor, (doc) => doc.getArray<unknown>(DocLayout.comments).push(demo.comments.map(keyed))).refused,
        ];
      });
      // The demo is ours: a refusal means the demo and the guards disagree, which tests must catch.
      if (refused.length > 0) {
        deps.log.error({ boardId: board.id, refused: refused.slice(0, 5) }, 'the board refused part of the demo');
        throw new HttpError(500, 'internal_error', 'the demo board could not be written completely');
      }
      request.log.info({ boardId: board.id, locale }, 'created a demo board');
      return reply.status(201).send(board);
    },
  });
}
