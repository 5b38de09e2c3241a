import type { FeatureSetup } from '../http/featureSetup.ts';
import type { JourneyService } from '../journey/journeyService.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import { SqliteWebhookStore } from './sqliteWebhookStore.ts';
import { TargetPolicy } from './targetPolicy.ts';
import { loadWebhookOptions } from './webhookConfig.ts';
import { WebhookDispatcher } from './webhookDispatcher.ts';
import { JourneyChangeThrottle, watchNewComments } from './webhookEvents.ts';
import { registerWebhookRoutes } from './webhookRoutes.ts';
import type { WebhookStore } from './webhookStore.ts';

export interface WebhookSetup extends FeatureSetup {
  rooms: RoomManager;
  journeys: JourneyService;
  /** Defaults to SQLite in DATA_DIR; a PostgreSQL deployment passes its own. */
  store?: WebhookStore;
  env?: NodeJS.ProcessEnv;
}

export interface Webhooks {
  /** For the voting feature: call with a board's results when a vote closes. */
  voteResults(boardId: string, results: unknown): void;
  /** For the agenda: a workshop run ended; `summary` is its GET /api/boards/:id/summary. */
  workshopEnded(boardId: string, summary: unknown): void;
  close(): Promise<void>;
}

/** Webhooks: store, dispatcher, routes, and the board events they send. */
export async function startWebhooks(setup: WebhookSetup): Promise<Webhooks> {
  const options = loadWebhookOptions(setup.env);
  const store = setup.store ?? new SqliteWebhookStore({ dataDir: setup.dataDir, synchronous: setup.synchronous });
  const policy = new TargetPolicy(options.allowedHosts);
  const dispatcher = new WebhookDispatcher(store, policy, options, setup.log);
  registerWebhookRoutes(setup.http, { catalog: setup.catalog, store, policy, dispatcher, authorize: setup.authorize });
  await dispatcher.start();

  const emit = (boardId: string, event: Parameters<WebhookDispatcher['emit']>[1], data: unknown): void => {
    dispatcher.emit(boardId, event, data).catch((error: unknown) => setup.log.error({ boardId, event, err: error }, 'could not queue a webhook delivery'));
  };
  const throttle = new JourneyChangeThrottle(options.journeyIntervalMs, (boardId, data) => emit(boardId, 'journey.changed', { journey: data }));
  // Only an instance where the board was edited announces the change, and only to a board with a journey.changed webhook.
  const editedHere = new Set<string>();
  const stopJourney = setup.journeys.follow({
    wants: async (boardId) => policy.enabled && editedHere.has(boardId) && (await store.subscribers(boardId, 'journey.changed')).length > 0,
    receive: (boardId, data) => {
      editedHere.delete(boardId);
      throttle.changed(boardId, data);
    },
  });
  const unwatch = new Map<string, () => void>();
  const watch = (room: Parameters<typeof watchNewComments>[0]) => {
    unwatch.get(room.boardId)?.();
    const stopComments = watchNewComments(room, (comment) => emit(room.boardId, 'comment.created', { comment }));
    const noteEdit = (_update: Uint8Array, origin: unknown): void => {
      if (room.madeHere(origin)) editedHere.add(room.boardId);
    };
    room.doc.on('update', noteEdit);
    const stop = (): void => {
      stopComments();
      room.doc.off('update', noteEdit);
    };
    unwatch.set(room.boardId, stop);
    room.doc.once('destroy', () => {
      if (unwatch.get(room.boardId) === stop) unwatch.delete(room.boardId);
      editedHere.delete(room.boardId);
    });
  };
  const stopLifecycle = setup.rooms.addLifecycleListener({ loaded: watch });
  for (const room of setup.rooms.all()) watch(room);

  return {
    voteResults: (boardId, results) => emit(boardId, 'vote.results', { results }),
    workshopEnded: (boardId, summary) => emit(boardId, 'workshop.ended', { summary }),
    close: async () => {
      stopLifecycle();
      stopJourney();
      throttle.close();
      for (const stop of unwatch.values()) stop();
      await dispatcher.close();
      await store.close();
    },
  };
}
