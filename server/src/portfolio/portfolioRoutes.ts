import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorSchema,
  matchesTouchpointFilter,
  byDueDate,
  PortfolioActionListSchema,
  PortfolioActionsQuerySchema,
  PortfolioBoardListSchema,
  PortfolioBoardsQuerySchema,
  PortfolioTouchpointListSchema,
  PortfolioTouchpointsQuerySchema,
  touchpointsToCsv,
  type Board,
  type PortfolioAction,
  type TouchpointRow,
} from '../../../shared/src/index.ts';
import type { AccessControl } from '../auth/accessControl.ts';
import { HttpError } from '../http/errors.ts';
import { isAdmin } from '../http/requestAuth.ts';
import type { BoardCatalog } from '../storage/types.ts';
import type { PortfolioIndex } from './portfolioIndex.ts';
import type { PortfolioStore } from './portfolioStore.ts';
import type { PreviewStore } from '../previews/previewStore.ts';

export interface PortfolioRouteDeps {
  catalog: BoardCatalog;
  access: AccessControl;
  index: PortfolioIndex;
  store: PortfolioStore;
  adminToken: string | null;
  previews: Pick<PreviewStore, 'updatedAt'>;
}

/**
 * Which boards the caller may see. Like GET /api/boards: the administrator token, or a server
 * with an anonymous role, sees every board. Anyone else names boards with a share-link token
 * each (the boards their browser holds links for) and sees those whose token is valid.
 */
async function visibleBoards(request: FastifyRequest, deps: PortfolioRouteDeps, asked: { id: string; token?: string | undefined }[] | undefined): Promise<Board[]> {
  const everything = isAdmin(request, deps.adminToken) || deps.access.allowsAnonymous;
  const all = await deps.catalog.listBoards();
  if (!asked) {
    if (!everything) throw new HttpError(401, 'unauthorized', 'the whole portfolio needs the administrator token on this server; name your boards with their share-link tokens');
    return all;
  }
  const byId = new Map(all.map((b) => [b.id, b]));
  const visible: Board[] = [];
  for (const { id, token } of asked) {
    const board = byId.get(id);
    if (!board || visible.includes(board)) continue;
    if (everything || (await deps.access.resolve(id, token)).ok) visible.push(board);
  }
  return visible;
}

const contains = (text: string, part: string) => text.toLocaleLowerCase().includes(part.toLocaleLowerCase());

export function registerPortfolioRoutes(app: FastifyInstance, deps: PortfolioRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/portfolio/boards', {
    schema: {
      summary: 'Boards with their journey summary: all of them with the ADMIN_TOKEN or an anonymous role, else those named with a valid share-link token',
      body: PortfolioBoardsQuerySchema,
      response: { 200: PortfolioBoardListSchema, '4xx': ApiErrorSchema },
    },
    handler: async (request) => {
      const boards = await visibleBoards(request, deps, request.body.boards);
      const entries = await deps.index.entries(boards);
      const previewTimes = await deps.previews.updatedAt(boards.map((board) => board.id));
      const search = request.body.search;
      const listed = boards
        .map((board) => ({ ...board, summary: entries.get(board.id)?.summary ?? null, previewUpdatedAt: previewTimes.get(board.id) ?? null }))
        .filter((board) => !search || contains([board.title, ...(board.summary?.personas ?? [])].join('\n'), search));
      return { boards: listed };
    },
  });

  routes.post('/api/portfolio/touchpoints', {
    schema: {
      summary: 'Touchpoints of every visible board, filtered, as JSON or CSV',
      body: PortfolioTouchpointsQuerySchema,
      response: {
        200: {
          description: 'the matching touchpoints',
          content: {
            'application/json': { schema: PortfolioTouchpointListSchema },
            'text/csv': { schema: z.string().describe('one row per touchpoint') },
          },
        },
        '4xx': ApiErrorSchema,
      },
    },
    handler: async (request, reply) => {
      const { boards: asked, format, ...filter } = request.body;
      const boards = await visibleBoards(request, deps, asked);
      await deps.index.entries(boards);
      const titles = new Map(boards.map((b) => [b.id, b.title]));
      const rows: TouchpointRow[] = (await deps.store.touchpoints(boards.map((b) => b.id)))
        .map((row) => ({ ...row, boardTitle: titles.get(row.boardId) ?? '' }))
        .filter((row) => matchesTouchpointFilter(row, filter))
        // By board title; within a board, in map reading order (stable sort keeps the index order).
        .sort((a, b) => a.boardTitle.localeCompare(b.boardTitle) || (a.boardId < b.boardId ? -1 : a.boardId > b.boardId ? 1 : 0));
      void reply.header('cache-control', 'no-store');
      if (format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="touchpoints.csv"').send(touchpointsToCsv(rows));
      }
      return reply.type('application/json; charset=utf-8').send(JSON.stringify({ touchpoints: rows }));
    },
  });

  routes.post('/api/portfolio/actions', {
    schema: {
      summary: 'Open action items across every visible board (not done, not decisions), soonest due first; filter by owner',
      body: PortfolioActionsQuerySchema,
      response: { 200: PortfolioActionListSchema, '4xx': ApiErrorSchema },
    },
    handler: async (request, reply) => {
      const boards = await visibleBoards(request, deps, request.body.boards);
      const entries = await deps.index.entries(boards);
      const owner = request.body.owner;
      const actions: PortfolioAction[] = boards
        .flatMap((board) => (entries.get(board.id)?.summary.openActions ?? []).map((item) => ({ ...item, boardId: board.id, boardTitle: board.title })))
        .filter((item) => !owner || contains(item.owner, owner))
        .sort((a, b) => byDueDate(a, b) || a.boardTitle.localeCompare(b.boardTitle));
      void reply.header('cache-control', 'no-store');
      return { actions };
    },
  });
}
