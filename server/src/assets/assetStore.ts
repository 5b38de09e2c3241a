import type { AcceptedImageType } from '../../../shared/src/index.ts';

/** An image as stored for one board. `id` is the lower-case hex SHA-256 of `data`. */
export interface StoredAsset {
  boardId: string;
  id: string;
  contentType: AcceptedImageType;
  size: number;
  data: Uint8Array;
  createdAt: string;
}

export type NewAsset = Omit<StoredAsset, 'createdAt'>;

export type PutResult =
  /** Stored now. */
  | { outcome: 'created' }
  /** The board already held these bytes; nothing was written. */
  | { outcome: 'exists' }
  /** Storing it would take the board's images beyond `maxBoardBytes`; nothing was written. */
  | { outcome: 'quota_exceeded'; usedBytes: number };

/**
 * Where uploaded images live, one adapter per engine (SQLite now, PostgreSQL later). Assets are
 * keyed by board and content hash: the same bytes on one board are stored once, and deleting a
 * board deletes its images without looking at any other board.
 */
export interface AssetStore {
  /** Stores the asset unless the board already has it; the quota check and the write are atomic. */
  put(asset: NewAsset, limits: { maxBoardBytes: number }): Promise<PutResult>;
  get(boardId: string, id: string): Promise<StoredAsset | undefined>;
  /** Removes every image of the board (for board deletion); resolves to how many were removed. */
  deleteForBoard(boardId: string): Promise<number>;
  close(): Promise<void>;
}
