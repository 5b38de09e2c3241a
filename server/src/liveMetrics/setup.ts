import type { FeatureSetup } from '../http/featureSetup.ts';
import type { JourneyService } from '../journey/journeyService.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import { registerLiveMetricsRoutes } from './liveMetricsRoutes.ts';
import { LiveMetricsService } from './liveMetricsService.ts';
import type { MetricStore } from './metricStore.ts';
import { SqliteMetricStore } from './sqliteMetricStore.ts';

export interface LiveMetricsSetup extends FeatureSetup {
  rooms: RoomManager;
  journeys: JourneyService;
  maxUploadBytes: number;
  /** Defaults to SQLite in DATA_DIR; a PostgreSQL deployment passes its own. */
  store?: MetricStore;
}

/**
 * Live metrics: the time-series store and the routes. The doc's metrics are server-written; the
 * room's structure guard (server/src/guard/structureGuard.ts) reverts anyone else's change.
 */
export async function startLiveMetrics(setup: LiveMetricsSetup): Promise<{ close(): Promise<void> }> {
  const store = setup.store ?? new SqliteMetricStore({ dataDir: setup.dataDir, synchronous: setup.synchronous });
  const service = new LiveMetricsService(setup.rooms, setup.journeys, store);
  await registerLiveMetricsRoutes(setup.http, { catalog: setup.catalog, metrics: service, maxUploadBytes: setup.maxUploadBytes, authorize: setup.authorize });
  return {
    close: async () => {
      await store.close();
    },
  };
}
