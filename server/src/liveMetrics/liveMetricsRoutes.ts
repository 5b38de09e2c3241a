import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorSchema,
  inputRejected,
  InputRejectedSchema,
  metricValuesFromTable,
  MetricSeriesSchema,
  PostMetricsRequestSchema,
  PostMetricsResponseSchema,
} from '../../../shared/src/index.ts';
import { existingBoard } from '../http/boardRoutes.ts';
import { binaryBody } from '../http/documentedBodies.ts';
import type { Authorize } from '../http/featureSetup.ts';
import { HttpError } from '../http/errors.ts';
import { acceptTableBodies, readTable } from '../import/tableFiles.ts';
import type { BoardCatalog } from '../storage/types.ts';
import type { LiveMetricsService } from './liveMetricsService.ts';

export interface LiveMetricsRouteDeps {
  catalog: BoardCatalog;
  metrics: LiveMetricsService;
  maxUploadBytes: number;
  authorize: Authorize;
}

const SeriesQuerySchema = z.object({
  cardId: z.string().optional(),
  name: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  token: z.string().optional(),
});

/**
 * POST /api/boards/:id/metrics takes JSON ({values: [...]}) or a CSV table with the same
 * columns; GET answers the stored time series.
 */
export async function registerLiveMetricsRoutes(app: FastifyInstance, deps: LiveMetricsRouteDeps): Promise<void> {
  await app.register((scope, _options, done) => {
    acceptTableBodies(scope, deps.maxUploadBytes);
    const routes = scope.withTypeProvider<ZodTypeProvider>();
    routes.post('/api/boards/:id/metrics', {
      // The body schema documents both forms; the handler checks them itself (problems by position or line).
      attachValidation: true,
      schema: {
        summary: 'Record metric values for cards, as JSON or a CSV table (editor role); all or nothing',
        consumes: ['application/json', 'text/csv'],
        params: z.object({ id: z.string() }),
        querystring: z.object({ token: z.string().optional() }),
        body: PostMetricsRequestSchema.or(binaryBody('a CSV table with the same columns (card_id or stage and step, name, value, unit, target, direction, at)')),
        response: { 200: PostMetricsResponseSchema, 400: InputRejectedSchema.or(ApiErrorSchema), '4xx': ApiErrorSchema },
      },
      handler: async (request, reply) => {
        const board = await existingBoard(deps.catalog, request.params.id);
        await deps.authorize(request, board.id, 'editor');
        const contentType = request.headers['content-type'] ?? '';
        if (contentType.startsWith('application/json')) {
          const body = PostMetricsRequestSchema.safeParse(request.body);
          if (!body.success) {
            const problems = body.error.issues.map((issue) => {
              const [, index] = issue.path;
              const column = issue.path.slice(2).map(String).join('.');
              return { ...(typeof index === 'number' ? { index } : {}), ...(column ? { column } : {}), message: `${issue.path.map(String).join('.') || 'body'}: ${issue.message}` };
            });
            return reply.status(400).send(inputRejected('invalid metric values; nothing was recorded', problems));
          }
          const result = await deps.metrics.record(board.id, body.data.values);
          if (!result.ok) return reply.status(400).send(inputRejected('some values name no single card; nothing was recorded', result.problems));
          return { recorded: result.cardIds.length, cardIds: result.cardIds };
        }
        const table = await readTable(contentType, request.body);
        if (!table) throw new HttpError(415, 'unsupported_media_type', 'send metric values as JSON or as a text/csv table');
        if (!table.ok) return reply.status(400).send(inputRejected('the file could not be read; nothing was recorded', table.problems));
        const { values, lines, problems } = metricValuesFromTable(table.table);
        if (problems.length > 0) return reply.status(400).send(inputRejected(`${problems.length} problem(s) in the file; nothing was recorded`, problems));
        const result = await deps.metrics.record(board.id, values, (position) => lines[position] ?? 0);
        if (!result.ok) {
          const byLine = result.problems.map(({ index, message }) => ({ line: index, message }));
          return reply.status(400).send(inputRejected('some rows name no single card; nothing was recorded', byLine));
        }
        return { recorded: result.cardIds.length, cardIds: result.cardIds };
      },
    });

    routes.get('/api/boards/:id/metrics', {
      schema: {
        summary: 'The time series of posted metric values, oldest first (viewer role)',
        params: z.object({ id: z.string() }),
        querystring: SeriesQuerySchema,
        response: { 200: MetricSeriesSchema, '4xx': ApiErrorSchema },
      },
      handler: async (request) => {
        const board = await existingBoard(deps.catalog, request.params.id);
        await deps.authorize(request, board.id, 'viewer');
        const { cardId, name, limit } = request.query;
        return { points: await deps.metrics.series(board.id, { ...(cardId ? { cardId } : {}), ...(name ? { name } : {}), limit }) };
      },
    });
    done();
  });
}
