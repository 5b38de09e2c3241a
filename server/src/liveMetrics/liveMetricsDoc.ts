import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { DocLayout, mergeLatestMetrics, parseCardLiveMetrics, type LiveMetric } from '../../../shared/src/index.ts';

/** Transaction origin of the server's metric writes. */
export const LIVE_METRICS_ORIGIN = Symbol('live metrics');
const LIVE_METRICS_GUARD_ORIGIN = Symbol('live metrics guard');

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

/**
 * Live metrics are written by the server only. Any other change to them (a participant forging
 * a badge) is reverted by a server change in the same broadcast, like the record guard does.
 * Returns a function that stops guarding.
 */
export function guardLiveMetrics(doc: Y.Doc, log: Logger, boardId: string): () => void {
  const map = metricsMap(doc);
  const observer = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    if (transaction.origin === LIVE_METRICS_ORIGIN || transaction.origin === LIVE_METRICS_GUARD_ORIGIN) return;
    const changes = [...event.changes.keys.entries()];
    doc.transact(() => {
      for (const [key, change] of changes) {
        if (change.action === 'add') map.delete(key);
        else map.set(key, change.oldValue);
      }
    }, LIVE_METRICS_GUARD_ORIGIN);
    log.info({ boardId, keys: changes.map(([key]) => key) }, 'reverted a participant change to live metrics (server-written)');
  };
  map.observe(observer);
  return () => map.unobserve(observer);
}
