import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import type { AssetStore } from './assets/assetStore.ts';
import { PostgresAssetStore } from './assets/postgresAssetStore.ts';
import { SqliteAssetStore } from './assets/sqliteAssetStore.ts';
import { loadOrCreateSharedSecret, PostgresShareLinkStore } from './auth/postgresShareLinks.ts';
import { loadOrCreateSecret } from './auth/secret.ts';
import { SqliteShareLinkStore, type ShareLinkStore } from './auth/shareLinks.ts';
import { PostgresVersionStore } from './history/postgresVersionStore.ts';
import type { VersionStore } from './history/versionStore.ts';
import type { BallotBox } from './facilitation/ballotBox.ts';
import { PostgresBallotBox } from './facilitation/postgresBallotBox.ts';
import type { MetricStore } from './liveMetrics/metricStore.ts';
import { PostgresMetricStore } from './liveMetrics/postgresMetricStore.ts';
import type { PortfolioStore } from './portfolio/portfolioStore.ts';
import { PostgresPreviewStore } from './previews/postgresPreviewStore.ts';
import type { PreviewStore } from './previews/previewStore.ts';
import { PostgresPortfolioStore } from './portfolio/postgresPortfolioStore.ts';
import type { BoardFanout } from './pubsub/fanout.ts';
import { standaloneFanout } from './pubsub/inProcessFanout.ts';
import { RedisFanout } from './pubsub/redisFanout.ts';
import { createPool, migrate } from './storage/postgresDatabase.ts';
import { boardDatabasePath } from './storage/sqliteDatabase.ts';
import { startWalCheckpointer } from './storage/walCheckpointer.ts';
import { PostgresStorage } from './storage/postgresStorage.ts';
import { SqliteStorage } from './storage/sqliteStorage.ts';
import type { DocLog, Storage } from './storage/types.ts';
import { PostgresWebhookStore } from './webhooks/postgresWebhookStore.ts';
import type { WebhookStore } from './webhooks/webhookStore.ts';

/** Where a server keeps everything, and how it reaches other instances. */
export interface Backends {
  storage: Storage;
  /** Set when other instances append to the same log (PostgreSQL). */
  docLog: DocLog | undefined;
  assets: AssetStore;
  shareLinks: ShareLinkStore;
  /** Undefined: the history module opens its SQLite store in DATA_DIR. */
  versions: VersionStore | undefined;
  /** Undefined, like versions: live metrics, webhooks and the portfolio open their SQLite stores. */
  metrics: MetricStore | undefined;
  webhooks: WebhookStore | undefined;
  portfolio: PortfolioStore | undefined;
  /** Undefined: the previews module opens its SQLite store. */
  previews: PreviewStore | undefined;
  /** Undefined: unrevealed ballots stay in this process's memory. */
  ballots: BallotBox | undefined;
  secret: Buffer;
  fanout: BoardFanout;
  close(): Promise<void>;
}

/**
 * SQLite in DATA_DIR by default; with DATABASE_URL everything lives in PostgreSQL (schema
 * migrated on start), and with REDIS_URL live traffic also goes to the other instances.
 * `storage` replaces the board storage (tests wrap it to simulate failures).
 */
export async function openBackends(config: ServerConfig, log: Logger, storage?: Storage): Promise<Backends> {
  const { databaseUrl, databasePoolSize, redisUrl } = config.scaleOut;
  if (!databaseUrl) {
    const shareLinks = new SqliteShareLinkStore(config.dataDir, config.sqliteSynchronous);
    const assets = new SqliteAssetStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
    const boards = storage ?? new SqliteStorage({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
    const checkpointer = startWalCheckpointer(boardDatabasePath(config.dataDir), log);
    const fanout = standaloneFanout();
    return {
      storage: boards,
      docLog: undefined,
      assets,
      shareLinks,
      versions: undefined,
      metrics: undefined,
      webhooks: undefined,
      portfolio: undefined,
      previews: undefined,
      ballots: undefined,
      secret: loadOrCreateSecret(config.dataDir, config.secret),
      fanout,
      close: async () => {
        await checkpointer.stop();
        await boards.close();
        await assets.close();
        shareLinks.close();
        await fanout.close();
      },
    };
  }
  const pool = createPool({ connectionString: databaseUrl, maxConnections: databasePoolSize, log });
  try {
    await migrate(pool);
    const postgres = new PostgresStorage({ pool });
    const boards = storage ?? postgres;
    const secret = await loadOrCreateSharedSecret(pool, config.secret);
    const fanout = redisUrl ? new RedisFanout({ url: redisUrl, log }) : standaloneFanout();
    return {
      storage: boards,
      docLog: postgres,
      assets: new PostgresAssetStore(pool),
      shareLinks: new PostgresShareLinkStore(pool),
      versions: new PostgresVersionStore(pool),
      metrics: new PostgresMetricStore(pool),
      webhooks: new PostgresWebhookStore(pool),
      portfolio: new PostgresPortfolioStore(pool),
      previews: new PostgresPreviewStore(pool),
      ballots: new PostgresBallotBox(pool),
      secret,
      fanout,
      close: async () => {
        await fanout.close();
        await boards.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
