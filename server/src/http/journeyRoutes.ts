import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BoardIdSchema,
  exportFileBaseName,
  journeyJsonSchema,
  journeyToCsv,
  journeyToMarkdown,
  journeyToMermaid,
} from '../../../shared/src/index.ts';
import { journeyExportResponse, JourneyFormatSchema, XLSX_CONTENT_TYPE } from '../export/journeyFormats.ts';
import { journeyToXlsx } from '../export/journeyXlsx.ts';
import type { AccessControl } from '../auth/accessControl.ts';
import type { JourneyService } from '../journey/journeyService.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { HttpError } from './errors.ts';
import { requireRole } from './requestAuth.ts';

const JourneyQuerySchema = z.object({ format: JourneyFormatSchema, token: z.string().optional() });

export function registerJourneyRoutes(app: FastifyInstance, catalog: BoardCatalog, journeys: JourneyService, access: AccessControl): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const schemaDocument = journeyJsonSchema();

  routes.get('/api/schema/journey.json', { schema: { summary: 'The JSON Schema of the journey data' } }, async (_request, reply) => {
    await reply.type('application/schema+json').send(schemaDocument);
  });

  routes.get('/api/boards/:id/journey', {
    schema: {
      summary: 'The journey data extracted from the board, as JSON or an export format (viewer role)',
      params: z.object({ id: z.string() }),
      querystring: JourneyQuerySchema,
      response: { 200: journeyExportResponse },
    },
    handler: async (request, reply) => {
      const id = BoardIdSchema.safeParse(request.params.id);
      if (!id.success) throw new HttpError(400, 'bad_request', `invalid board id: ${id.error.issues[0]?.message ?? ''}`);
      const board = await catalog.getBoard(id.data);
      if (!board) throw new HttpError(404, 'not_found', `unknown board ${id.data}`);
      await requireRole(access, request, board.id, 'viewer');
      const data = await journeys.get(board.id);
      const fileName = exportFileBaseName(board.title);
      // nosniff: a browser opening an export must treat card text as the declared type, never as HTML.
      void reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
      switch (request.query.format) {
        case 'csv':
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${fileName}.csv"`)
            .send(journeyToCsv(data));
        case 'md':
          return reply.type('text/markdown; charset=utf-8').send(journeyToMarkdown(data, board.title));
        case 'xlsx':
          return reply
            .type(XLSX_CONTENT_TYPE)
            .header('content-disposition', `attachment; filename="${fileName}.xlsx"`)
            .send(await journeyToXlsx(data));
        case 'mermaid':
          return reply
            .type('text/plain; charset=utf-8')
            .header('content-disposition', `attachment; filename="${fileName}.mmd"`)
            .send(journeyToMermaid(data));
        case 'json':
          return reply.type('application/json; charset=utf-8').send(JSON.stringify(data));
      }
    },
  });
}
