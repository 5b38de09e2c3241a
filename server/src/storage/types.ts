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
  /** Stores a new title (and marks the board changed now); undefined for an unknown board. */
  renameBoard(id: string, title: string): Promise<Board | undefined>;
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
  /** Per update (same index): the stored row it came from, so a row that does not apply can be quarantined. */
  rows?: StoredRowRef[];
  /** Set when a stored row failed: the board is damaged and `updates` is what could be rebuilt. */
  damage?: StoredDamage;
}

/**
 * A board's stored rows: the current snapshot, the snapshot it replaced (kept one compaction
 * longer, with the update rows after it, so a damaged current snapshot can be rebuilt), and the
 * update rows. `seq` is an update's log position, or the last log position a snapshot holds.
 */
export type StoredRowKind = 'snapshot' | 'previous-snapshot' | 'update';

export interface StoredRowRef {
  kind: StoredRowKind;
  seq: number;
}

export interface DamagedRow extends StoredRowRef {
  /** Why the row was set aside: checksum mismatch, unreadable, does not apply. */
  reason: string;
}

/** What a damaged board was rebuilt from. */
export type RebuildBasis = 'snapshot' | 'previous-snapshot' | 'updates-only';

export interface StoredDamage {
  basis: RebuildBasis;
  /** Every row set aside (copied into the quarantine unless `quarantineError` says why not). */
  rows: DamagedRow[];
  /** The quarantine could not be written (e.g. the database file itself is damaged). */
  quarantineError?: string;
}

/** One quarantined row: the original bytes of a damaged row, never changed or deleted by the server. */
export interface QuarantineEntry {
  id: number;
  boardId: string;
  kind: StoredRowKind;
  seq: number;
  /** Bytes kept (0 when the row could not be read at all). */
  size: number;
  /** The checksum stored with the row (null when none was stored or it could not be read). */
  checksum: number | null;
  reason: string;
  detectedAt: string;
  /** When the rebuilt board was accepted; null while the board is damaged. */
  resolvedAt: string | null;
}

/**
 * The quarantine: where damaged rows are copied before anything may write over them. Entries are
 * kept when the rebuilt board is accepted (only marked resolved), when the board is compacted,
 * unloaded or deleted; an operator removes them by hand (see the README).
 */
export interface BoardQuarantine {
  /**
   * Copies the stored bytes of `rows` into the quarantine (rows already quarantined and not
   * resolved are left as they are). Never changes the rows themselves.
   */
  quarantine(boardId: string, rows: readonly DamagedRow[]): Promise<void>;
  /**
   * Writes `snapshot` (the board rebuilt from `damage.basis`) as the board's current snapshot and
   * marks its quarantine entries resolved; the entries and their bytes stay.
   */
  acceptRebuilt(boardId: string, snapshot: Uint8Array, damage: StoredDamage): Promise<void>;
  /** Quarantine entries, oldest first; of one board, or of every board. */
  listQuarantine(boardId?: string): Promise<QuarantineEntry[]>;
  /** One entry with the bytes it keeps. */
  quarantinedBytes(entryId: number): Promise<{ entry: QuarantineEntry; data: Uint8Array } | undefined>;
}

/** A board whose stored rows could not be read at all (not even row by row). */
export class BoardUnreadableError extends Error {
  override readonly name = 'BoardUnreadableError';
  readonly boardId: string;

  constructor(boardId: string, cause: unknown) {
    super(`the stored board ${boardId} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.boardId = boardId;
  }
}

/** Compaction refused because the board has damaged rows that are not resolved yet. */
export class BoardDamagedError extends Error {
  override readonly name = 'BoardDamagedError';
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
  /**
   * Replaces the log with one snapshot that contains every update appended so far. Refused
   * (BoardDamagedError) while the board has unresolved quarantine entries, and it first
   * quarantines a stored row it finds damaged: stored bytes are never written over unkept.
   */
  compact(boardId: string, snapshot: Uint8Array): Promise<void>;
  delete(boardId: string): Promise<void>;
}

/** Everything a server needs from storage; one adapter per engine. */
export interface Storage extends BoardCatalog, DocStore, BoardQuarantine {
  /** True when the engine answers; used by readiness checks. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
