import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema, boardPreviewPath, MAX_PREVIEW_BYTES, PREVIEW_IMAGE_TYPES, StoredPreviewSchema, type PreviewImageType } from '../../../shared/src/index.ts';
import { etagMatches } from '../assets/assetRoutes.ts';
import { acceptBytesOnly, formatBytes } from '../http/rawBody.ts';
import { sniffImageType } from '../assets/sniffImage.ts';
import { binaryBody, noBody } from '../http/documentedBodies.ts';
import { HttpError } from '../http/errors.ts';
import { existingBoard } from '../http/boardRoutes.ts';
import type { Authorize } from '../http/featureSetup.ts';
import type { BoardCatalog } from '../storage/types.ts';
import type { PreviewStore } from './previewStore.ts';

export interface PreviewRouteOptions {
  catalog: BoardCatalog;
  previews: PreviewStore;
  authorize: Authorize;
}

const isPreviewType = (type: string | null): type is PreviewImageType => type !== null && (PREVIEW_IMAGE_TYPES as readonly string[]).includes(type);
/** The picture at one URL changes with every upload: browsers ask again each time (a 304 while it is the same). */
const REVALIDATE = 'no-cache';
/** Opened directly, a picture must not run anything or load anything. */
const IMAGE_CSP = "default-src 'none'; sandbox";

/**
 * PUT /api/boards/:id/preview (the picture's bytes as the body; editor role) and
 * GET /api/boards/:id/preview (viewer role). In a scope of their own: any Content-Type arrives as
 * bytes and is sniffed, and the preview's size limit applies to this route only.
 */
export async function registerPreviewRoutes(app: FastifyInstance, { catalog, previews, authorize }: PreviewRouteOptions): Promise<void> {
  await app.register((scope, _options, done) => {
    acceptBytesOnly(scope, `a board preview may be at most ${formatBytes(MAX_PREVIEW_BYTES)}`);
    const routes = scope.withTypeProvider<ZodTypeProvider>();

    routes.put('/api/boards/:id/preview', {
      bodyLimit: MAX_PREVIEW_BYTES,
      schema: {
        summary: `Store the board's preview picture for the home page (PNG or WebP bytes as the body, at most ${formatBytes(MAX_PREVIEW_BYTES)}; editor role)`,
        params: z.object({ id: z.string() }),
        response: { 200: StoredPreviewSchema, '4xx': ApiErrorSchema },
      },
      // Before the body is read: a refused caller does not make the server read the picture.
      onRequest: async (request: FastifyRequest<{ Params: { id: string } }>) => {
        const board = await existingBoard(catalog, request.params.id);
        await authorize(request, board.id, 'editor');
      },
      handler: async (request) => {
        const board = await existingBoard(catalog, request.params.id);
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw new HttpError(400, 'bad_request', 'empty preview: send the PNG or WebP bytes as the request body');
        }
        const contentType = sniffImageType(body);
        if (!isPreviewType(contentType)) {
          throw new HttpError(415, 'unsupported_media_type', `a board preview must be a PNG or WebP image${contentType ? ` (this is ${contentType})` : ''}`);
        }
        const stored = await previews.put({
          boardId: board.id,
          contentType,
          data: body,
          sha256: createHash('sha256').update(body).digest('hex'),
        });
        return { contentType, size: body.length, updatedAt: stored.updatedAt, url: boardPreviewPath(board.id, stored.updatedAt) };
      },
    });

    routes.get('/api/boards/:id/preview', {
      schema: {
        summary: "The board's preview picture (viewer role; `?token=` for <img>); `v` is ignored and only makes the URL change with the picture",
        params: z.object({ id: z.string() }),
        querystring: z.object({ v: z.string().optional(), token: z.string().optional() }),
        response: {
          200: { description: 'the picture', content: { 'image/png': { schema: binaryBody('PNG') }, 'image/webp': { schema: binaryBody('WebP') } } },
          304: noBody('not modified'),
          '4xx': ApiErrorSchema,
        },
      },
      handler: async (request, reply) => {
        const board = await existingBoard(catalog, request.params.id);
        await authorize(request, board.id, 'viewer');
        const preview = await previews.get(board.id);
        if (!preview) throw new HttpError(404, 'not_found', `board ${board.id} has no preview yet`);
        const etag = `"${preview.sha256}"`;
        void reply
          .header('etag', etag)
          .header('last-modified', new Date(preview.updatedAt).toUTCString())
          // private: the answer depends on the caller's link.
          .header('cache-control', `private, ${REVALIDATE}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', IMAGE_CSP);
        if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send();
        return reply.type(preview.contentType).send(Buffer.from(preview.data.buffer, preview.data.byteOffset, preview.data.byteLength));
      },
    });
    done();
  });
}
