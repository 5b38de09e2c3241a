/**
 * Several real server processes on one PostgreSQL database (of their own) and one Redis:
 * a scale-out deployment on loopback.
 */
import { createTestDatabase, type TestDatabase } from './scaleServices.ts';
import { startServer, type RunningServer } from './server.ts';

export interface Cluster {
  instances: RunningServer[];
  database: TestDatabase;
  /** Starts one more instance (or a replacement on a given port) with the cluster's settings. */
  startInstance: (options?: { port?: number; env?: Record<string, string> }) => Promise<RunningServer>;
  /** Kills every instance and drops the database. */
  stop: () => Promise<void>;
}

export interface ClusterOptions {
  instances: number;
  adminDatabaseUrl: string;
  redisUrl: string;
  /** Overrides the database URL the instances use (e.g. through a proxy); gets the test database's name. */
  databaseUrlFor?: (testDatabaseUrl: string) => string;
  env?: Record<string, string>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const database = await createTestDatabase(options.adminDatabaseUrl);
  const instances: RunningServer[] = [];
  const env = {
    DATABASE_URL: options.databaseUrlFor ? options.databaseUrlFor(database.url) : database.url,
    REDIS_URL: options.redisUrl,
    // Tests wait for convergence; a short catch-up interval keeps missed-message recovery quick.
    CATCH_UP_INTERVAL_MS: '500',
    ...options.env,
  };
  const startInstance = async (extra: { port?: number; env?: Record<string, string> } = {}): Promise<RunningServer> => {
    const instance = await startServer({ port: extra.port, env: { ...env, ...extra.env } });
    instances.push(instance);
    return instance;
  };
  try {
    // One at a time: the first runs the migrations, the others find them done.
    for (let i = 0; i < options.instances; i += 1) await startInstance();
  } catch (error) {
    await Promise.all(instances.map((instance) => instance.kill()));
    await database.drop();
    throw error;
  }
  return {
    instances,
    database,
    startInstance,
    stop: async () => {
      await Promise.all(instances.map((instance) => instance.kill()));
      await database.drop();
    },
  };
}
