import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Role } from '../../../shared/src/index.ts';
import type { SqliteSynchronous } from '../storage/sqliteDatabase.ts';
import type { BoardCatalog } from '../storage/types.ts';

/** The caller's role on the board, or an HttpError when it is below `minimum` (requireRole bound to the server's access control). */
export type Authorize = (request: FastifyRequest, boardId: string, minimum: Role) => Promise<Role>;

/** What a feature module with routes and its own SQLite store needs from the app. */
export interface FeatureSetup {
  http: FastifyInstance;
  catalog: BoardCatalog;
  log: Logger;
  dataDir: string;
  synchronous: SqliteSynchronous;
  authorize: Authorize;
}
