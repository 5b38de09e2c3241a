import type { VersionKind } from '../../../shared/src/history.ts';

/** One version's metadata as stored; the records travel separately (see VersionSnapshot). */
export interface StoredVersion {
  id: string;
  boardId: string;
  kind: VersionKind;
  name: string | null;
  createdBy: string | null;
  createdAt: string;
  recordCount: number;
  cardCount: number;
  /** sha-256 of the records (see contentHash): lets automatic checkpoints skip unchanged boards. */
  contentHash: string;
  restoredVersionId: string | null;
}

/** The board's tldraw document records, and the tldraw schema they were written with. */
export interface VersionSnapshot {
  records: Record<string, unknown>[];
  schema: Record<string, unknown> | null;
}

export interface StoredVersionWithSnapshot extends StoredVersion {
  snapshot: VersionSnapshot;
}

/**
 * Where versions live; one implementation per storage engine (SQLite now, PostgreSQL later).
 * Versions are immutable once created.
 */
export interface VersionStore {
  create(version: StoredVersion, snapshot: VersionSnapshot): Promise<void>;
  /** Newest first; `limit` caps the answer. */
  list(boardId: string, options?: { limit?: number }): Promise<StoredVersion[]>;
  /** Undefined when the version does not exist or belongs to another board. */
  get(boardId: string, versionId: string): Promise<StoredVersionWithSnapshot | undefined>;
  /** Deletes all but the newest `keepAutomatic` automatic checkpoints of the board; named versions stay. Returns how many went. */
  prune(boardId: string, keepAutomatic: number): Promise<number>;
  /** Every version of the board, when the board itself is deleted. */
  deleteBoard(boardId: string): Promise<void>;
  close(): Promise<void>;
}
