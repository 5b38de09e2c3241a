import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { crc32 } from 'node:zlib';
import type { Board } from '../../../shared/src/index.ts';
import { toBoard, type BoardRow } from './boardRows.ts';
import { inTransaction, openBoardDatabase, type SqliteSynchronous } from './sqliteDatabase.ts';
import { errorText, readBoardLog, type BoardLogReader, type OpenEntry, type SnapshotRow, type UpdateRow } from './quarantine.ts';
import {
  BoardDamagedError,
  BoardUnreadableError,
  type DamagedRow,
  type NewBoard,
  type PendingUpdate,
  type QuarantineEntry,
  type Storage,
  type StoredDamage,
  type StoredDoc,
} from './types.ts';

export type { SqliteSynchronous };

export interface SqliteStorageOptions {
  dataDir: string;
  /**
   * FULL survives power loss; NORMAL (in WAL mode) survives a killed process but
   * may lose the last transactions on power loss.
   */
  synchronous?: SqliteSynchronous;
  /** Test hook: makes every write fail, as a full disk would. */
  failWrites?: () => boolean;
}

interface StoredRow {
  data: Uint8Array;
  checksum: number | null;
}

interface StoredSnapshotRow extends StoredRow {
  through_seq: number;
}

interface QuarantineRow {
  id: number;
  board_id: string;
  kind: QuarantineEntry['kind'];
  seq: number;
  size: number | null;
  checksum: number | null;
  reason: string;
  detected_at: string;
  resolved_at: string | null;
}

function toQuarantineEntry(row: QuarantineRow): QuarantineEntry {
  return {
    id: row.id,
    boardId: row.board_id,
    kind: row.kind,
    seq: row.seq,
    size: row.size ?? 0,
    checksum: row.checksum,
    reason: row.reason,
    detectedAt: row.detected_at,
    resolvedAt: row.resolved_at,
  };
}

