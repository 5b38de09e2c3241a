import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import * as Y from 'yjs';
import type { Board } from '../../../shared/src/index.ts';
import { toBoard, type BoardRow } from './boardRows.ts';
import { BOARD_LOG_LOCK, COMPACTION_LOCK, inPgTransaction, toBytea, type PgClient, type PgPool } from './postgresDatabase.ts';
import { readBoardLog, type BoardLogReader, type OpenEntry, type SnapshotRow as LogSnapshot } from './quarantine.ts';
import {
  BoardDamagedError,
  type DamagedRow,
  type DocLog,
  type DocLogTail,
  type NewBoard,
  type PendingUpdate,
  type QuarantineEntry,
  type Storage,
  type StoredDamage,
  type StoredDoc,
} from './types.ts';

export interface PostgresStorageOptions {
  pool: PgPool;
  /** Written with every update, so this instance can skip its own rows when catching up. */
  instanceId?: string;
}

interface LogRow {
  seq: string;
  data: Buffer | null;
  checksum: string;
}

interface SnapshotRow {
  data: Buffer;
  checksum: string;
  through_seq: string;
}

/** Serialises appends to one board (and its deletion) until their transaction ends. */
async function lockBoard(client: PgClient, boardId: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BOARD_LOG_LOCK, boardId]);
}

function intact(data: Buffer, checksum: string): boolean {
  return crc32(data) === Number(checksum);
}

interface QuarantineRow {
  id: string;
  board_id: string;
  kind: QuarantineEntry['kind'];
  seq: string;
  size: number | null;
  checksum: string | null;
  reason: string;
  detected_at: string;
  resolved_at: string | null;
}

const QUARANTINE_COLUMNS = 'id, board_id, kind, seq, octet_length(data) AS size, checksum, reason, detected_at, resolved_at';

function toQuarantineEntry(row: QuarantineRow): QuarantineEntry {
  return {
    id: Number(row.id),
    boardId: row.board_id,
    kind: row.kind,
    seq: Number(row.seq),
    size: row.size ?? 0,
    checksum: row.checksum === null ? null : Number(row.checksum),
    reason: row.reason,
    detectedAt: row.detected_at,
    resolvedAt: row.resolved_at,
  };
}

/** The caller's state merged with the stored snapshot and rows (all checked intact by the caller). */
function mergeIntoSnapshot(base: Uint8Array, stored: SnapshotRow | undefined, rows: readonly LogRow[]): Buffer {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, base);
    if (stored) Y.applyUpdate(doc, stored.data);
    for (const row of rows) if (row.data) Y.applyUpdate(doc, row.data);
    return Buffer.from(Y.encodeStateAsUpdate(doc));
  } finally {
    doc.destroy();
  }
}

async function openEntries(client: PgClient | PgPool, boardId: string): Promise<OpenEntry[]> {
  const { rows } = await client.query<{ kind: OpenEntry['kind']; seq: string; reason: string }>(
    'SELECT kind, seq, reason FROM board_quarantine WHERE board_id = $1 AND resolved_at IS NULL ORDER BY id',
    [boardId],
  );
  return rows.map((row) => ({ kind: row.kind, seq: Number(row.seq), reason: row.reason }));
}

/**
 * Boards and their Yjs logs in PostgreSQL, shared by every instance of a scale-out
 * deployment. Appends to a board serialise on an advisory lock, so per board the log's
 * seq order is its commit order and `readSince` never skips a row that commits late.
 */
export class PostgresStorage implements Storage, DocLog {
  readonly instanceId: string;
  private readonly pool: PgPool;

  constructor(options: PostgresStorageOptions) {
    this.pool = options.pool;
    this.instanceId = options.instanceId ?? randomBytes(8).toString('hex');
  }

  async createBoard(board: NewBoard): Promise<Board> {
    const created = board.createdAt.toISOString();
    await this.pool.query('INSERT INTO boards (id, title, locale, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)', [
      board.id,
      board.title,
      board.locale,
      created,
    ]);
    return { id: board.id, title: board.title, locale: board.locale, createdAt: created, updatedAt: created };
  }

  async getBoard(id: string): Promise<Board | undefined> {
    const { rows } = await this.pool.query<BoardRow>('SELECT * FROM boards WHERE id = $1', [id]);
    const [row] = rows;
    return row ? toBoard(row) : undefined;
  }

  async listBoards(): Promise<Board[]> {
    const { rows } = await this.pool.query<BoardRow>('SELECT * FROM boards ORDER BY updated_at DESC, id');
    return rows.map(toBoard);
  }

