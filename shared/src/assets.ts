import { z } from 'zod';

/**
 * Images on a board. The document holds only a same-origin URL to the server; the bytes live in
 * the server's asset store (see server/src/assets/). An asset id is the SHA-256 of the bytes, so an
 * image uploaded twice to a board is stored once and its URL never changes meaning.
 */

/** What the server accepts, identified by the file's first bytes, never by its name or declared type. */
export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number];

/** Lower-case hex SHA-256 of the image bytes. */
export const AssetIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'asset id must be 64 lower-case hex digits (SHA-256)');
export type AssetId = z.infer<typeof AssetIdSchema>;

/** The answer to an upload (201 when stored now, 200 when the board already had these bytes). */
export const UploadedAssetSchema = z.object({
  id: AssetIdSchema,
  /** Same-origin path to put into the document, e.g. `/api/boards/<boardId>/assets/<id>`. */
  url: z.string().startsWith('/api/boards/'),
  contentType: z.enum(ACCEPTED_IMAGE_TYPES),
  size: z.number().int().positive(),
});
export type UploadedAsset = z.infer<typeof UploadedAssetSchema>;

export function boardAssetsPath(boardId: string): string {
  return `/api/boards/${encodeURIComponent(boardId)}/assets`;
}

export function assetPath(boardId: string, assetId: string): string {
  return `${boardAssetsPath(boardId)}/${encodeURIComponent(assetId)}`;
}
