import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { CloseCode, createBoardSchema } from '../../shared/src/index.ts';
import { registerAssetRoutes } from './assets/assetRoutes.ts';
import { SqliteAssetStore } from './assets/sqliteAssetStore.ts';
import { DEFAULT_WRITE_RULES } from './guard/writeRules.ts';
import type { ServerConfig } from './config.ts';
import { registerBoardRoutes } from './http/boardRoutes.ts';
import { registerClientAssets } from './http/clientAssets.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerJourneyRoutes } from './http/journeyRoutes.ts';
import { registerOpenApi } from './http/openApi.ts';
import { registerShareRoutes } from './http/shareRoutes.ts';
import { AccessControl } from './auth/accessControl.ts';
import { CapabilityTokens } from './auth/capabilityTokens.ts';
import { loadOrCreateSecret } from './auth/secret.ts';
import { SqliteShareLinkStore } from './auth/shareLinks.ts';
import { startHistory } from './history/setup.ts';
import { requireRole } from './http/requestAuth.ts';
import { JourneyService } from './journey/journeyService.ts';
import { Metrics, reasonLabel } from './observability/metrics.ts';
import { registerSystemRoutes } from './http/systemRoutes.ts';
import { RoomManager } from './rooms/roomManager.ts';
import { SqliteStorage } from './storage/sqliteStorage.ts';
import type { Storage } from './storage/types.ts';
import { WriteBatcher } from './storage/writeBatcher.ts';
import { SyncServer } from './sync/syncServer.ts';

export const VERSION = '0.1.0';

export interface JourneyboardServer {
  readonly http: FastifyInstance;
  readonly url: string;
  stats(): ServerStats;
  /** Graceful: stop accepting, flush every pending write, close sockets with 1001. */
  close(): Promise<void>;
}

export interface ServerStats {
  connections: number;
  boardsInMemory: number;
  pendingWrites: number;
}

export function createStorage(config: ServerConfig): Storage {
  return new SqliteStorage({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
}

export async function startServer(config: ServerConfig, storage: Storage = createStorage(config)): Promise<JourneyboardServer> {
  const http = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.maxBodyBytes,
  });
  const log = http.log as Logger;
  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(http);
  // First: the OpenAPI document learns every route registered after it.
  await registerOpenApi(http, VERSION);

  const shareLinks = new SqliteShareLinkStore(config.dataDir, config.sqliteSynchronous);
  const access = new AccessControl(new CapabilityTokens(loadOrCreateSecret(config.dataDir, config.secret)), shareLinks, config.anonymousRole);

  // Metrics read live objects created below; the arrow functions defer that to scrape time.
  const metrics: Metrics = new Metrics({
    connections: () => sync.connectionCount,
    boardsInMemory: () => rooms.loadedCount,
    pendingWrites: () => writer.pendingCount,
  });
  const writer = new WriteBatcher(storage, log, {
    onPersisted: (seconds) => metrics.persistSeconds.observe(seconds),
    onFailed: () => metrics.persistFailures.inc(),
  });
  const rooms = new RoomManager(
    storage,
    writer,
    log,
    {
      idleUnloadMs: config.roomIdleUnloadMs,
      compactAfterUpdates: config.compactAfterUpdates,
      schema: createBoardSchema(),
      writeRules: DEFAULT_WRITE_RULES,
      maxRejectionsPerMinute: config.maxRejectionsPerMinute,
      maxDocBytes: config.sync.maxDocBytes,
    },
    {
      onRecordRejected: (reason) => metrics.guardReverts.inc({ reason: reasonLabel(reason) }),
      onUpdatesSent: (count) => metrics.updatesOut.inc(count),
      onCompacted: () => metrics.compactions.inc(),
    },
  );
  const sync = new SyncServer(rooms, storage, access, log, config.sync, {
    onRejected: (reason) => metrics.rejectedMessages.inc({ reason: reasonLabel(reason) }),
    onUpdateIn: () => metrics.updatesIn.inc(),
  });

  registerSystemRoutes(http, { tldrawLicenseKey: config.tldrawLicenseKey, version: VERSION }, { storage, metrics });
  registerBoardRoutes(http, storage, access, { boardCreation: config.boardCreation, adminToken: config.adminToken });
  registerShareRoutes(http, storage, access);
  const journeys = new JourneyService(rooms, storage, log, { debounceMs: config.journeyDebounceMs });
  const history = startHistory({
    http,
    rooms,
    storage,
    log,
    config,
    schema: createBoardSchema(),
    authorize: (request, boardId, minimum) => requireRole(access, request, boardId, minimum),
  });
  registerJourneyRoutes(http, storage, journeys, access);
  // Uploaded images: their own table in the same SQLite file, through their own connection.
  const assets = new SqliteAssetStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
  await registerAssetRoutes(http, {
    catalog: storage,
    assets,
    maxUploadBytes: config.maxUploadBytes,
    maxBoardAssetBytes: config.maxBoardAssetBytes,
    // Any valid link (or the anonymous role) gets its role; canUpload then admits editors and facilitators.
    roleOf: (request, boardId) => requireRole(access, request, boardId, 'viewer'),
  });
  await registerClientAssets(http, config.clientDir);

  http.server.on('upgrade', (request, socket, head) => {
    if (!sync.handleUpgrade(request, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });

  await http.listen({ port: config.port, host: config.host });
  const address = http.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      sync.stopAccepting();
      const httpClosed = http.close();
      try {
        await writer.drain();
      } catch (error) {
        log.error({ err: error }, 'shutdown: some updates could not be persisted');
      }
      sync.closeAll(CloseCode.GoingAway, 'server shutting down');
      await sync.waitForSocketsClosed(config.shutdownTimeoutMs);
      await httpClosed;
      journeys.close();
      await history.close();
      await rooms.unloadAll();
      await storage.close();
      await assets.close();
      shareLinks.close();
    })();
    return closing;
  };

  const stats = (): ServerStats => ({
    connections: sync.connectionCount,
    boardsInMemory: rooms.loadedCount,
    pendingWrites: writer.pendingCount,
  });

  return { http, url, stats, close };
}
