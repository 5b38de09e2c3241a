import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema, BoardIdSchema, RoleSchema, type Role } from '../../../shared/src/index.ts';
import {
  CreateVersionRequestSchema,
  CURRENT_BOARD,
  RestoreResultSchema,
  RestoreVersionRequestSchema,
  VersionDetailSchema,
  VersionDiffQuerySchema,
  VersionDiffSchema,
  VersionIdSchema,
  VersionListSchema,
  VersionSummarySchema,
} from '../../../shared/src/history.ts';
import { HttpError } from '../http/errors.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { toSummary, type HistoryService } from './historyService.ts';

const errors = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema };

export interface HistoryRouteOptions {
  /**
   * Throws (an HttpError 401/403) unless the request may act with `minimum` on the board.
   * Reading history needs viewer; saving and restoring need editor.
   */
  authorize?: (request: FastifyRequest, boardId: string, minimum: Role) => Promise<unknown>;
}

function authorOf(author: string | undefined): string | null {
  return author?.trim() ? author.trim() : null;
}

/**
 * Version history API:
 *   GET  /api/boards/:id/versions                       list, newest first
 *   POST /api/boards/:id/versions                       save a named version {name, author?}
 *   GET  /api/boards/:id/versions/diff?from=&to=        change summary (ids or `current`; `to` defaults to current)
 *   GET  /api/boards/:id/versions/:versionId            one version with its records
 *   POST /api/boards/:id/versions/:versionId/restore    restore it {author?}
 */
export function registerHistoryRoutes(
  app: FastifyInstance,
  catalog: BoardCatalog,
  history: HistoryService,
  options: HistoryRouteOptions = {},
): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  /** The board's id and the caller's role on it (the route's minimum when no authorizer says more). */
  const requireBoardAccess = async (request: FastifyRequest, rawId: string, minimum: Role): Promise<{ boardId: string; role: Role }> => {
    const id = BoardIdSchema.safeParse(rawId);
    if (!id.success) throw new HttpError(400, 'bad_request', `invalid board id: ${id.error.issues[0]?.message ?? ''}`);
    const board = await catalog.getBoard(id.data);
    if (!board) throw new HttpError(404, 'not_found', `unknown board ${id.data}`);
    const role = RoleSchema.safeParse(await options.authorize?.(request, board.id, minimum));
    return { boardId: board.id, role: role.success ? role.data : minimum };
  };
  const requireBoard = async (request: FastifyRequest, rawId: string, minimum: Role): Promise<string> =>
    (await requireBoardAccess(request, rawId, minimum)).boardId;
  const unknownVersion = (versionId: string): HttpError => new HttpError(404, 'not_found', `unknown version ${versionId}`);
  const requireVersionId = (raw: string): string => {
    if (raw === CURRENT_BOARD) return raw;
    const parsed = VersionIdSchema.safeParse(raw);
    // A malformed id names no version of this board.
    if (!parsed.success) throw unknownVersion(raw);
    return parsed.data;
  };

  routes.get('/api/boards/:id/versions', {
    schema: { summary: 'List versions, newest first (viewer role)', params: z.object({ id: z.string() }), response: { 200: VersionListSchema, ...errors } },
    handler: async (request, reply) => {
      const boardId = await requireBoard(request, request.params.id, 'viewer');
      void reply.header('cache-control', 'no-store');
      return { versions: await history.list(boardId), keepAutomatic: history.keepAutomatic };
    },
  });

  routes.post('/api/boards/:id/versions', {
    schema: { summary: 'Save a named version (editor role)', params: z.object({ id: z.string() }), body: CreateVersionRequestSchema, response: { 201: VersionSummarySchema, ...errors } },
    handler: async (request, reply) => {
      const boardId = await requireBoard(request, request.params.id, 'editor');
      const version = await history.createNamed(boardId, request.body.name, authorOf(request.body.author));
      return reply.status(201).send(version);
    },
  });

  routes.get('/api/boards/:id/versions/diff', {
    schema: { summary: 'Change summary between two versions (ids or `current`) (viewer role)', params: z.object({ id: z.string() }), querystring: VersionDiffQuerySchema, response: { 200: VersionDiffSchema, ...errors } },
    handler: async (request, reply) => {
      const boardId = await requireBoard(request, request.params.id, 'viewer');
      const from = requireVersionId(request.query.from);
      const to = requireVersionId(request.query.to);
      const summary = await history.diff(boardId, from, to);
      if (!summary) throw new HttpError(404, 'not_found', `unknown version ${from} or ${to}`);
      void reply.header('cache-control', 'no-store');
      return { from, to, ...summary };
    },
  });

  routes.get('/api/boards/:id/versions/:versionId', {
    schema: { summary: 'One version with its records (viewer role)', params: z.object({ id: z.string(), versionId: z.string() }), response: { 200: VersionDetailSchema, ...errors } },
    handler: async (request) => {
      const boardId = await requireBoard(request, request.params.id, 'viewer');
      const versionId = requireVersionId(request.params.versionId);
      const version = versionId === CURRENT_BOARD ? undefined : await history.get(boardId, versionId);
      if (!version) throw unknownVersion(versionId);
      return { ...toSummary(version), records: version.snapshot.records, schema: version.snapshot.schema };
    },
  });

  routes.post('/api/boards/:id/versions/:versionId/restore', {
    schema: {
      summary: 'Restore a version; the current state is saved first (editor role)',
      params: z.object({ id: z.string(), versionId: z.string() }),
      body: RestoreVersionRequestSchema.nullish(),
      response: { 200: RestoreResultSchema, ...errors },
    },
    handler: async (request) => {
      // The caller's role: a restore writes with the caller's rights (Room.writeAs).
      const { boardId, role } = await requireBoardAccess(request, request.params.id, 'editor');
      const versionId = requireVersionId(request.params.versionId);
      const result = versionId === CURRENT_BOARD ? undefined : await history.restore(boardId, versionId, authorOf(request.body?.author), role);
      if (!result) throw unknownVersion(versionId);
      return result;
    },
  });
}
