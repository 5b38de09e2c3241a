import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorSchema,
  BoardIdSchema,
  BoardListSchema,
  BoardSchema,
  CreateBoardRequestSchema,
  newBoardId,
} from '../../../shared/src/index.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { HttpError } from './errors.ts';

export function registerBoardRoutes(app: FastifyInstance, catalog: BoardCatalog): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/boards', {
    schema: { body: CreateBoardRequestSchema, response: { 201: BoardSchema, 400: ApiErrorSchema } },
    handler: async (request, reply) => {
      const board = await catalog.createBoard({
        id: newBoardId(),
        title: request.body.title,
        locale: request.body.locale ?? 'en',
        createdAt: new Date(),
      });
      return reply.status(201).send(board);
    },
  });

  routes.get('/api/boards', {
    schema: { response: { 200: BoardListSchema } },
    handler: async () => ({ boards: await catalog.listBoards() }),
  });

  routes.get('/api/boards/:id', {
    schema: { params: z.object({ id: z.string() }), response: { 200: BoardSchema, 400: ApiErrorSchema, 404: ApiErrorSchema } },
    handler: async (request) => {
      const id = BoardIdSchema.safeParse(request.params.id);
      if (!id.success) throw new HttpError(400, 'bad_request', `invalid board id: ${id.error.issues[0]?.message ?? ''}`);
      const board = await catalog.getBoard(id.data);
      if (!board) throw new HttpError(404, 'not_found', `unknown board ${id.data}`);
      return board;
    },
  });
}
