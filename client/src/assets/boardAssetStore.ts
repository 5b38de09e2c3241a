import type { TLAssetStore } from 'tldraw';
import { ApiErrorSchema, UploadedAssetSchema, boardAssetsPath } from '../../../shared/src/index.ts';
import { ApiRequestError } from '../api/apiClient.ts';

export interface BoardAssetStoreOptions {
  /** Extra request headers for uploads, e.g. the share link's `Authorization: Bearer <token>`. */
  headers?: () => Record<string, string>;
}

/**
 * Images of one board live on the server: `upload` sends the file's bytes to
 * `POST /api/boards/<id>/assets` and the document keeps only the same-origin URL it answers
 * (never a data: URL), which every participant's browser then loads and caches. Failed uploads
 * reject, so tldraw removes the placeholder and tells the user.
 *
 * There is no `remove`: deleting an image shape can be undone, and other participants or the
 * board's history may still point at the image; images go when their board is deleted.
 */
export function createBoardAssetStore(boardId: string, options: BoardAssetStoreOptions = {}): TLAssetStore {
  return {
    async upload(_asset, file, abortSignal) {
      const response = await fetch(boardAssetsPath(boardId), {
        method: 'POST',
        // The server sniffs the real type from the bytes; the declared one is only a hint.
        headers: { 'Content-Type': file.type || 'application/octet-stream', ...options.headers?.() },
        body: file,
        signal: abortSignal ?? null,
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const apiError = ApiErrorSchema.safeParse(body);
        throw apiError.success
          ? new ApiRequestError(response.status, apiError.data.error.code, apiError.data.error.message)
          : new ApiRequestError(response.status, null, `image upload failed: ${response.status} ${response.statusText}`);
      }
      return { src: UploadedAssetSchema.parse(body).url };
    },

    // The stored path is relative on purpose: it works whatever host name the server is reached
    // by, and copies pasted into another board of this server keep working.
    resolve(asset) {
      return asset.props.src || null;
    },
  };
}
