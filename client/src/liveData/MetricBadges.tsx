import { useEditor, useValue, type TLShapeId } from 'tldraw';
import type * as Y from 'yjs';
import { metricStatus, type LiveMetric } from '../../../shared/src/index.ts';
import { useLiveDataMessages } from './liveDataMessages.ts';
import { useLiveMetrics } from './liveMetricsDoc.ts';

interface PlacedCard {
  cardId: string;
  left: number;
  top: number;
  width: number;
  height: number;
  metrics: LiveMetric[];
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/**
 * Live metrics on the cards: a badge per metric under each card, green when it meets its target,
 * red when it misses it, grey without one; a card that misses a target is outlined in red.
 * The values come from the board's doc, so they appear the moment the server writes them.
 */
export function MetricBadges({ doc }: { doc: Y.Doc }) {
  const editor = useEditor();
  const t = useLiveDataMessages();
  const byCard = useLiveMetrics(doc);
  const placed = useValue(
    'metric badges',
    () => {
      const pageId = editor.getCurrentPageId();
      const zoom = editor.getZoomLevel();
      const cards: PlacedCard[] = [];
      for (const [cardId, metrics] of byCard) {
        const shape = editor.getShape(cardId as TLShapeId);
        if (!shape || editor.getAncestorPageId(shape) !== pageId) continue;
        const bounds = editor.getShapePageBounds(shape);
        if (!bounds) continue;
        const corner = editor.pageToViewport({ x: bounds.minX, y: bounds.minY });
        cards.push({ cardId, left: corner.x, top: corner.y, width: bounds.w * zoom, height: bounds.h * zoom, metrics });
      }
      return cards;
    },
    [editor, byCard],
  );

  return (
    <>
      {placed.map((card) => {
        const missed = card.metrics.some((m) => metricStatus(m) === 'missed');
        return (
          <div
            key={card.cardId}
            className={`jb-metric-frame${missed ? ' jb-metric-frame-missed' : ''}`}
            style={{ left: card.left, top: card.top, width: card.width, height: card.height }}
            data-testid="metric-card"
            data-card-id={card.cardId}
            data-misses-target={missed}
            title={missed ? t.missesTarget : undefined}
          >
            <div className="jb-metric-badges">
              {card.metrics.map((metric) => {
                const status = metricStatus(metric);
                const target = metric.target === null ? '' : ` (${t.target.replace('{target}', `${numberFormat.format(metric.target)}${metric.unit}`)})`;
                return (
                  <span
                    key={metric.name}
                    className={`jb-metric-badge jb-metric-${status}`}
                    data-testid="metric-badge"
                    data-status={status}
                    title={`${metric.name}: ${numberFormat.format(metric.value)}${metric.unit}${target} · ${new Date(metric.at).toLocaleString()}`}
                  >
                    {metric.name} {numberFormat.format(metric.value)}
                    {metric.unit}
                  </span>
                );
              })}
            </div>
          </div>
        );
      })}
    </>
  );
}
