import type { PreviewImageType } from '../../../shared/src/index.ts';

/** A board's preview picture as stored (one per board; a new one replaces it). */
export interface PreviewImage {
  boardId: string;
  contentType: PreviewImageType;
  data: Uint8Array;
  /** Lower-case hex SHA-256 of `data`: the ETag, so a revalidation never re-reads the bytes' hash. */
  sha256: string;
  updatedAt: string;
}

export type NewPreviewImage = Omit<PreviewImage, 'updatedAt'>;

/**
 * Where board previews live, one adapter per engine: SQLite in DATA_DIR, or PostgreSQL with
 * DATABASE_URL so every instance serves every board's preview.
 */
export interface PreviewStore {
  /** Stores the picture in place of the board's previous one; resolves to the stored row. */
  put(preview: NewPreviewImage): Promise<PreviewImage>;
  get(boardId: string): Promise<PreviewImage | undefined>;
  /** When each of these boards' previews was stored; boards without one are absent. */
  updatedAt(boardIds: readonly string[]): Promise<Map<string, string>>;
  /** Removes the board's preview (board deletion); resolves to whether there was one. */
  deleteForBoard(boardId: string): Promise<boolean>;
  close(): Promise<void>;
}