  async renameBoard(id: string, title: string): Promise<Board | undefined> {
    const { rows } = await this.pool.query<BoardRow>('UPDATE boards SET title = $1, updated_at = $2 WHERE id = $3 RETURNING *', [title, new Date().toISOString(), id]);
    const [row] = rows;
    return row ? toBoard(row) : undefined;
  }

  /**
   * The current snapshot and the rows after it, or for a damaged board what readBoardLog rebuilds;
   * damaged rows are copied into the quarantine before this returns.
   */
  async load(boardId: string): Promise<StoredDoc> {
    // One snapshot of the database for every read, so a compaction in between cannot hide rows.
    const { stored, newlyDamaged } = await inPgTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return readBoardLog(this.reader(client, boardId));
    });
    if (newlyDamaged.length > 0 && stored.damage) {
      try {
        await this.quarantine(boardId, newlyDamaged);
      } catch (error) {
        stored.damage.quarantineError = error instanceof Error ? error.message : String(error);
      }
    }
    return stored;
  }

  async readSince(boardId: string, position: number): Promise<DocLogTail> {
    // One statement sees one snapshot of the database, so a compaction cannot fall between
    // reading the snapshot and the rows. The snapshot comes only when rows after `position`
    // are gone (folded two compactions ago): a reader that keeps up never reads it.
    // Own rows are already in memory: only their position is needed.
    const { rows } = await this.pool.query<LogRow>(
      `SELECT 0 AS part, through_seq AS seq, data, checksum FROM doc_snapshots WHERE board_id = $1 AND folded_seq > $2
       UNION ALL
       SELECT 1, seq, CASE WHEN origin = $3 THEN NULL ELSE data END, checksum FROM doc_updates WHERE board_id = $1 AND seq > $2
       ORDER BY part, seq`,
      [boardId, position, this.instanceId],
    );
    const updates: Uint8Array[] = [];
    let next = position;
    for (const row of rows) {
      if (row.data && intact(row.data, row.checksum)) updates.push(row.data);
      next = Math.max(next, Number(row.seq));
    }
    return { updates, position: next };
  }

  async append(updates: readonly PendingUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const data = updates.map(({ update }) => toBytea(update));
    const boardIds = updates.map(({ boardId }) => boardId);
    await inPgTransaction(this.pool, async (client) => {
      // Every board's lock, always in the order of the lock keys, so two instances writing
      // to the same boards never deadlock.
      await client.query(
        `SELECT pg_advisory_xact_lock($1, key) FROM (SELECT DISTINCT hashtext(id) AS key FROM unnest($2::text[]) AS id ORDER BY key) AS locks`,
        [BOARD_LOG_LOCK, boardIds],
      );
      await client.query(
        `INSERT INTO doc_updates (board_id, data, checksum, origin)
         SELECT u.board_id, u.data, u.checksum, $4
         FROM unnest($1::text[], $2::bytea[], $3::bigint[]) WITH ORDINALITY AS u(board_id, data, checksum, n) ORDER BY u.n`,
        [boardIds, data, data.map((d) => crc32(d)), this.instanceId],
      );
      await client.query('UPDATE boards SET updated_at = $1 WHERE id = ANY($2::text[])', [new Date().toISOString(), [...new Set(boardIds)]]);
    });
  }

  /**
   * Several instances may compact one board. The new snapshot is the caller's state merged
   * with the stored snapshot and every row after it, computed outside any lock (appends never
   * wait for that work). It replaces the stored snapshot only if no other compaction did so
   * meanwhile, and only rows the replaced snapshot already held are deleted: a row is gone
   * only once a snapshot holds it, and rows appended meanwhile stay.
   */
  async compact(boardId: string, snapshot: Uint8Array): Promise<void> {
    const { stored, rows, damagedBefore } = await inPgTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const current = await this.selectSnapshot(client, boardId);
      return { stored: current, rows: await this.selectRowsAfter(client, boardId, current), damagedBefore: (await openEntries(client, boardId)).length > 0 };
    });
    // Never fold a damaged row into a snapshot, nor write over one: it is quarantined first.
    const damaged: DamagedRow[] = [];
    if (stored && !intact(stored.data, stored.checksum)) damaged.push({ kind: 'snapshot', seq: Number(stored.through_seq), reason: 'checksum mismatch' });
    for (const row of rows) if (row.data && !intact(row.data, row.checksum)) damaged.push({ kind: 'update', seq: Number(row.seq), reason: 'checksum mismatch' });
    if (damaged.length > 0) await this.quarantine(boardId, damaged);
    if (damagedBefore || damaged.length > 0) {
      throw new BoardDamagedError(`board ${boardId} has damaged stored rows; it is not compacted until its rebuild is accepted`);
    }
    if (rows.length === 0 && stored) return;
    const merged = mergeIntoSnapshot(snapshot, stored, rows);
    const throughSeq = rows.reduce((max, row) => Math.max(max, Number(row.seq)), stored ? Number(stored.through_seq) : 0);
    // The replaced snapshot's rows go now; this one's stay until the next compaction.
    const foldedSeq = stored ? Number(stored.through_seq) : 0;
    await inPgTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [COMPACTION_LOCK, boardId]);
      const { rows: now } = await client.query<{ through_seq: string }>('SELECT through_seq FROM doc_snapshots WHERE board_id = $1', [boardId]);
      if ((now[0]?.through_seq ?? null) !== (stored?.through_seq ?? null)) return;
      if ((await openEntries(client, boardId)).length > 0) return;
      // The replaced snapshot stays as the previous one: with the rows kept after it, it rebuilds the board.
      if (stored) await this.keepAsPrevious(client, boardId);
      await this.writeSnapshot(client, boardId, merged, throughSeq, foldedSeq);
      await client.query('DELETE FROM doc_updates WHERE board_id = $1 AND seq <= $2', [boardId, foldedSeq]);
    });
  }

  async quarantine(boardId: string, rows: readonly DamagedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await inPgTransaction(this.pool, async (client) => {
      const now = new Date().toISOString();
      for (const row of rows) {
        const stored = await this.storedBytes(client, boardId, row);
        await client.query(
          `INSERT INTO board_quarantine (board_id, kind, seq, data, checksum, reason, detected_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT DO NOTHING`,
          [boardId, row.kind, row.seq, stored?.data ?? null, stored?.checksum ?? null, row.reason, now],
        );
      }
    });
  }

  async acceptRebuilt(boardId: string, snapshot: Uint8Array, damage: StoredDamage): Promise<void> {
    await this.quarantine(boardId, damage.rows);
    const data = toBytea(snapshot);
    await inPgTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [COMPACTION_LOCK, boardId]);
      const { rows: currentRows } = await client.query<{ through_seq: string; folded_seq: string }>(
        'SELECT through_seq, folded_seq FROM doc_snapshots WHERE board_id = $1',
        [boardId],
      );
      const { rows: previousRows } = await client.query<{ through_seq: string }>('SELECT through_seq FROM doc_previous_snapshots WHERE board_id = $1', [boardId]);
      const { rows: lastRows } = await client.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM doc_updates WHERE board_id = $1', [boardId]);
      const current = currentRows[0] ? Number(currentRows[0].through_seq) : undefined;
      const previous = previousRows[0] ? Number(previousRows[0].through_seq) : undefined;
      const throughSeq = Math.max(Number(lastRows[0]?.seq ?? 0), current ?? 0, previous ?? 0);
      let foldedSeq = currentRows[0] ? Number(currentRows[0].folded_seq) : 0;
      // What a later rebuild starts from: the snapshot this rebuild started from, with every row after it.
      if (damage.basis === 'snapshot' && current !== undefined) {
        await this.keepAsPrevious(client, boardId);
        foldedSeq = current;
      } else if (damage.basis === 'updates-only') {
        await client.query('DELETE FROM doc_previous_snapshots WHERE board_id = $1', [boardId]);
      }
      await this.writeSnapshot(client, boardId, data, throughSeq, foldedSeq);
      if (damage.basis === 'snapshot' && current !== undefined) await client.query('DELETE FROM doc_updates WHERE board_id = $1 AND seq <= $2', [boardId, current]);
      await client.query('UPDATE board_quarantine SET resolved_at = $1 WHERE board_id = $2 AND resolved_at IS NULL', [new Date().toISOString(), boardId]);
    });
  }

  async listQuarantine(boardId?: string): Promise<QuarantineEntry[]> {
    const { rows } =
      boardId === undefined
        ? await this.pool.query<QuarantineRow>(`SELECT ${QUARANTINE_COLUMNS} FROM board_quarantine ORDER BY id`)
        : await this.pool.query<QuarantineRow>(`SELECT ${QUARANTINE_COLUMNS} FROM board_quarantine WHERE board_id = $1 ORDER BY id`, [boardId]);
    return rows.map(toQuarantineEntry);
  }

  async quarantinedBytes(entryId: number): Promise<{ entry: QuarantineEntry; data: Uint8Array } | undefined> {
    const { rows } = await this.pool.query<QuarantineRow & { data: Buffer | null }>(
      `SELECT ${QUARANTINE_COLUMNS}, data FROM board_quarantine WHERE id = $1`,
      [entryId],
    );
    const [row] = rows;
    return row ? { entry: toQuarantineEntry(row), data: row.data ?? new Uint8Array() } : undefined;
  }

  async delete(boardId: string): Promise<void> {
    await inPgTransaction(this.pool, async (client) => {
      await lockBoard(client, boardId);
      await client.query('DELETE FROM doc_updates WHERE board_id = $1', [boardId]);
      await client.query('DELETE FROM doc_snapshots WHERE board_id = $1', [boardId]);
      await client.query('DELETE FROM doc_previous_snapshots WHERE board_id = $1', [boardId]);
      await client.query('DELETE FROM boards WHERE id = $1', [boardId]);
    });
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** The pool belongs to the caller (it is shared with the other stores). */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private async keepAsPrevious(client: PgClient, boardId: string): Promise<void> {
    await client.query(
      `INSERT INTO doc_previous_snapshots (board_id, data, checksum, through_seq, compacted_at)
       SELECT board_id, data, checksum, through_seq, compacted_at FROM doc_snapshots WHERE board_id = $1
       ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, checksum = excluded.checksum,
         through_seq = excluded.through_seq, compacted_at = excluded.compacted_at`,
      [boardId],
    );
  }

  private async writeSnapshot(client: PgClient, boardId: string, data: Buffer, throughSeq: number, foldedSeq: number): Promise<void> {
    await client.query(
      `INSERT INTO doc_snapshots (board_id, data, checksum, through_seq, folded_seq, compacted_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, checksum = excluded.checksum,
         through_seq = excluded.through_seq, folded_seq = excluded.folded_seq, compacted_at = excluded.compacted_at`,
      [boardId, data, crc32(data), throughSeq, foldedSeq, new Date().toISOString()],
    );
  }

  /** A damaged row's bytes as stored now; undefined when the row was replaced since. */
  private async storedBytes(client: PgClient, boardId: string, row: DamagedRow): Promise<{ data: Buffer; checksum: string } | undefined> {
    const table = row.kind === 'update' ? 'doc_updates' : row.kind === 'snapshot' ? 'doc_snapshots' : 'doc_previous_snapshots';
    const position = row.kind === 'update' ? 'seq' : 'through_seq';
    const { rows } = await client.query<{ data: Buffer; checksum: string }>(
      `SELECT data, checksum FROM ${table} WHERE board_id = $1 AND ($2::bigint = -1 OR ${position} = $2)`,
      [boardId, row.seq],
    );
    return rows[0];
  }

  private reader(client: PgClient, boardId: string): BoardLogReader {
    const snapshotOf = (row: { data: Buffer; checksum: string; through_seq: string } | undefined): LogSnapshot | undefined =>
      row ? { data: row.data, checksum: Number(row.checksum), throughSeq: Number(row.through_seq) } : undefined;
    const previous = async (): Promise<{ data: Buffer; checksum: string; through_seq: string } | undefined> =>
      (await client.query<{ data: Buffer; checksum: string; through_seq: string }>(
        'SELECT data, checksum, through_seq FROM doc_previous_snapshots WHERE board_id = $1',
        [boardId],
      )).rows[0];
    return {
      openEntries: () => openEntries(client, boardId),
      snapshot: async () => snapshotOf(await this.selectSnapshot(client, boardId)),
      snapshotPosition: async () => {
        const { rows } = await client.query<{ through_seq: string }>('SELECT through_seq FROM doc_snapshots WHERE board_id = $1', [boardId]);
        return rows[0] ? Number(rows[0].through_seq) : undefined;
      },
      previous: async () => snapshotOf(await previous()),
      previousPosition: async () => {
        const { rows } = await client.query<{ through_seq: string }>('SELECT through_seq FROM doc_previous_snapshots WHERE board_id = $1', [boardId]);
        return rows[0] ? Number(rows[0].through_seq) : undefined;
      },
      updatesAfter: async (seq) => {
        const { rows } = await client.query<LogRow & { data: Buffer }>(
          'SELECT seq, data, checksum FROM doc_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq',
          [boardId, seq],
        );
        return { rows: rows.map((row) => ({ seq: Number(row.seq), data: row.data, checksum: Number(row.checksum) })), unreadable: [] };
      },
    };
  }

  /** The rows a snapshot does not hold yet (rows it folded in may still be there). */
  private async selectRowsAfter(client: PgClient, boardId: string, snapshot: SnapshotRow | undefined): Promise<LogRow[]> {
    const { rows } = await client.query<LogRow>(
      'SELECT seq, data, checksum FROM doc_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq',
      [boardId, snapshot ? Number(snapshot.through_seq) : 0],
    );
    return rows;
  }

  private async selectSnapshot(client: PgClient, boardId: string): Promise<SnapshotRow | undefined> {
    const { rows } = await client.query<SnapshotRow>(
      'SELECT data, checksum, through_seq FROM doc_snapshots WHERE board_id = $1',
      [boardId],
    );
    return rows[0];
  }
}
