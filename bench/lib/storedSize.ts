/** What a board takes in the server's SQLite file, read beside the running server (WAL allows it). */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface StoredSize {
  snapshotBytes: number;
  logRows: number;
  logBytes: number;
  /** Whole database file plus its WAL (all boards, free pages included). */
  fileBytes: number;
}

export function storedSize(dataDir: string, boardId: string): StoredSize {
  const path = join(dataDir, 'journeyboard.sqlite');
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const snapshot = db.prepare('SELECT length(data) AS bytes FROM doc_snapshots WHERE board_id = ?').get(boardId) as { bytes: number } | undefined;
    const log = db.prepare('SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS bytes FROM doc_updates WHERE board_id = ?').get(boardId) as {
      rows: number;
      bytes: number;
    };
    const size = (file: string): number => (existsSync(file) ? statSync(file).size : 0);
    return { snapshotBytes: snapshot?.bytes ?? 0, logRows: log.rows, logBytes: log.bytes, fileBytes: size(path) + size(`${path}-wal`) };
  } finally {
    db.close();
  }
}
