import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema, CreateShareLinkRequestSchema, ShareLinkListSchema, ShareLinkSchema } from '../../../shared/src/index.ts';
import { LinkExpiryError, type AccessControl } from '../auth/accessControl.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { existingBoard } from './boardRoutes.ts';
import { HttpError } from './errors.ts';
import { noBody } from './documentedBodies.ts';
import { requireRole } from './requestAuth.ts';

/** Share links per board: only the facilitator creates, lists and revokes them. */
export function registerShareRoutes(app: FastifyInstance, catalog: BoardCatalog, access: AccessControl): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.string() });

  routes.post('/api/boards/:id/links', {
    schema: {
      summary: 'Create a share link with a role and an optional expiry (facilitator role)',
      params,
      body: CreateShareLinkRequestSchema,
      response: { 201: ShareLinkSchema, 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema },
    },
    handler: async (request, reply) => {
      const board = await existingBoard(catalog, request.params.id);
      await requireRole(access, request, board.id, 'facilitator');
      const { role, label, expiresAt } = request.body;
      try {
        return reply.status(201).send(await access.createLink(board.id, role, label, expiresAt ? new Date(expiresAt) : null));
      } catch (error) {
        if (error instanceof LinkExpiryError) throw new HttpError(400, 'bad_request', error.message);
        throw error;
      }
    },
  });

  routes.get('/api/boards/:id/links', {
    schema: { summary: 'List the share links, with their expiry and revocation (facilitator role)', params, response: { 200: ShareLinkListSchema } },
    handler: async (request) => {
      const board = await existingBoard(catalog, request.params.id);
      await requireRole(access, request, board.id, 'facilitator');
      return { links: await access.listLinks(board.id) };
    },
  });

  routes.delete('/api/boards/:id/links/:linkId', {
    schema: {
      summary: 'Revoke a share link (facilitator role)',
      params: params.extend({ linkId: z.string() }),
      response: { 204: noBody('revoked'), 404: ApiErrorSchema },
    },
    handler: async (request, reply) => {
      const board = await existingBoard(catalog, request.params.id);
      await requireRole(access, request, board.id, 'facilitator');
      if (!(await access.revokeLink(board.id, request.params.linkId))) {
        throw new HttpError(404, 'not_found', `no active share link ${request.params.linkId} on this board`);
      }
      return reply.status(204).send();
    },
  });
}
