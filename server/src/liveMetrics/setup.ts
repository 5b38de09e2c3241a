import type { FeatureSetup } from '../http/featureSetup.ts';
import type { JourneyService } from '../journey/journeyService.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import { guardLiveMetrics } from './liveMetricsDoc.ts';
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

/** Live metrics: the time-series store, the guard that keeps the doc's metrics server-written, and the routes. */
export async function startLiveMetrics(setup: LiveMetricsSetup): Promise<{ close(): Promise<void> }> {
  const store = setup.store ?? new SqliteMetricStore({ dataDir: setup.dataDir, synchronous: setup.synchronous });
  const service = new LiveMetricsService(setup.rooms, setup.journeys, store);
  const stopLifecycle = setup.rooms.addLifecycleListener({
    loaded: (room) => {
      const stop = guardLiveMetrics(room.doc, setup.log, room.boardId);
      room.doc.once('destroy', stop);
    },
  });
  await registerLiveMetricsRoutes(setup.http, { catalog: setup.catalog, metrics: service, maxUploadBytes: setup.maxUploadBytes, authorize: setup.authorize });
  return {
    close: async () => {
      stopLifecycle();
      await store.close();
    },
  };
}
