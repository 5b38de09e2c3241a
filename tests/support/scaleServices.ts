/**
 * PostgreSQL and Redis for the scale-out suites: real servers, never mocks. They come from
 * DATABASE_URL / REDIS_URL (`source .ci/services` starts both on loopback and exports them);
 * without them the suites are skipped with SCALE_SKIP_MESSAGE.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DATABASE_URL = process.env.DATABASE_URL;
export const REDIS_URL = process.env.REDIS_URL;

export const SCALE_SKIP_MESSAGE =
  'skipped: needs PostgreSQL and Redis. Run `source .ci/services` (starts both on loopback and exports DATABASE_URL / REDIS_URL), then run the tests again.';

export function reportSkipped(needs: readonly ('DATABASE_URL' | 'REDIS_URL')[]): boolean {
  const missing = needs.filter((name) => !process.env[name]);
  if (missing.length === 0) return false;
  console.warn(`${missing.join(' and ')} not set: ${SCALE_SKIP_MESSAGE}`);
  return true;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A database of its own for one test, so tests never see each other's boards. */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `jb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
