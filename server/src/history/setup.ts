import type { TLSchema } from '@tldraw/tlschema';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog, DocStore } from '../storage/types.ts';
import { loadHistoryOptions } from './historyConfig.ts';
import { registerHistoryRoutes, type HistoryRouteOptions } from './historyRoutes.ts';
import { HistoryService } from './historyService.ts';
import { SqliteVersionStore } from './sqliteVersionStore.ts';
import type { VersionStore } from './versionStore.ts';

export interface HistorySetup {
  http: FastifyInstance;
  rooms: RoomManager;
  storage: BoardCatalog & DocStore;
  log: Logger;
  config: ServerConfig;
  schema: TLSchema;
  /** Defaults to SQLite in DATA_DIR; a PostgreSQL deployment passes its own. */
  versions?: VersionStore;
  env?: NodeJS.ProcessEnv;
  /** Access check of the routes (see HistoryRouteOptions); without it the routes are as open as the board's id. */
  authorize?: HistoryRouteOptions['authorize'];
}

/** Version history: its store, its service (watching rooms for checkpoints) and its routes. */
export function startHistory(setup: HistorySetup): HistoryService {
  const versions =
    setup.versions ?? new SqliteVersionStore({ dataDir: setup.config.dataDir, synchronous: setup.config.sqliteSynchronous });
  const history = new HistoryService(
    { rooms: setup.rooms, docs: setup.storage, versions, schema: setup.schema, log: setup.log },
    loadHistoryOptions(setup.env),
  );
  history.start();
  registerHistoryRoutes(setup.http, setup.storage, history, { authorize: setup.authorize });
  return history;
}
