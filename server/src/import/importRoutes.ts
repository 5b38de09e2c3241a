import type { TLSchema } from '@tldraw/tlschema';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorSchema,
  ImportOptionsSchema,
  ImportResultSchema,
  inputRejected,
  InputRejectedSchema,
  layoutImport,
  planImport,
} from '../../../shared/src/index.ts';
import { existingBoard } from '../http/boardRoutes.ts';
import { binaryBody } from '../http/documentedBodies.ts';
import type { Authorize } from '../http/featureSetup.ts';
import { HttpError } from '../http/errors.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { writeImportedMap } from './mapWriter.ts';
import { acceptTableBodies, CSV_TYPES, readTable, XLSX_TYPE } from './tableFiles.ts';

export interface ImportRouteDeps {
  catalog: BoardCatalog;
  rooms: RoomManager;
  schema: TLSchema;
  maxUploadBytes: number;
  authorize: Authorize;
}

/**
 * POST /api/boards/:id/import: a CSV or XLSX table (one row per card: stage, lane, text,
 * attributes) becomes a journey map with its cards. A file with any problem imports nothing
 * and the answer lists every problem with its line.
 */
export async function registerImportRoutes(app: FastifyInstance, deps: ImportRouteDeps): Promise<void> {
  await app.register((scope, _options, done) => {
    acceptTableBodies(scope, deps.maxUploadBytes);
    scope.withTypeProvider<ZodTypeProvider>().post('/api/boards/:id/import', {
      // The body schema documents the upload; the handler reads and checks it itself (problems by line).
      attachValidation: true,
      schema: {
        summary: 'Create a journey map with its cards from a CSV or XLSX table (editor role); a file with problems imports nothing',
        consumes: [CSV_TYPES[0], XLSX_TYPE],
        params: z.object({ id: z.string() }),
        querystring: ImportOptionsSchema.extend({ token: z.string().optional() }),
        body: binaryBody('the table: one row per card with stage, lane, text and optional attribute columns'),
        response: {
          200: ImportResultSchema.describe('dry run: what would be imported'),
          201: ImportResultSchema,
          400: InputRejectedSchema.or(ApiErrorSchema),
          '4xx': ApiErrorSchema,
        },
      },
      handler: async (request, reply) => {
        const board = await existingBoard(deps.catalog, request.params.id);
        await deps.authorize(request, board.id, 'editor');
        const table = await readTable(request.headers['content-type'], request.body);
        if (!table) throw new HttpError(415, 'unsupported_media_type', 'send the table as text/csv or as an XLSX workbook');
        if (!table.ok) return reply.status(400).send(inputRejected('the file could not be read; nothing was imported', table.problems));
        const { plan, problems } = planImport(table.table);
        if (!plan) {
          return reply.status(400).send(inputRejected(`${problems.length} problem(s) in the file; nothing was imported`, problems));
        }
        const locale = request.query.locale ?? board.locale;
        const title = request.query.title ?? (locale === 'de' ? 'Importierte Journey' : 'Imported journey');
        const layout = layoutImport(plan, { title, locale });
        const summary = { title, stages: plan.stages.length, lanes: plan.lanes.length, cards: plan.cards.length, blankLines: plan.blankLines };
        if (request.query.dryRun === 'true') return reply.status(200).send({ mapId: null, ...summary });
        const mapId = await deps.rooms.withRoom(board.id, (room) => writeImportedMap(room.doc, deps.schema, layout));
        request.log.info({ boardId: board.id, mapId, cards: summary.cards }, 'imported a journey map');
        return reply.status(201).send({ mapId, ...summary });
      },
    });
    done();
  });
}
