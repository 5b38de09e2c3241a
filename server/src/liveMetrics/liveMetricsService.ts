import type { LiveMetric, MetricProblem, MetricValueInput } from '../../../shared/src/index.ts';
import { resolveMetricTargets } from '../../../shared/src/index.ts';
import type { JourneyService } from '../journey/journeyService.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import { writeLiveMetrics } from './liveMetricsDoc.ts';
import type { MetricStore } from './metricStore.ts';

export type RecordResult = { ok: true; cardIds: string[] } | { ok: false; problems: MetricProblem[] };

/**
 * Posted metric values: each is matched to its card, appended to the time series, and the
 * latest per card and metric is written into the live board, where it shows as a badge.
 */
export class LiveMetricsService {
  private readonly rooms: RoomManager;
  private readonly journeys: JourneyService;
  private readonly store: MetricStore;

  constructor(rooms: RoomManager, journeys: JourneyService, store: MetricStore) {
    this.rooms = rooms;
    this.journeys = journeys;
    this.store = store;
  }

  /** All or nothing: a value that names no card (or several) stores none of them. */
  record(boardId: string, values: readonly MetricValueInput[], indexOf?: (position: number) => number): Promise<RecordResult> {
    return this.rooms.withRoom(boardId, async (room): Promise<RecordResult> => {
      const receivedAt = new Date().toISOString();
      const data = await this.journeys.get(boardId);
      const { resolved, problems } = resolveMetricTargets(data, values, receivedAt, indexOf);
      if (problems.length > 0) return { ok: false, problems };
      await this.store.append(resolved.map(({ cardId, metric }) => ({ boardId, cardId, receivedAt, ...metric })));
      const byCard = new Map<string, LiveMetric[]>();
      for (const { cardId, metric } of resolved) byCard.set(cardId, [...(byCard.get(cardId) ?? []), metric]);
      writeLiveMetrics(room.doc, byCard);
      return { ok: true, cardIds: resolved.map((r) => r.cardId) };
    });
  }

  series(boardId: string, filter: { cardId?: string; name?: string; limit: number }) {
    return this.store.series(boardId, filter);
  }
}
