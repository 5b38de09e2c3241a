import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { CloseCode, createBoardSchema } from '../../shared/src/index.ts';
import { registerAssetRoutes } from './assets/assetRoutes.ts';
import { contentRules, DEFAULT_WRITE_RULES } from './guard/writeRules.ts';
import type { ServerConfig } from './config.ts';
import { registerBoardRoutes } from './http/boardRoutes.ts';
import { registerClientAssets } from './http/clientAssets.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerFacilitationRoutes } from './facilitation/facilitationRoutes.ts';
import type { Authorize } from './http/featureSetup.ts';
import { registerJourneyRoutes } from './http/journeyRoutes.ts';
import { registerOpenApi } from './http/openApi.ts';
import { registerShareRoutes } from './http/shareRoutes.ts';
import { AccessControl } from './auth/accessControl.ts';
import { CapabilityTokens } from './auth/capabilityTokens.ts';
import { tokenSafeLogging } from './auth/tokenRedaction.ts';
import { openBackends } from './backends.ts';
import { startHistory } from './history/setup.ts';
import { requireRole } from './http/requestAuth.ts';
import { registerImportRoutes } from './import/importRoutes.ts';
import { registerDemoRoutes } from './demo/demoRoutes.ts';
import { JourneyService } from './journey/journeyService.ts';
import { startLiveMetrics } from './liveMetrics/setup.ts';
import { Metrics, reasonLabel } from './observability/metrics.ts';
import { registerSystemRoutes } from './http/systemRoutes.ts';
import { startPortfolio } from './portfolio/setup.ts';
import { startPreviews } from './previews/setup.ts';
import { relayRevocations } from './pubsub/revocationRelay.ts';
import { BoardPeers } from './rooms/boardPeers.ts';
import { RoomManager } from './rooms/roomManager.ts';
import type { Storage } from './storage/types.ts';
import { WriteBatcher } from './storage/writeBatcher.ts';
import { installFastYjsDecoding } from '../../shared/src/yjs/fastDecoding.ts';
import { SyncServer } from './sync/syncServer.ts';
import { startWebhooks } from './webhooks/setup.ts';

export const VERSION = '0.1.0';

export interface JourneyboardServer {
  readonly http: FastifyInstance;
  readonly url: string;
  /** The boards in memory (tests reach a room's doc through it). */
  readonly rooms: RoomManager;
  stats(): ServerStats;
  /** Graceful: stop accepting, flush every pending write, close sockets with 1001. */
  close(): Promise<void>;
}

export interface ServerStats {
  connections: number;
  boardsInMemory: number;
  pendingWrites: number;
}

