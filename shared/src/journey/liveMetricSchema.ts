/**
 * Live metrics: measured values (drop-off rate, conversion, first contact resolution,
 * NPS, ...) that other systems post for a card. The server keeps every value as a time
 * series and writes the latest value per card and metric into the board's doc
 * (DocLayout.liveMetrics), where every participant sees it at once.
 */
import { z } from 'zod';

export const METRIC_DIRECTIONS = ['higherIsBetter', 'lowerIsBetter'] as const;
export type MetricDirection = (typeof METRIC_DIRECTIONS)[number];

export const LiveMetricSchema = z.object({
  name: z.string().trim().min(1).max(100),
  value: z.number().finite(),
  unit: z.string().max(20),
  /** The value the team aims for; null when there is none. */
  target: z.number().finite().nullable(),
  /** Which side of the target is good. */
  direction: z.enum(METRIC_DIRECTIONS),
  /** When the value was measured (ISO 8601). */
  at: z.iso.datetime({ offset: true }),
});
export type LiveMetric = z.infer<typeof LiveMetricSchema>;

export type MetricStatus = 'met' | 'missed' | 'noTarget';

export function metricStatus(metric: Pick<LiveMetric, 'value' | 'target' | 'direction'>): MetricStatus {
  if (metric.target === null) return 'noTarget';
  const met = metric.direction === 'higherIsBetter' ? metric.value >= metric.target : metric.value <= metric.target;
  return met ? 'met' : 'missed';
}

export function missesTarget(metrics: readonly LiveMetric[] | undefined): boolean {
  return (metrics ?? []).some((metric) => metricStatus(metric) === 'missed');
}

/** The latest values of one card, one per metric name, as kept in the doc. */
export const CardLiveMetricsSchema = z.array(LiveMetricSchema).max(50);
