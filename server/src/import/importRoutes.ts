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
import type { GuardedWriter } from '../guard/recordGuard.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './importLimits.ts';
import { writeImportedMap } from './mapWriter.ts';
import { acceptTableBodies, CSV_TYPES, readTable, TableReader, XLSX_TYPE } from './tableFiles.ts';

export interface ImportRouteDeps {
  catalog: BoardCatalog;
  rooms: RoomManager;
  schema: TLSchema;
  maxUploadBytes: number;
  /** Bounds on reading the file (size unpacked, cells, time, memory); the defaults when absent. */
  importLimits?: ImportLimits;
  authorize: Authorize;
}

/**
 * POST /api/boards/:id/import: a CSV or XLSX table (one row per card: stage, lane, text,
 * attributes) becomes a journey map with its cards. A file with any problem imports nothing
 * and the answer lists every problem with its line. The file is read in a worker thread within
 * the import limits: a file over one gets 413 or 422 with the reason (see tableFiles.ts).
 */
export async function registerImportRoutes(app: FastifyInstance, deps: ImportRouteDeps): Promise<void> {
  const tables = new TableReader(deps.importLimits ?? DEFAULT_IMPORT_LIMITS);
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
          413: ApiErrorSchema.describe('the file is too large: its size, its size unpacked, its packing ratio or its number of cells'),
          422: ApiErrorSchema.describe('reading the file ran over the time or memory limit, or the workbook names too many cells'),
          503: ApiErrorSchema.describe('other uploads are being read; try again in a few seconds'),
          '4xx': ApiErrorSchema,
        },
      },
      handler: async (request, reply) => {
        const board = await existingBoard(deps.catalog, request.params.id);
        const role = await deps.authorize(request, board.id, 'editor');
        const table = await readTable(request.headers['content-type'], request.body, tables);
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
        // With the caller's rights, checked by the board's guards like any participant's change.
        const writer: GuardedWriter = { role };
        const { result: mapId, refused } = await deps.rooms.withRoom(board.id, (room) => room.writeAs(writer, (doc) => writeImportedMap(doc, deps.schema, layout)));
        if (refused.length > 0) request.log.warn({ boardId: board.id, refused: refused.slice(0, 5) }, 'the board refused part of an import');
        request.log.info({ boardId: board.id, mapId, cards: summary.cards }, 'imported a journey map');
        return reply.status(201).send({ mapId, ...summary });
      },
    });
    done();
  });
}
