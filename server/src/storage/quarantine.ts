import { crc32 } from 'node:zlib';
import type { DamagedRow, RebuildBasis, StoredDoc, StoredRowKind, StoredRowRef } from './types.ts';

/** A snapshot row as an adapter reads it. */
export interface SnapshotRow {
  data: Uint8Array;
  /** null: written before checksums existed (SQLite), checked by parsing instead. */
  checksum: number | null;
  /** The last log position the snapshot holds. */
  throughSeq: number;
}

export interface UpdateRow {
  seq: number;
  data: Uint8Array;
  checksum: number | null;
}

/** A quarantine entry that is not resolved yet: its row stays out of every load. */
export interface OpenEntry {
  kind: StoredRowKind;
  seq: number;
  reason: string;
}

/**
 * How an adapter reads one board's rows (in one consistent view of the database). Reads that
 * fail throw; `updatesAfter` reports rows it cannot read one by one instead of failing whole.
 */
export interface BoardLogReader {
  openEntries(): Promise<OpenEntry[]>;
  snapshot(): Promise<SnapshotRow | undefined>;
  /** The current snapshot's position alone, for when its bytes cannot be read. */
  snapshotPosition(): Promise<number | undefined>;
  previous(): Promise<SnapshotRow | undefined>;
  previousPosition(): Promise<number | undefined>;
  updatesAfter(seq: number): Promise<{ rows: UpdateRow[]; unreadable: DamagedRow[] }>;
}

export interface BoardLogRead {
  stored: StoredDoc;
  /** Rows found damaged by this read that the quarantine does not hold yet. */
  newlyDamaged: DamagedRow[];
}

export function rowKey(row: StoredRowRef): string {
  return `${row.kind}:${row.seq}`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function intact(row: { data: Uint8Array; checksum: number | null }): boolean {
  return row.checksum === null || crc32(row.data) === row.checksum;
}

async function attempt<T>(read: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, reason: `unreadable: ${errorText(error)}` };
  }
}

async function positionOr(read: () => Promise<number | undefined>, fallback: number): Promise<number> {
  try {
    return (await read()) ?? fallback;
  } catch {
    return fallback;
  }
}

/**
 * Reads a board for loading: the current snapshot and the update rows after it, or, when the
 * current snapshot is damaged (checksum, unreadable, or quarantined earlier), the previous
 * snapshot and the rows after that one (compaction keeps both), so the board is rebuilt from
 * what is readable instead of being served empty. Damaged rows are left out and reported; the
 * caller copies them into the quarantine before anything may write.
 */
export async function readBoardLog(reader: BoardLogReader): Promise<BoardLogRead> {
  const open = await reader.openEntries();
  const quarantined = new Map(open.map((entry) => [rowKey(entry), entry]));
  const newlyDamaged: DamagedRow[] = [];
  let checksumFailures = 0;

  /** The snapshot if it can be used; otherwise it is recorded as damaged. */
  const usable = async (kind: 'snapshot' | 'previous-snapshot'): Promise<{ row: SnapshotRow | undefined; damaged: boolean }> => {
    const read = await attempt(kind === 'snapshot' ? () => reader.snapshot() : () => reader.previous());
    if (!read.ok) {
      const seq = await positionOr(kind === 'snapshot' ? () => reader.snapshotPosition() : () => reader.previousPosition(), -1);
      if (!quarantined.has(rowKey({ kind, seq }))) newlyDamaged.push({ kind, seq, reason: read.reason });
      return { row: undefined, damaged: true };
    }
    const row = read.value;
    if (!row) return { row: undefined, damaged: false };
    if (quarantined.has(rowKey({ kind, seq: row.throughSeq }))) return { row: undefined, damaged: true };
    if (!intact(row)) {
      checksumFailures += 1;
      newlyDamaged.push({ kind, seq: row.throughSeq, reason: 'checksum mismatch' });
      return { row: undefined, damaged: true };
    }
    return { row, damaged: false };
  };

  const current = await usable('snapshot');
  let basis: RebuildBasis = 'snapshot';
  let base = current.row;
  let after = current.row?.throughSeq ?? 0;
  if (current.damaged) {
    const previous = await usable('previous-snapshot');
    base = previous.row;
    basis = previous.row ? 'previous-snapshot' : 'updates-only';
    // No previous row: nothing was folded away yet (or only by a release before generations), so every row counts.
    after = previous.row?.throughSeq ?? (previous.damaged ? await positionOr(() => reader.previousPosition(), 0) : 0);
  }

  const { rows, unreadable } = await reader.updatesAfter(after);
  for (const row of unreadable) if (!quarantined.has(rowKey(row))) newlyDamaged.push(row);
  const updates: Uint8Array[] = [];
  const verified: boolean[] = [];
  const refs: StoredRowRef[] = [];
  if (base) {
    updates.push(base.data);
    verified.push(base.checksum !== null);
    refs.push({ kind: basis === 'snapshot' ? 'snapshot' : 'previous-snapshot', seq: base.throughSeq });
  }
  let position = Math.max(after, current.row?.throughSeq ?? 0);
  for (const row of rows) {
    position = Math.max(position, row.seq);
    if (quarantined.has(rowKey({ kind: 'update', seq: row.seq }))) continue;
    if (!intact(row)) {
      checksumFailures += 1;
      newlyDamaged.push({ kind: 'update', seq: row.seq, reason: 'checksum mismatch' });
      continue;
    }
    updates.push(row.data);
    verified.push(row.checksum !== null);
    refs.push({ kind: 'update', seq: row.seq });
  }

  const damagedRows = [...open.map(({ kind, seq, reason }) => ({ kind, seq, reason })), ...newlyDamaged];
  const stored: StoredDoc = {
    updates,
    verified,
    corrupt: checksumFailures,
    updatesSinceSnapshot: rows.length,
    rows: refs,
    position,
    ...(damagedRows.length > 0 ? { damage: { basis, rows: damagedRows } } : {}),
  };
  return { stored, newlyDamaged };
}
