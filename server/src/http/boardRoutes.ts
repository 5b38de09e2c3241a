import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorSchema,
  BoardAccessSchema,
  BoardDamageSchema,
  BoardIdSchema,
  BoardListSchema,
  BoardSchema,
  BoardStatusSchema,
  CreateBoardRequestSchema,
  CreatedBoardSchema,
  DamagedBoardListSchema,
  DocLayout,
  MetaKey,
  newBoardId,
  QuarantineListSchema,
  RenameBoardRequestSchema,
  type BoardDamage,
  type CreatedBoard,
  type Locale,
  type DamagedBoardList,
} from '../../../shared/src/index.ts';
import type { AccessControl } from '../auth/accessControl.ts';
import { RebuildNotAcceptableError, type BoardDamageReport, type RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog, BoardQuarantine } from '../storage/types.ts';
import { binaryBody } from './documentedBodies.ts';
import { HttpError } from './errors.ts';
import { isAdmin, requireRole } from './requestAuth.ts';

export interface BoardRouteOptions {
  /** 'admin': only requests with the ADMIN_TOKEN may create boards. */
  boardCreation: 'open' | 'admin';
  adminToken: string | null;
  /** Loads boards to report (and accept) damage in storage. */
  rooms: RoomManager;
  quarantine: BoardQuarantine;
}

const REBUILT_FROM: Record<NonNullable<BoardDamage['rebuiltFrom']>, string> = {
  snapshot: 'Some stored edits of this board are damaged and were left out.',
  'previous-snapshot': "The board's last saved snapshot is damaged; it was rebuilt from the snapshot before it and the edits stored since.",
  'updates-only': "The board's saved snapshots are damaged; it was rebuilt from the edits stored after them and may miss older content.",
};

export function toApiDamage(report: BoardDamageReport | undefined): BoardDamage | null {
  if (!report) return null;
  if (report.state === 'unreadable') return { state: 'unreadable', rebuiltFrom: null, damagedRows: [], message: report.reason };
  const { basis, rows } = report.damage;
  return {
    state: 'rebuilt',
    rebuiltFrom: basis,
    damagedRows: rows.map(({ kind, seq, reason }) => ({ kind, seq, reason })),
    message: `${REBUILT_FROM[basis]} It is read-only until a facilitator accepts it as it is now.`,
  };
}

/** Transaction origin of the server's write of a renamed board's title into its document. */
export const RENAME_ORIGIN = Symbol('board rename');

const entryParams = z.object({ id: z.string(), entryId: z.coerce.number().int().positive() });
const rawBytes = { description: 'the stored bytes as they were found', content: { 'application/octet-stream': { schema: binaryBody('the row as stored') } } };

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

/** A new board and the link of its creator, who facilitates it (POST /api/boards, the demo board). */
export async function createBoardWithFacilitatorLink(catalog: BoardCatalog, access: AccessControl, board: { title: string; locale: Locale }): Promise<CreatedBoard> {
  const created = await catalog.createBoard({ id: newBoardId(), title: board.title, locale: board.locale, createdAt: new Date() });
  const link = await access.createLink(created.id, 'facilitator', 'facilitator');
  return { ...created, facilitatorToken: link.token, facilitatorPath: link.path };
}

