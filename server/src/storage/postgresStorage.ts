import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import * as Y from 'yjs';
import type { Board } from '../../../shared/src/index.ts';
import { toBoard, type BoardRow } from './boardRows.ts';
import { BOARD_LOG_LOCK, COMPACTION_LOCK, inPgTransaction, toBytea, type PgClient, type PgPool } from './postgresDatabase.ts';
import type { DocLog, DocLogTail, NewBoard, PendingUpdate, Storage, StoredDoc } from './types.ts';

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

function mergeIntoSnapshot(base: Uint8Array, stored: SnapshotRow | undefined, rows: readonly LogRow[]): Buffer {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, base);
    if (stored && intact(stored.data, stored.checksum)) Y.applyUpdate(doc, stored.data);
    for (const row of rows) if (row.data && intact(row.data, row.checksum)) Y.applyUpdate(doc, row.data);
    return Buffer.from(Y.encodeStateAsUpdate(doc));
  } finally {
    doc.destroy();
  }
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

  async load(boardId: string): Promise<StoredDoc> {
    // One snapshot of the database for both reads, so a compaction in between cannot hide rows.
    return inPgTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const snapshot = await this.selectSnapshot(client, boardId);
      const rows = await this.selectRowsAfter(client, boardId, snapshot);
      const updates: Uint8Array[] = [];
      const verified: boolean[] = [];
      let corrupt = 0;
      let position = snapshot ? Number(snapshot.through_seq) : 0;
      for (const row of snapshot ? [snapshot, ...rows] : rows) {
        if (row.data && intact(row.data, row.checksum)) {
          updates.push(row.data);
          verified.push(true);
        } else {
          corrupt += 1;
        }
      }
      for (const row of rows) position = Math.max(position, Number(row.seq));
      return { updates, verified, corrupt, updatesSinceSnapshot: rows.length, position };
    });
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
    const { stored, rows } = await inPgTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const current = await this.selectSnapshot(client, boardId);
      return { stored: current, rows: await this.selectRowsAfter(client, boardId, current) };
    });
    if (rows.length === 0 && stored) return;
    const merged = mergeIntoSnapshot(snapshot, stored, rows);
    const throughSeq = rows.reduce((max, row) => Math.max(max, Number(row.seq)), stored ? Number(stored.through_seq) : 0);
    // The replaced snapshot's rows go now; this one's stay until the next compaction.
    const foldedSeq = stored ? Number(stored.through_seq) : 0;
    await inPgTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [COMPACTION_LOCK, boardId]);
      const { rows: now } = await client.query<{ through_seq: string }>('SELECT through_seq FROM doc_snapshots WHERE board_id = $1', [boardId]);
      if ((now[0]?.through_seq ?? null) !== (stored?.through_seq ?? null)) return;
      await client.query(
        `INSERT INTO doc_snapshots (board_id, data, checksum, through_seq, folded_seq, compacted_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, checksum = excluded.checksum,
           through_seq = excluded.through_seq, folded_seq = excluded.folded_seq, compacted_at = excluded.compacted_at`,
        [boardId, merged, crc32(merged), throughSeq, foldedSeq, new Date().toISOString()],
      );
      await client.query('DELETE FROM doc_updates WHERE board_id = $1 AND seq <= $2', [boardId, foldedSeq]);
    });
  }

  async delete(boardId: string): Promise<void> {
    await inPgTransaction(this.pool, async (client) => {
      await lockBoard(client, boardId);
      await client.query('DELETE FROM doc_updates WHERE board_id = $1', [boardId]);
      await client.query('DELETE FROM doc_snapshots WHERE board_id = $1', [boardId]);
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
