import type { Board, Locale } from '../../../shared/src/index.ts';

export interface NewBoard {
  id: string;
  title: string;
  locale: Locale;
  createdAt: Date;
}

/** Board metadata: what the HTTP API lists and creates. */
export interface BoardCatalog {
  createBoard(board: NewBoard): Promise<Board>;
  getBoard(id: string): Promise<Board | undefined>;
  listBoards(): Promise<Board[]>;
}

export interface PendingUpdate {
  boardId: string;
  update: Uint8Array;
}

export interface StoredDoc {
  /** Snapshot (if any) first, then every update appended after it, in order. */
  updates: Uint8Array[];
  /** Updates appended since the last snapshot; drives compaction. */
  updatesSinceSnapshot: number;
  /**
   * Per update (same index): true when the adapter verified a checksum written with
   * it, so the loader can skip re-parsing it. Rows failing their checksum are left
   * out of `updates` and counted in `corrupt`.
   */
  verified?: boolean[];
  corrupt?: number;
  /** Adapters with a shared log (DocLog): the log position this load reflects. */
  position?: number;
}

/** What other instances appended to a board's log after a known position. */
export interface DocLogTail {
  /** Updates to apply (possibly a snapshot first); applying one twice is harmless in Yjs. */
  updates: Uint8Array[];
  /** Position to ask from next time. */
  position: number;
}

/**
 * A log several server instances append to (PostgreSQL). An instance that may have missed
 * live messages reads what the others wrote since the last position it saw.
 */
export interface DocLog {
  readSince(boardId: string, position: number): Promise<DocLogTail>;
}

/**
 * The Yjs document log. Implementations must make `append` durable before its
 * promise resolves: the sync layer broadcasts an update only after that.
 */
export interface DocStore {
  load(boardId: string): Promise<StoredDoc>;
  /**
   * Appends all updates (possibly of several boards) in one transaction, all or
   * nothing, and marks those boards as updated.
   */
  append(updates: readonly PendingUpdate[]): Promise<void>;
  /** Replaces the log with one snapshot that contains every update appended so far. */
  compact(boardId: string, snapshot: Uint8Array): Promise<void>;
  delete(boardId: string): Promise<void>;
}

/** Everything a server needs from storage; one adapter per engine. */
export interface Storage extends BoardCatalog, DocStore {
  /** True when the engine answers; used by readiness checks. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
