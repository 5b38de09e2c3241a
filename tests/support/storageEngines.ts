/**
 * The storage engines a contract suite runs against, each opened fresh (its own directory or
 * its own PostgreSQL database) with every store a server uses.
 */
import pino from 'pino';
import type { AssetStore } from '../../server/src/assets/assetStore.ts';
import { PostgresAssetStore } from '../../server/src/assets/postgresAssetStore.ts';
import { SqliteAssetStore } from '../../server/src/assets/sqliteAssetStore.ts';
import { MemoryBallotBox, type BallotBox } from '../../server/src/facilitation/ballotBox.ts';
import { PostgresBallotBox } from '../../server/src/facilitation/postgresBallotBox.ts';
import { PostgresShareLinkStore } from '../../server/src/auth/postgresShareLinks.ts';
import { SqliteShareLinkStore, type ShareLinkStore } from '../../server/src/auth/shareLinks.ts';
import { PostgresVersionStore } from '../../server/src/history/postgresVersionStore.ts';
import { SqliteVersionStore } from '../../server/src/history/sqliteVersionStore.ts';
import type { VersionStore } from '../../server/src/history/versionStore.ts';
import type { MetricStore } from '../../server/src/liveMetrics/metricStore.ts';
import { PostgresMetricStore } from '../../server/src/liveMetrics/postgresMetricStore.ts';
import { SqliteMetricStore } from '../../server/src/liveMetrics/sqliteMetricStore.ts';
import type { PortfolioStore } from '../../server/src/portfolio/portfolioStore.ts';
import { PostgresPortfolioStore } from '../../server/src/portfolio/postgresPortfolioStore.ts';
import { SqlitePortfolioStore } from '../../server/src/portfolio/sqlitePortfolioStore.ts';
import { createPool, migrate, type PgPool } from '../../server/src/storage/postgresDatabase.ts';
import { PostgresStorage } from '../../server/src/storage/postgresStorage.ts';
import { SqliteStorage } from '../../server/src/storage/sqliteStorage.ts';
import type { Storage } from '../../server/src/storage/types.ts';
import { PostgresWebhookStore } from '../../server/src/webhooks/postgresWebhookStore.ts';
import { SqliteWebhookStore } from '../../server/src/webhooks/sqliteWebhookStore.ts';
import type { WebhookStore } from '../../server/src/webhooks/webhookStore.ts';
import { createTestDatabase, DATABASE_URL } from './scaleServices.ts';
import { makeDataDir } from './server.ts';

export interface OpenEngine {
  storage: Storage;
  assets: AssetStore;
  versions: VersionStore;
  shareLinks: ShareLinkStore;
  metrics: MetricStore;
  webhooks: WebhookStore;
  portfolio: PortfolioStore;
  /** Unrevealed ballots: in memory with SQLite (one instance), in the database with PostgreSQL. */
  ballots: BallotBox;
  /** The webhook store on a connection of its own, as another instance has it. */
  otherWebhooks: () => Promise<WebhookStore>;
  /** A second, independent connection to the same data: another process, or a restart. */
  reopen: () => Promise<Storage>;
  close: () => Promise<void>;
}

export interface StorageEngine {
  name: string;
  /** Why the engine cannot run here, if it cannot. */
  unavailable: string | undefined;
  open(): Promise<OpenEngine>;
}

const silent = pino({ level: 'silent' });

export const sqliteEngine: StorageEngine = {
  name: 'SQLite',
  unavailable: undefined,
  open: () => {
    const dataDir = makeDataDir();
    const storage = new SqliteStorage({ dataDir });
    const assets = new SqliteAssetStore({ dataDir });
    const versions = new SqliteVersionStore({ dataDir });
    const shareLinks = new SqliteShareLinkStore(dataDir);
    const metrics = new SqliteMetricStore({ dataDir });
    const webhooks = new SqliteWebhookStore({ dataDir });
    const portfolio = new SqlitePortfolioStore({ dataDir });
    const reopened: { close(): Promise<void> }[] = [];
    return Promise.resolve({
      storage,
      assets,
      versions,
      shareLinks,
      metrics,
      webhooks,
      portfolio,
      ballots: new MemoryBallotBox(),
      otherWebhooks: () => {
        const again = new SqliteWebhookStore({ dataDir });
        reopened.push(again);
        return Promise.resolve(again);
      },
      reopen: () => {
        const again = new SqliteStorage({ dataDir });
        reopened.push(again);
        return Promise.resolve(again);
      },
      close: async () => {
        for (const store of [storage, assets, versions, metrics, webhooks, portfolio, ...reopened]) await store.close();
        shareLinks.close();
      },
    });
  },
};

export async function openPostgresPool(url: string): Promise<PgPool> {
  const pool = createPool({ connectionString: url, maxConnections: 4, log: silent });
  await migrate(pool);
  return pool;
}

export const postgresEngine: StorageEngine = {
  name: 'PostgreSQL',
  unavailable: DATABASE_URL ? undefined : 'DATABASE_URL',
  open: async () => {
    if (!DATABASE_URL) throw new Error('DATABASE_URL is not set');
    const database = await createTestDatabase(DATABASE_URL);
    const pool = await openPostgresPool(database.url);
    const pools = [pool];
    return {
      storage: new PostgresStorage({ pool }),
      assets: new PostgresAssetStore(pool),
      versions: new PostgresVersionStore(pool),
      shareLinks: new PostgresShareLinkStore(pool),
      metrics: new PostgresMetricStore(pool),
      webhooks: new PostgresWebhookStore(pool),
      portfolio: new PostgresPortfolioStore(pool),
      ballots: new PostgresBallotBox(pool),
      otherWebhooks: async () => {
        const again = await openPostgresPool(database.url);
        pools.push(again);
        return new PostgresWebhookStore(again);
      },
      reopen: async () => {
        const again = await openPostgresPool(database.url);
        pools.push(again);
        return new PostgresStorage({ pool: again });
      },
      close: async () => {
        for (const p of pools) await p.end();
        await database.drop();
      },
    };
  },
};
