import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorSchema,
  BoardAccessSchema,
  BoardIdSchema,
  BoardListSchema,
  BoardSchema,
  CreateBoardRequestSchema,
  CreatedBoardSchema,
  newBoardId,
} from '../../../shared/src/index.ts';
import type { AccessControl } from '../auth/accessControl.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { HttpError } from './errors.ts';
import { isAdmin, requireRole } from './requestAuth.ts';

export interface BoardRouteOptions {
  /** 'admin': only requests with the ADMIN_TOKEN may create boards. */
  boardCreation: 'open' | 'admin';
  adminToken: string | null;
}

export function parseBoardId(raw: string): string {
  const id = BoardIdSchema.safeParse(raw);
  if (!id.success) throw new HttpError(400, 'bad_request', `invalid board id: ${id.error.issues[0]?.message ?? ''}`);
  return id.data;
}

export async function existingBoard(catalog: BoardCatalog, raw: string): Promise<z.infer<typeof BoardSchema>> {
  const id = parseBoardId(raw);
  const board = await catalog.getBoard(id);
  if (!board) throw new HttpError(404, 'not_found', `unknown board ${id}`);
  return board;
}

export function registerBoardRoutes(app: FastifyInstance, catalog: BoardCatalog, access: AccessControl, options: BoardRouteOptions): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/boards', {
    schema: { summary: 'Create a board; the answer carries its facilitator link (ADMIN_TOKEN needed when BOARD_CREATION=admin)', body: CreateBoardRequestSchema, response: { 201: CreatedBoardSchema, 400: ApiErrorSchema, 401: ApiErrorSchema } },
    handler: async (request, reply) => {
      if (options.boardCreation === 'admin' && !isAdmin(request, options.adminToken)) {
        throw new HttpError(401, 'unauthorized', 'creating boards needs the administrator token on this server');
      }
      const board = await catalog.createBoard({
        id: newBoardId(),
        title: request.body.title,
        locale: request.body.locale ?? 'en',
        createdAt: new Date(),
      });
      const link = await access.createLink(board.id, 'facilitator', 'facilitator');
      return reply.status(201).send({ ...board, facilitatorToken: link.token, facilitatorPath: link.path });
    },
  });

  routes.get('/api/boards', {
    schema: { summary: 'List every board (open servers, or with the ADMIN_TOKEN)', response: { 200: BoardListSchema, 401: ApiErrorSchema } },
    handler: async (request) => {
      // Listing every board is only for open servers and administrators; otherwise a board's
      // existence is known only to holders of its links.
      if (!access.allowsAnonymous && !isAdmin(request, options.adminToken)) {
        throw new HttpError(401, 'unauthorized', 'listing boards needs the administrator token on this server');
      }
      return { boards: await catalog.listBoards() };
    },
  });

  routes.get('/api/boards/:id', {
    schema: { summary: 'One board (viewer role)', params: z.object({ id: z.string() }), response: { 200: BoardSchema, 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema } },
    handler: async (request) => {
      const board = await existingBoard(catalog, request.params.id);
      await requireRole(access, request, board.id, 'viewer');
      return board;
    },
  });

  routes.get('/api/boards/:id/access', {
    schema: { summary: 'The role the caller has on the board', params: z.object({ id: z.string() }), response: { 200: BoardAccessSchema } },
    handler: async (request) => {
      const board = await existingBoard(catalog, request.params.id);
      return { role: await requireRole(access, request, board.id, 'viewer') };
    },
  });
}
