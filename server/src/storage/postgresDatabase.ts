import pg from 'pg';
import type { Logger } from 'pino';
import { POSTGRES_MIGRATIONS } from './postgresMigrations.ts';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/**
 * First keys of the advisory locks Journeyboard takes (the second key is a board's hash),
 * chosen so they never meet another application's.
 */
const LOCK_NAMESPACE = 7_342_001;
/** Appends to a board's log and its deletion. */
export const BOARD_LOG_LOCK = LOCK_NAMESPACE;
/** A board's image quota check and insert. */
export const BOARD_ASSETS_LOCK = LOCK_NAMESPACE + 1;
/** Compactions of a board (appends do not take it). */
export const COMPACTION_LOCK = LOCK_NAMESPACE + 2;
/** Schema migrations (one instance migrates, the others wait). */
const MIGRATION_LOCK = LOCK_NAMESPACE + 3;

export interface PostgresPoolOptions {
  connectionString: string;
  maxConnections?: number;
  log: Logger;
}

/**
 * One pool per process, shared by boards, images, versions and share links. Connections
 * that break while idle (PostgreSQL restarted) are reported and replaced, never fatal:
 * writes fail, the write batcher keeps them in memory and retries.
 */
export function createPool({ connectionString, maxConnections = 10, log }: PostgresPoolOptions): PgPool {
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    // Fail fast while PostgreSQL is away; the callers retry.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => log.warn({ err: error }, 'an idle PostgreSQL connection failed; it will be replaced'));
  return pool;
}

/** Runs `body` in one transaction on one connection: all of it commits, or nothing. */
export async function inPgTransaction<T>(pool: PgPool, body: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Bytes as node-postgres sends them (it recognises Buffer, not every Uint8Array). */
export function toBytea(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Brings the schema up to date. Several instances may start at once: a session advisory
 * lock lets one migrate while the others wait, then find nothing left to do.
 */
export async function migrate(pool: PgPool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, 0)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS journeyboard_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM journeyboard_migrations');
      const applied = new Set(rows.map((row) => row.version));
      for (const [index, sql] of POSTGRES_MIGRATIONS.entries()) {
        const version = index + 1;
        if (applied.has(version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO journeyboard_migrations (version) VALUES ($1)', [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`PostgreSQL migration ${version} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, 0)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
