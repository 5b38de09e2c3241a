import type * as Y from 'yjs';
import { DocLayout, mergeLatestMetrics, parseCardLiveMetrics, type LiveMetric } from '../../../shared/src/index.ts';

/** Transaction origin of the server's metric writes. */
export const LIVE_METRICS_ORIGIN = Symbol('live metrics');

function metricsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(DocLayout.liveMetrics);
}

/** Latest metrics per card id, as the doc holds them (invalid entries are left out). */
export function readLiveMetrics(doc: Y.Doc): Map<string, LiveMetric[]> {
  const byCard = new Map<string, LiveMetric[]>();
  for (const [cardId, value] of metricsMap(doc).entries()) {
    const metrics = parseCardLiveMetrics(value);
    if (metrics.length > 0) byCard.set(cardId, metrics);
  }
  return byCard;
}

/** Merges new values into the cards' latest metrics, as one server transaction every participant receives. */
export function writeLiveMetrics(doc: Y.Doc, incoming: ReadonlyMap<string, readonly LiveMetric[]>): void {
  const map = metricsMap(doc);
  doc.transact(() => {
    for (const [cardId, metrics] of incoming) map.set(cardId, mergeLatestMetrics(parseCardLiveMetrics(map.get(cardId)), metrics));
  }, LIVE_METRICS_ORIGIN);
}
