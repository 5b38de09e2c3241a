import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

/**
 * Opens the embedded database file. Boards, share links, versions and images each
 * keep their own connection to the same file; WAL mode lets them write side by side.
 * NORMAL (the server default) survives a killed process; FULL also survives power loss.
 */
export function openBoardDatabase(dataDir: string, synchronous: SqliteSynchronous = 'NORMAL'): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(boardDatabasePath(dataDir));
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${synchronous}`);
  return db;
}

export function boardDatabasePath(dataDir: string): string {
  return join(dataDir, 'journeyboard.sqlite');
}

/** Runs `body` in one write transaction: all of it is stored, or nothing. */
export function inTransaction<T>(db: DatabaseSync, body: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = body();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