/** `storageOverride` replaces the board storage the configuration selects (tests wrap it). */
export async function startServer(config: ServerConfig, storageOverride?: Storage): Promise<JourneyboardServer> {
  installFastYjsDecoding();
  const http = Fastify({
    logger: { level: config.logLevel, ...tokenSafeLogging([config.adminToken, config.secret]) },
    bodyLimit: config.maxBodyBytes,
  });
  const log = http.log as Logger;
  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(http);
  // First: the OpenAPI document learns every route registered after it.
  await registerOpenApi(http, VERSION);

  const backends = await openBackends(config, log, storageOverride);
  const { storage, assets } = backends;
  const access = new AccessControl(new CapabilityTokens(backends.secret), backends.shareLinks, config.anonymousRole);
  const stopRevocationRelay = await relayRevocations(access, backends.fanout);

  // Metrics read live objects created below; the arrow functions defer that to scrape time.
  const metrics: Metrics = new Metrics({
    connections: () => sync.connectionCount,
    boardsInMemory: () => rooms.loadedCount,
    pendingWrites: () => writer.pendingCount,
  });
  const writer = new WriteBatcher(storage, log, {
    // With SQLite FULL every commit pays an fsync: share it among a whole event-loop turn.
    batchWindow: !config.scaleOut.databaseUrl && config.sqliteSynchronous === 'FULL' ? 'turn' : 'task',
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
      writeRules: [...DEFAULT_WRITE_RULES, ...contentRules(config.content)],
      maxRejectionsPerMinute: config.maxRejectionsPerMinute,
      maxDocBytes: config.sync.maxDocBytes,
      fullStateCacheMs: config.roomFullStateCacheMs,
    },
    {
      onRecordRejected: (reason) => metrics.guardReverts.inc({ reason: reasonLabel(reason) }),
      onUpdatesSent: (count) => metrics.updatesOut.inc(count),
      onCompacted: () => metrics.compactions.inc(),
      onBoardDamaged: (_boardId, damage) => metrics.damagedBoardLoads.inc({ rebuilt_from: damage?.basis ?? 'unreadable' }),
    },
    new BoardPeers(backends.fanout, backends.docLog, log, { catchUpIntervalMs: config.scaleOut.catchUpIntervalMs }),
  );
  const sync = new SyncServer(rooms, storage, access, log, config.sync, {
    onRejected: (reason) => metrics.rejectedMessages.inc({ reason: reasonLabel(reason) }),
    onUpdateIn: () => metrics.updatesIn.inc(),
  });

  registerSystemRoutes(http, { tldrawLicenseKey: config.tldrawLicenseKey, version: VERSION }, { storage, writer, metrics });
  registerBoardRoutes(http, storage, access, { boardCreation: config.boardCreation, adminToken: config.adminToken, rooms, quarantine: storage });
  registerShareRoutes(http, storage, access);
  registerDemoRoutes(http, { catalog: storage, access, rooms, boardCreation: config.boardCreation, log });
  const journeys = new JourneyService(rooms, storage, log, { debounceMs: config.journeyDebounceMs });
  const history = startHistory({
    http,
    rooms,
    storage,
    log,
    config,
    versions: backends.versions,
    schema: createBoardSchema(),
    authorize: (request, boardId, minimum) => requireRole(access, request, boardId, minimum),
  });
  registerJourneyRoutes(http, storage, journeys, access);
  // Edits on every loaded board mark its journey data stale; webhooks and the portfolio index follow it.
  rooms.addLifecycleListener({ loaded: (room) => journeys.track(room.boardId, room.doc) });
  const authorize: Authorize = (request, boardId, minimum) => requireRole(access, request, boardId, minimum);
  const sqlite = { dataDir: config.dataDir, synchronous: config.sqliteSynchronous };
  const liveMetrics = await startLiveMetrics({ http, catalog: storage, rooms, journeys, log, ...sqlite, store: backends.metrics, maxUploadBytes: config.maxUploadBytes, authorize });
  const webhooks = await startWebhooks({ http, catalog: storage, rooms, journeys, log, ...sqlite, store: backends.webhooks, authorize });
  const previews = await startPreviews({ http, catalog: storage, ...sqlite, store: backends.previews, authorize });
  const portfolio = startPortfolio({ http, catalog: storage, journeys, rooms, access, adminToken: config.adminToken, log, ...sqlite, store: backends.portfolio, previews: previews.store });
  await registerImportRoutes(http, { catalog: storage, rooms, schema: createBoardSchema(), maxUploadBytes: config.maxUploadBytes, importLimits: config.importLimits, authorize });
  registerFacilitationRoutes(http, {
    catalog: storage,
    rooms,
    authorize,
    ballots: backends.ballots,
    onRoundRevealed: (boardId, round) => webhooks.voteResults(boardId, { round: round.number, roundId: round.id, votesByCard: round.results ?? {} }),
    journeys,
    onWorkshopEnded: (boardId, summary) => webhooks.workshopEnded(boardId, summary),
  });
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
      await webhooks.close();
      await portfolio.close();
      await previews.close();
      await liveMetrics.close();
      journeys.close();
      await history.close();
      await rooms.unloadAll();
      stopRevocationRelay();
      access.close();
      await backends.close();
    })();
    return closing;
  };

  const stats = (): ServerStats => ({
    connections: sync.connectionCount,
    boardsInMemory: rooms.loadedCount,
    pendingWrites: writer.pendingCount,
  });

  return { http, url, rooms, stats, close };
}