const QUARANTINE_COLUMNS = 'id, board_id, kind, seq, length(data) AS size, checksum, reason, detected_at, resolved_at';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  locale TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_updates (
  seq INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_board ON doc_updates (board_id, seq);
CREATE TABLE IF NOT EXISTS doc_snapshots (
  board_id TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  compacted_at TEXT NOT NULL
);
-- The snapshot the current one replaced; with the update rows after it (kept one compaction
-- longer) it rebuilds the board when the current snapshot is damaged.
CREATE TABLE IF NOT EXISTS doc_previous_snapshots (
  board_id TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  checksum INTEGER,
  through_seq INTEGER NOT NULL,
  compacted_at TEXT NOT NULL
);
-- Original bytes of damaged rows (data NULL: unreadable). Kept when the board is compacted,
-- unloaded, deleted or its rebuild accepted (resolved_at set).
CREATE TABLE IF NOT EXISTS board_quarantine (
  id INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB,
  checksum INTEGER,
  reason TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS board_quarantine_open ON board_quarantine (board_id, kind, seq) WHERE resolved_at IS NULL;
`;

/**
 * Embedded storage on node:sqlite. Calls are synchronous under the hood, so a
 * transaction can never interleave with another write of this process.
 */
export class SqliteStorage implements Storage {
  private readonly db: DatabaseSync;
  private readonly failWrites: () => boolean;
  private readonly statements: {
    insertBoard: StatementSync;
    getBoard: StatementSync;
    listBoards: StatementSync;
    touchBoard: StatementSync;
    insertUpdate: StatementSync;
    selectSnapshot: StatementSync;
    selectSnapshotPosition: StatementSync;
    selectPrevious: StatementSync;
    selectPreviousPosition: StatementSync;
    selectUpdatesAfter: StatementSync;
    selectUpdateSeqsAfter: StatementSync;
    selectUpdate: StatementSync;
    selectLastSeq: StatementSync;
    upsertSnapshot: StatementSync;
    keepAsPrevious: StatementSync;
    deleteFoldedUpdates: StatementSync;
    deleteUpdates: StatementSync;
    deleteSnapshot: StatementSync;
    deletePrevious: StatementSync;
    deleteBoard: StatementSync;
    openEntries: StatementSync;
    insertQuarantine: StatementSync;
    resolveQuarantine: StatementSync;
    listQuarantine: StatementSync;
    listBoardQuarantine: StatementSync;
    quarantinedBytes: StatementSync;
  };

  constructor(options: SqliteStorageOptions) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
    this.addChecksumColumns();
    this.addSnapshotPosition();
    this.dropAutoincrement();
    this.failWrites = options.failWrites ?? (() => false);
    this.statements = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, title, locale, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ),
      getBoard: this.db.prepare('SELECT * FROM boards WHERE id = ?'),
      listBoards: this.db.prepare('SELECT * FROM boards ORDER BY updated_at DESC, id'),
      touchBoard: this.db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?'),
      insertUpdate: this.db.prepare('INSERT INTO doc_updates (board_id, data, checksum) VALUES (?, ?, ?)'),
      selectSnapshot: this.db.prepare('SELECT data, checksum, through_seq FROM doc_snapshots WHERE board_id = ?'),
      selectSnapshotPosition: this.db.prepare('SELECT through_seq FROM doc_snapshots WHERE board_id = ?'),
      selectPrevious: this.db.prepare('SELECT data, checksum, through_seq FROM doc_previous_snapshots WHERE board_id = ?'),
      selectPreviousPosition: this.db.prepare('SELECT through_seq FROM doc_previous_snapshots WHERE board_id = ?'),
      selectUpdatesAfter: this.db.prepare('SELECT seq, data, checksum FROM doc_updates WHERE board_id = ? AND seq > ? ORDER BY seq'),
      selectUpdateSeqsAfter: this.db.prepare('SELECT seq FROM doc_updates WHERE board_id = ? AND seq > ? ORDER BY seq'),
      selectUpdate: this.db.prepare('SELECT seq, data, checksum FROM doc_updates WHERE board_id = ? AND seq = ?'),
      selectLastSeq: this.db.prepare('SELECT max(seq) AS seq FROM doc_updates WHERE board_id = ?'),
      upsertSnapshot: this.db.prepare(
        `INSERT INTO doc_snapshots (board_id, data, compacted_at, checksum, through_seq) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, compacted_at = excluded.compacted_at,
           checksum = excluded.checksum, through_seq = excluded.through_seq`,
      ),
      keepAsPrevious: this.db.prepare(
        `INSERT OR REPLACE INTO doc_previous_snapshots (board_id, data, checksum, through_seq, compacted_at)
         SELECT board_id, data, checksum, through_seq, compacted_at FROM doc_snapshots WHERE board_id = ?`,
      ),
      // The board's last row always stays: a rowid key without AUTOINCREMENT reuses numbers above
      // the largest row left, and a reused number at or below a snapshot's position would be skipped.
      deleteFoldedUpdates: this.db.prepare(
        'DELETE FROM doc_updates WHERE board_id = ? AND seq <= ? AND seq < (SELECT max(seq) FROM doc_updates WHERE board_id = ?)',
      ),
      deleteUpdates: this.db.prepare('DELETE FROM doc_updates WHERE board_id = ?'),
      deleteSnapshot: this.db.prepare('DELETE FROM doc_snapshots WHERE board_id = ?'),
      deletePrevious: this.db.prepare('DELETE FROM doc_previous_snapshots WHERE board_id = ?'),
      deleteBoard: this.db.prepare('DELETE FROM boards WHERE id = ?'),
      openEntries: this.db.prepare('SELECT kind, seq, reason FROM board_quarantine WHERE board_id = ? AND resolved_at IS NULL ORDER BY id'),
      insertQuarantine: this.db.prepare(
        `INSERT INTO board_quarantine (board_id, kind, seq, data, checksum, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      resolveQuarantine: this.db.prepare('UPDATE board_quarantine SET resolved_at = ? WHERE board_id = ? AND resolved_at IS NULL'),
      listQuarantine: this.db.prepare(`SELECT ${QUARANTINE_COLUMNS} FROM board_quarantine ORDER BY id`),
      listBoardQuarantine: this.db.prepare(`SELECT ${QUARANTINE_COLUMNS} FROM board_quarantine WHERE board_id = ? ORDER BY id`),
      quarantinedBytes: this.db.prepare(`SELECT ${QUARANTINE_COLUMNS}, data FROM board_quarantine WHERE id = ?`),
    };
  }

  createBoard(board: NewBoard): Promise<Board> {
    const created = board.createdAt.toISOString();
    this.statements.insertBoard.run(board.id, board.title, board.locale, created, created);
    return Promise.resolve({ id: board.id, title: board.title, locale: board.locale, createdAt: created, updatedAt: created });
  }

  getBoard(id: string): Promise<Board | undefined> {
    const row = this.statements.getBoard.get(id) as BoardRow | undefined;
    return Promise.resolve(row ? toBoard(row) : undefined);
  }

  listBoards(): Promise<Board[]> {
    const rows = this.statements.listBoards.all() as unknown as BoardRow[];
    return Promise.resolve(rows.map(toBoard));
  }

  renameBoard(id: string, title: string): Promise<Board | undefined> {
    const row = this.db.prepare('UPDATE boards SET title = ?, updated_at = ? WHERE id = ? RETURNING *').get(title, new Date().toISOString(), id) as BoardRow | undefined;
    return Promise.resolve(row ? toBoard(row) : undefined);
  }

  /**
   * The current snapshot and the rows after it; a damaged board (see readBoardLog) is rebuilt
   * from the previous snapshot or the rows, and its damaged rows are copied into the quarantine
   * before this returns. Throws BoardUnreadableError when not even the list of rows can be read.
   */
  async load(boardId: string): Promise<StoredDoc> {
    const { stored, newlyDamaged } = await readBoardLog(this.reader(boardId));
    if (newlyDamaged.length > 0 && stored.damage) {
      try {
        await this.quarantine(boardId, newlyDamaged);
      } catch (error) {
        // The damaged rows stay where they are (nothing writes over a damaged board); the caller reports it.
        stored.damage.quarantineError = errorText(error);
      }
    }
    return stored;
  }

  append(updates: readonly PendingUpdate[]): Promise<void> {
    if (updates.length === 0) return Promise.resolve();
    try {
      if (this.failWrites()) throw new Error('simulated write failure (disk full)');
      this.transaction(() => {
        for (const { boardId, update } of updates) this.statements.insertUpdate.run(boardId, update, crc32(update));
        const now = new Date().toISOString();
        for (const boardId of new Set(updates.map((u) => u.boardId))) this.statements.touchBoard.run(now, boardId);
      });
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * The current snapshot becomes the previous one, and rows it already held go; rows after it stay
   * until the next compaction, so the previous snapshot and those rows still make the whole board.
   */
  compact(boardId: string, snapshot: Uint8Array): Promise<void> {
    try {
      if (this.failWrites()) throw new Error('simulated write failure (disk full)');
      const damaged = this.transaction(() => {
        if (this.openEntries(boardId).length > 0) return [];
        const current = this.statements.selectSnapshot.get(boardId) as StoredSnapshotRow | undefined;
        if (current && current.checksum !== null && crc32(current.data) !== current.checksum) {
          return [{ kind: 'snapshot', seq: current.through_seq, reason: 'checksum mismatch' } satisfies DamagedRow];
        }
        const last = (this.statements.selectLastSeq.get(boardId) as { seq: number | null }).seq ?? 0;
        const folded = current?.through_seq ?? 0;
        // Nothing appended since the current snapshot: it already holds everything.
        if (current && last <= folded) return undefined;
        if (current) this.statements.keepAsPrevious.run(boardId);
        this.statements.upsertSnapshot.run(boardId, snapshot, new Date().toISOString(), crc32(snapshot), Math.max(last, folded));
        if (current) this.statements.deleteFoldedUpdates.run(boardId, folded, boardId);
        return undefined;
      });
      if (damaged) return this.refuseCompaction(boardId, damaged);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  delete(boardId: string): Promise<void> {
    this.transaction(() => {
      this.statements.deleteUpdates.run(boardId);
      this.statements.deleteSnapshot.run(boardId);
      this.statements.deletePrevious.run(boardId);
      this.statements.deleteBoard.run(boardId);
    });
    return Promise.resolve();
  }

  quarantine(boardId: string, rows: readonly DamagedRow[]): Promise<void> {
    try {
      this.transaction(() => this.copyIntoQuarantine(boardId, rows));
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  acceptRebuilt(boardId: string, snapshot: Uint8Array, damage: StoredDamage): Promise<void> {
    try {
      this.transaction(() => {
        this.copyIntoQuarantine(boardId, damage.rows);
        const current = (this.statements.selectSnapshotPosition.get(boardId) as { through_seq: number } | undefined)?.through_seq;
        const previous = (this.statements.selectPreviousPosition.get(boardId) as { through_seq: number } | undefined)?.through_seq;
        const last = (this.statements.selectLastSeq.get(boardId) as { seq: number | null }).seq ?? 0;
        // What a later rebuild starts from: the snapshot the rebuild started from, with every row after it.
        if (damage.basis === 'snapshot' && current !== undefined) this.statements.keepAsPrevious.run(boardId);
        else if (damage.basis === 'updates-only') this.statements.deletePrevious.run(boardId);
        this.statements.upsertSnapshot.run(boardId, snapshot, new Date().toISOString(), crc32(snapshot), Math.max(last, current ?? 0, previous ?? 0));
        if (damage.basis === 'snapshot' && current !== undefined) this.statements.deleteFoldedUpdates.run(boardId, current, boardId);
        this.statements.resolveQuarantine.run(new Date().toISOString(), boardId);
      });
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  listQuarantine(boardId?: string): Promise<QuarantineEntry[]> {
    const rows = (boardId === undefined ? this.statements.listQuarantine.all() : this.statements.listBoardQuarantine.all(boardId)) as unknown as QuarantineRow[];
    return Promise.resolve(rows.map(toQuarantineEntry));
  }

  quarantinedBytes(entryId: number): Promise<{ entry: QuarantineEntry; data: Uint8Array } | undefined> {
    const row = this.statements.quarantinedBytes.get(entryId) as (QuarantineRow & { data: Uint8Array | null }) | undefined;
    return Promise.resolve(row ? { entry: toQuarantineEntry(row), data: row.data ?? new Uint8Array() } : undefined);
  }

  ping(): Promise<boolean> {
    try {
      this.db.prepare('SELECT 1').get();
      return Promise.resolve(true);
    } catch {
      return Promise.resolve(false);
    }
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }

  /** Compaction refused: the damaged row is quarantined first, then the caller learns why. */
  private async refuseCompaction(boardId: string, damaged: DamagedRow[]): Promise<void> {
    if (damaged.length > 0) await this.quarantine(boardId, damaged);
    throw new BoardDamagedError(`board ${boardId} has damaged stored rows; it is not compacted until its rebuild is accepted`);
  }

  private openEntries(boardId: string): OpenEntry[] {
    return this.statements.openEntries.all(boardId) as unknown as OpenEntry[];
  }

  /** Reads each row's bytes as they are stored now (NULL when unreadable) and keeps them. */
  private copyIntoQuarantine(boardId: string, rows: readonly DamagedRow[]): void {
    const now = new Date().toISOString();
    for (const row of rows) {
      let stored: StoredRow | undefined;
      try {
        stored = this.storedBytes(boardId, row);
      } catch {
        stored = undefined;
      }
      this.statements.insertQuarantine.run(boardId, row.kind, row.seq, stored?.data ?? null, stored?.checksum ?? null, row.reason, now);
    }
  }

  private storedBytes(boardId: string, row: DamagedRow): StoredRow | undefined {
    if (row.kind === 'update') return this.statements.selectUpdate.get(boardId, row.seq) as StoredRow | undefined;
    const statement = row.kind === 'snapshot' ? this.statements.selectSnapshot : this.statements.selectPrevious;
    const snapshot = statement.get(boardId) as StoredSnapshotRow | undefined;
    // The row may have been replaced since (seq -1: its position could not be read either).
    return snapshot && (row.seq === -1 || snapshot.through_seq === row.seq) ? snapshot : undefined;
  }

  private reader(boardId: string): BoardLogReader {
    const snapshotOf = (row: StoredSnapshotRow | undefined): SnapshotRow | undefined =>
      row ? { data: row.data, checksum: row.checksum, throughSeq: row.through_seq } : undefined;
    const positionOf = (row: { through_seq: number } | undefined): number | undefined => row?.through_seq;
    return {
      openEntries: () => Promise.resolve(this.openEntries(boardId)),
      snapshot: () => Promise.resolve(snapshotOf(this.statements.selectSnapshot.get(boardId) as StoredSnapshotRow | undefined)),
      snapshotPosition: () => Promise.resolve(positionOf(this.statements.selectSnapshotPosition.get(boardId) as { through_seq: number } | undefined)),
      previous: () => Promise.resolve(snapshotOf(this.statements.selectPrevious.get(boardId) as StoredSnapshotRow | undefined)),
      previousPosition: () => Promise.resolve(positionOf(this.statements.selectPreviousPosition.get(boardId) as { through_seq: number } | undefined)),
      updatesAfter: (seq) => Promise.resolve(this.updatesAfter(boardId, seq)),
    };
  }

  /** A damaged page fails the whole read: the rows are then read one by one, so only unreadable ones are lost. */
  private updatesAfter(boardId: string, after: number): { rows: UpdateRow[]; unreadable: DamagedRow[] } {
    try {
      return { rows: this.statements.selectUpdatesAfter.all(boardId, after) as unknown as UpdateRow[], unreadable: [] };
    } catch {
      let seqs: { seq: number }[];
      try {
        seqs = this.statements.selectUpdateSeqsAfter.all(boardId, after) as unknown as { seq: number }[];
      } catch (error) {
        throw new BoardUnreadableError(boardId, error);
      }
      const rows: UpdateRow[] = [];
      const unreadable: DamagedRow[] = [];
      for (const { seq } of seqs) {
        try {
          const row = this.statements.selectUpdate.get(boardId, seq) as UpdateRow | undefined;
          if (row) rows.push(row);
        } catch (error) {
          unreadable.push({ kind: 'update', seq, reason: `unreadable: ${errorText(error)}` });
        }
      }
      return { rows, unreadable };
    }
  }

  /**
   * The last log position each snapshot holds: rows up to it are in the snapshot (0 for snapshots
   * written before positions existed, when compaction deleted every row it folded).
   */
  private addSnapshotPosition(): void {
    const columns = this.db.prepare('PRAGMA table_info(doc_snapshots)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'through_seq')) this.db.exec('ALTER TABLE doc_snapshots ADD COLUMN through_seq INTEGER NOT NULL DEFAULT 0');
  }

  /** Databases created before checksums existed get the columns (NULL for old rows). */
  private addChecksumColumns(): void {
    for (const table of ['doc_updates', 'doc_snapshots']) {
      const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === 'checksum')) this.db.exec(`ALTER TABLE ${table} ADD COLUMN checksum INTEGER`);
    }
  }

  /**
   * doc_updates' key was AUTOINCREMENT, which makes every append also write sqlite_sequence
   * (104-124 -> 85-91 µs per single-update append without it). Loading needs only that a board's
   * new rows come after its older ones, which a plain rowid key (largest + 1) gives: compaction
   * deletes all of a board's rows at once. Older databases are rebuilt once, in one transaction,
   * into the table SCHEMA makes, keeping every row's seq.
   */
  private dropAutoincrement(): void {
    const table = this.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'doc_updates'").get() as { sql: string } | undefined;
    if (!table || !/AUTOINCREMENT/i.test(table.sql)) return;
    this.transaction(() => {
      this.db.exec('ALTER TABLE doc_updates RENAME TO doc_updates_autoincrement; DROP INDEX doc_updates_board');
      this.db.exec(SCHEMA);
      this.addChecksumColumns();
      this.db.exec(`
        INSERT INTO doc_updates (seq, board_id, data, checksum) SELECT seq, board_id, data, checksum FROM doc_updates_autoincrement;
        DROP TABLE doc_updates_autoincrement;
      `);
    });
  }

  private transaction<T>(body: () => T): T {
    return inTransaction(this.db, body);
  }
}
