import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorSchema,
  AssetIdSchema,
  BoardIdSchema,
  UploadedAssetSchema,
  assetPath,
  type AcceptedImageType,
  type UploadedAsset,
} from '../../../shared/src/index.ts';
import { HttpError } from '../http/errors.ts';
import { binaryBody, noBody } from '../http/documentedBodies.ts';
import { acceptBytesOnly, formatBytes } from '../http/rawBody.ts';
import type { BoardCatalog } from '../storage/types.ts';
import type { AssetStore } from './assetStore.ts';
import { looksLikeSvg, sniffImageType } from './sniffImage.ts';
import { canUpload, type RoleOf } from './uploadPermission.ts';

export interface AssetRouteOptions {
  catalog: Pick<BoardCatalog, 'getBoard'>;
  assets: AssetStore;
  /** Largest single image (MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
  /** Largest total of one board's images (MAX_BOARD_ASSET_BYTES). */
  maxBoardAssetBytes: number;
  /** The caller's verified role (share link or anonymous role), for canUpload. */
  roleOf: RoleOf;
}

/** Content-addressed: the bytes behind a URL never change, so caches may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Opened directly, an image must not run anything or load anything. */
const IMAGE_CSP = "default-src 'none'; sandbox";
const EXTENSIONS: Record<AcceptedImageType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};


export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}

/**
 * POST /api/boards/:id/assets (raw image bytes as the body) and GET /api/boards/:id/assets/:assetId.
 * Registered in their own scope so that their body parser (any Content-Type, as bytes, sniffed
 * afterwards) and body limit apply to uploads only.
 */
export async function registerAssetRoutes(app: FastifyInstance, options: AssetRouteOptions): Promise<void> {
  const { catalog, assets, maxUploadBytes, maxBoardAssetBytes, roleOf } = options;

  async function knownBoard(rawId: string): Promise<string> {
    const id = BoardIdSchema.safeParse(rawId);
    if (!id.success) throw new HttpError(400, 'bad_request', `invalid board id: ${id.error.issues[0]?.message ?? ''}`);
    if (!(await catalog.getBoard(id.data))) throw new HttpError(404, 'not_found', `unknown board ${id.data}`);
    return id.data;
  }

  await app.register((scope, _options, done) => {
    // The declared type is not trusted either way: every body arrives as bytes and is sniffed.
    acceptBytesOnly(scope, `images may be at most ${formatBytes(maxUploadBytes)}`);
    const routes = scope.withTypeProvider<ZodTypeProvider>();

    routes.post('/api/boards/:id/assets', {
      bodyLimit: maxUploadBytes,
      schema: {
        summary: 'Upload an image (PNG, JPEG, GIF or WebP bytes as the body; editor role)',
        params: z.object({ id: z.string() }),
        response: { 200: UploadedAssetSchema, 201: UploadedAssetSchema, '4xx': ApiErrorSchema },
      },
      // Before the body is read: a refused upload does not cost the server reading up to the limit.
      onRequest: async (request: FastifyRequest<{ Params: { id: string } }>) => {
        const boardId = await knownBoard(request.params.id);
        // ROLE CHECK: the single place that decides whether this caller may add images.
        if (!(await canUpload(request, boardId, roleOf))) {
          throw new HttpError(403, 'forbidden', 'viewers and commenters cannot upload images');
        }
      },
      handler: async (request, reply) => {
        const boardId = BoardIdSchema.parse(request.params.id);
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw new HttpError(400, 'bad_request', 'empty upload: send the image bytes as the request body');
        }
        const contentType = sniffImageType(body);
        if (!contentType) {
          throw new HttpError(
            415,
            'unsupported_media_type',
            looksLikeSvg(body)
              ? 'SVG images are not accepted (they can carry scripts); upload a PNG, JPEG, GIF or WebP'
              : 'only PNG, JPEG, GIF and WebP images can be uploaded',
          );
        }
        const id = createHash('sha256').update(body).digest('hex');
        const result = await assets.put(
          { boardId, id, contentType, size: body.length, data: body },
          { maxBoardBytes: maxBoardAssetBytes },
        );
        if (result.outcome === 'quota_exceeded') {
          throw new HttpError(
            413,
            'payload_too_large',
            `this board's images would exceed ${formatBytes(maxBoardAssetBytes)} (${formatBytes(result.usedBytes)} used)`,
          );
        }
        const answer: UploadedAsset = { id, url: assetPath(boardId, id), contentType, size: body.length };
        return reply
          .status(result.outcome === 'created' ? 201 : 200)
          .header('location', answer.url)
          .send(answer);
      },
    });

    // No share link needed to read: <img> cannot send one, and a link in the URL would end up in
    // logs and in every cache key. The URL itself is the capability: 126 random bits of board id
    // plus the SHA-256 of the bytes, known only to those who could read the board's document.
    routes.get('/api/boards/:id/assets/:assetId', {
      schema: {
        summary: 'An uploaded image (no token: the URL is the capability)',
        params: z.object({ id: z.string(), assetId: z.string() }),
        response: {
          200: { description: 'the image bytes', content: { 'image/*': { schema: binaryBody('PNG, JPEG, GIF or WebP') } } },
          304: noBody('not modified'),
          404: ApiErrorSchema,
        },
      },
      handler: async (request, reply) => {
        const boardId = await knownBoard(request.params.id);
        const assetId = AssetIdSchema.safeParse(request.params.assetId);
        const asset = assetId.success ? await assets.get(boardId, assetId.data) : undefined;
        if (!asset) throw new HttpError(404, 'not_found', `unknown asset ${request.params.assetId} on board ${boardId}`);
        const etag = `"${asset.id}"`;
        void reply
          .header('etag', etag)
          .header('cache-control', IMMUTABLE)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', IMAGE_CSP);
        if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send();
        return reply
          .type(asset.contentType)
          .header('content-disposition', `inline; filename="${asset.id.slice(0, 16)}.${EXTENSIONS[asset.contentType]}"`)
          .send(Buffer.from(asset.data.buffer, asset.data.byteOffset, asset.data.byteLength));
      },
    });
    done();
  });
}
