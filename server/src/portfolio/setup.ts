import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AccessControl } from '../auth/accessControl.ts';
import type { JourneyService } from '../journey/journeyService.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { SqliteSynchronous } from '../storage/sqliteDatabase.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { PortfolioIndex } from './portfolioIndex.ts';
import { registerPortfolioRoutes } from './portfolioRoutes.ts';
import type { PortfolioStore } from './portfolioStore.ts';
import type { PreviewStore } from '../previews/previewStore.ts';
import { SqlitePortfolioStore } from './sqlitePortfolioStore.ts';

export interface PortfolioSetup {
  http: FastifyInstance;
  catalog: BoardCatalog;
  journeys: JourneyService;
  rooms: RoomManager;
  access: AccessControl;
  adminToken: string | null;
  log: Logger;
  dataDir: string;
  synchronous: SqliteSynchronous;
  /** Defaults to SQLite in DATA_DIR; a PostgreSQL deployment passes its own. */
  store?: PortfolioStore;
  /** Tells the list which boards have a preview picture. */
  previews: Pick<PreviewStore, 'updatedAt'>;
}

/** The portfolio: its index (fed by extraction), a background backfill of stale boards, and its routes. */
export function startPortfolio(setup: PortfolioSetup): { close(): Promise<void> } {
  const store = setup.store ?? new SqlitePortfolioStore({ dataDir: setup.dataDir, synchronous: setup.synchronous });
  const index = new PortfolioIndex(store, setup.journeys, setup.rooms, setup.catalog, setup.log);
  registerPortfolioRoutes(setup.http, { catalog: setup.catalog, access: setup.access, index, store, adminToken: setup.adminToken, previews: setup.previews });
  const backfill = index.backfill().catch((error: unknown) => setup.log.error({ err: error }, 'portfolio backfill failed'));
  return {
    close: async () => {
      index.close();
      await backfill;
      await store.close();
    },
  };
}
