import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { DocLayout, parseCardLiveMetrics, type LiveMetric } from '../../../shared/src/index.ts';

const EMPTY = new Map<string, LiveMetric[]>();

/** Snapshots per doc, so useSyncExternalStore sees the same object until the map changes. */
const snapshots = new WeakMap<Y.Doc, Map<string, LiveMetric[]>>();

function read(doc: Y.Doc): Map<string, LiveMetric[]> {
  const byCard = new Map<string, LiveMetric[]>();
  for (const [cardId, value] of doc.getMap<unknown>(DocLayout.liveMetrics).entries()) {
    const metrics = parseCardLiveMetrics(value);
    if (metrics.length > 0) byCard.set(cardId, metrics);
  }
  return byCard;
}

/** The latest live metrics per card id, as the server writes them into the board's doc. */
export function useLiveMetrics(doc: Y.Doc): Map<string, LiveMetric[]> {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const map = doc.getMap<unknown>(DocLayout.liveMetrics);
      const observer = () => {
        snapshots.set(doc, read(doc));
        onChange();
      };
      map.observe(observer);
      return () => map.unobserve(observer);
    },
    [doc],
  );
  const snapshot = useCallback(() => {
    let current = snapshots.get(doc);
    if (!current) {
      current = read(doc);
      snapshots.set(doc, current.size > 0 ? current : EMPTY);
    }
    return snapshots.get(doc) ?? EMPTY;
  }, [doc]);
  return useSyncExternalStore(subscribe, snapshot);
}
