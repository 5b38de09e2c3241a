import type { TLAssetStore } from 'tldraw';
import { ApiErrorSchema, UploadedAssetSchema, boardAssetsPath } from '../../../shared/src/index.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import { authHeaders } from '../share/boardTokens.ts';

/**
 * Images of one board live on the server: `upload` sends the file's bytes to
 * `POST /api/boards/<id>/assets` and the document keeps only the same-origin URL it answers
 * (never a data: URL), which every participant's browser then loads and caches. Failed uploads
 * reject: tldraw tells the user and drops the asset (failedUploads.ts removes its shape).
 *
 * There is no `remove`: deleting an image shape can be undone, and other participants or the
 * board's history may still point at the image; images go with their board (AssetStore.deleteForBoard).
 */
export function createBoardAssetStore(boardId: string): TLAssetStore {
  return {
    async upload(_asset, file, abortSignal) {
      const response = await fetch(boardAssetsPath(boardId), {
        method: 'POST',
        // The server sniffs the real type from the bytes; the declared one is only a hint. The share
        // link's token tells the server this participant's role (viewers and commenters get 403).
        headers: { 'Content-Type': file.type || 'application/octet-stream', ...authHeaders(boardId) },
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
