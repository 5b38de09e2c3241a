import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { boardDatabasePath, openBoardDatabase } from '../../server/src/storage/sqliteDatabase.ts';
import { startWalCheckpointer } from '../../server/src/storage/walCheckpointer.ts';
import { waitFor } from '../support/yClients.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const COMMITS = 100;
const BLOB_BYTES = 40_000;

function freshDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'jb-wal-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return dataDir;
}

/** Commits ~4 MB in 100 transactions from a connection that never checkpoints by itself. */
function writeWithoutCheckpoints(dataDir: string): void {
  const db = openBoardDatabase(dataDir);
  cleanups.push(() => db.close());
  db.exec('PRAGMA wal_autocheckpoint = 0');
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
  const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
  for (let i = 0; i < COMMITS; i++) insert.run(new Uint8Array(BLOB_BYTES).fill(i % 251));
}

const databaseFileBytes = (dataDir: string): number => statSync(boardDatabasePath(dataDir)).size;

describe('background WAL checkpoints', () => {
  it('copy committed pages into the database file off the writing thread', async () => {
    const dataDir = freshDataDir();
    const checkpointer = startWalCheckpointer(boardDatabasePath(dataDir), pino({ level: 'silent' }), 20);
    cleanups.push(() => checkpointer.stop());
    writeWithoutCheckpoints(dataDir);
    await waitFor(
      () => databaseFileBytes(dataDir) >= COMMITS * BLOB_BYTES,
      () => `database file holds ${databaseFileBytes(dataDir)} bytes`,
    );
  });

  it('without them, what a non-checkpointing writer commits stays in the log', () => {
    const dataDir = freshDataDir();
    writeWithoutCheckpoints(dataDir);
    expect(databaseFileBytes(dataDir)).toBeLessThan(COMMITS * BLOB_BYTES / 10);
  });
});