export function registerBoardRoutes(app: FastifyInstance, catalog: BoardCatalog, access: AccessControl, options: BoardRouteOptions): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/boards', {
    schema: { summary: 'Create a board; the answer carries its facilitator link (ADMIN_TOKEN needed when BOARD_CREATION=admin)', body: CreateBoardRequestSchema, response: { 201: CreatedBoardSchema, 400: ApiErrorSchema, 401: ApiErrorSchema } },
    handler: async (request, reply) => {
      if (options.boardCreation === 'admin' && !isAdmin(request, options.adminToken)) {
        throw new HttpError(401, 'unauthorized', 'creating boards needs the administrator token on this server');
      }
      const board = await createBoardWithFacilitatorLink(catalog, access, { title: request.body.title, locale: request.body.locale ?? 'en' });
      return reply.status(201).send(board);
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
    schema: {
      summary: 'One board, with `damage` when its stored rows are damaged (viewer role; loads the board)',
      params: z.object({ id: z.string() }),
      response: { 200: BoardStatusSchema, 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema },
    },
    handler: async (request) => {
      const board = await existingBoard(catalog, request.params.id);
      await requireRole(access, request, board.id, 'viewer');
      return { ...board, damage: toApiDamage(await options.rooms.damageOf(board.id)) };
    },
  });

  routes.patch('/api/boards/:id', {
    schema: {
      summary: "Rename a board (editor role): the stored title changes, and every open participant's board follows it live (the document's meta.title)",
      params: z.object({ id: z.string() }),
      body: RenameBoardRequestSchema,
      response: { 200: BoardSchema, 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema },
    },
    handler: async (request) => {
      const board = await existingBoard(catalog, request.params.id);
      await requireRole(access, request, board.id, 'editor');
      const renamed = await catalog.renameBoard(board.id, request.body.title);
      if (!renamed) throw new HttpError(404, 'not_found', `unknown board ${board.id}`);
      // meta is the server's to write; in the doc the title travels with every sync, to every instance.
      await options.rooms.withRoom(board.id, (room) => {
        room.doc.transact(() => room.doc.getMap<unknown>(DocLayout.meta).set(MetaKey.title, renamed.title), RENAME_ORIGIN);
      });
      return renamed;
    },
  });

  /** The board's facilitators and the server's administrator look after its storage. */
  const requireCaretaker = async (request: FastifyRequest, boardId: string): Promise<void> => {
    if (!isAdmin(request, options.adminToken)) await requireRole(access, request, boardId, 'facilitator');
  };
  const sendQuarantined = async (reply: FastifyReply, entryId: number, boardId?: string): Promise<FastifyReply> => {
    const found = await options.quarantine.quarantinedBytes(entryId);
    if (!found || (boardId !== undefined && found.entry.boardId !== boardId)) throw new HttpError(404, 'not_found', `no quarantined row ${entryId}`);
    const { entry, data } = found;
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${entry.boardId}-${entry.kind}-${entry.seq}-q${entry.id}.bin"`)
      .send(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  };

  routes.post('/api/boards/:id/damage/accept', {
    schema: {
      summary: 'Accept a damaged board as rebuilt: stored as a new snapshot, writable again; the quarantine keeps the damaged rows (facilitator role or ADMIN_TOKEN)',
      params: z.object({ id: z.string() }),
      response: { 200: z.object({ accepted: BoardDamageSchema }), 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema },
    },
    handler: async (request) => {
      const board = await existingBoard(catalog, request.params.id);
      await requireCaretaker(request, board.id);
      try {
        const damage = await options.rooms.acceptRebuilt(board.id);
        return { accepted: toApiDamage({ state: 'rebuilt', damage }) ?? { state: 'rebuilt', rebuiltFrom: null, damagedRows: [], message: '' } };
      } catch (error) {
        if (error instanceof RebuildNotAcceptableError) throw new HttpError(409, 'conflict', error.message);
        throw error;
      }
    },
  });

  routes.get('/api/boards/:id/quarantine', {
    schema: {
      summary: "The board's quarantined rows, oldest first (facilitator role or ADMIN_TOKEN)",
      params: z.object({ id: z.string() }),
      response: { 200: QuarantineListSchema, 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema },
    },
    handler: async (request) => {
      const boardId = parseBoardId(request.params.id);
      await requireCaretaker(request, boardId);
      return { entries: await options.quarantine.listQuarantine(boardId) };
    },
  });

  routes.get('/api/boards/:id/quarantine/:entryId', {
    schema: {
      summary: 'The original bytes of one quarantined row (facilitator role or ADMIN_TOKEN)',
      params: entryParams,
      response: { 200: rawBytes, 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema },
    },
    handler: async (request, reply) => {
      const boardId = parseBoardId(request.params.id);
      await requireCaretaker(request, boardId);
      return sendQuarantined(reply, request.params.entryId, boardId);
    },
  });

  routes.get('/api/admin/damaged-boards', {
    schema: {
      summary: 'Every board with quarantined rows (ADMIN_TOKEN; open servers: anyone)',
      response: { 200: DamagedBoardListSchema, 401: ApiErrorSchema },
    },
    handler: async (request) => {
      if (!access.allowsAnonymous && !isAdmin(request, options.adminToken)) {
        throw new HttpError(401, 'unauthorized', 'listing damaged boards needs the administrator token on this server');
      }
      const boards = new Map<string, DamagedBoardList['boards'][number]>();
      for (const entry of await options.quarantine.listQuarantine()) {
        const board = boards.get(entry.boardId) ?? { boardId: entry.boardId, damaged: false, entries: [] };
        board.entries.push(entry);
        board.damaged ||= entry.resolvedAt === null;
        boards.set(entry.boardId, board);
      }
      return { boards: [...boards.values()] };
    },
  });

  routes.get('/api/admin/quarantine/:entryId', {
    schema: {
      summary: 'The original bytes of one quarantined row, of any board (ADMIN_TOKEN)',
      params: z.object({ entryId: z.coerce.number().int().positive() }),
      response: { 200: rawBytes, 400: ApiErrorSchema, 401: ApiErrorSchema, 404: ApiErrorSchema },
    },
    handler: async (request, reply) => {
      if (!isAdmin(request, options.adminToken)) throw new HttpError(401, 'unauthorized', 'quarantined rows of any board need the administrator token');
      return sendQuarantined(reply, request.params.entryId);
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
