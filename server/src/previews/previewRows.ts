import { PREVIEW_IMAGE_TYPES, type PreviewImageType } from '../../../shared/src/index.ts';
import type { PreviewImage } from './previewStore.ts';

/** A preview row as both engines store it (board_previews). */
export interface PreviewRow {
  board_id: string;
  content_type: string;
  data: Uint8Array;
  sha256: string;
  updated_at: string;
}

const isPreviewType = (value: string): value is PreviewImageType => (PREVIEW_IMAGE_TYPES as readonly string[]).includes(value);

/** Undefined for a row whose type is not one the app serves. */
export function toPreviewImage(row: PreviewRow | undefined): PreviewImage | undefined {
  if (!row || !isPreviewType(row.content_type)) return undefined;
  return { boardId: row.board_id, contentType: row.content_type, data: row.data, sha256: row.sha256, updatedAt: row.updated_at };
}

/**
 * The time a new preview is stored at: now, but always later than the one it replaces, so the
 * URL that carries it (and busts caches) changes even for two uploads within one millisecond.
 */
export function nextUpdatedAt(previous: string | undefined, now = new Date()): string {
  const last = previous === undefined ? Number.NEGATIVE_INFINITY : Date.parse(previous);
  return new Date(Math.max(now.getTime(), last + 1)).toISOString();
}
