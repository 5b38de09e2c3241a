import { monitorEventLoopDelay } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's Prometheus metrics, in one registry per server instance (tests
 * run several servers in one process). Gauges are read from the live objects
 * at scrape time, so they can never drift.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly updatesIn: Counter;
  readonly updatesOut: Counter;
  readonly persistSeconds: Histogram;
  readonly persistFailures: Counter;
  readonly compactions: Counter;
  readonly rejectedMessages: Counter<'reason'>;
  readonly guardReverts: Counter<'reason'>;
  readonly damagedBoardLoads: Counter<'rebuilt_from'>;

  constructor(sources: { connections: () => number; boardsInMemory: () => number; pendingWrites: () => number }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'journeyboard_' });
    const eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
    eventLoopDelay.enable();
    const registers = [this.registry];
    new Gauge({ name: 'journeyboard_connections', help: 'Open sync connections', registers, collect() { this.set(sources.connections()); } });
    new Gauge({ name: 'journeyboard_boards_in_memory', help: 'Boards loaded in memory', registers, collect() { this.set(sources.boardsInMemory()); } });
    new Gauge({ name: 'journeyboard_pending_writes', help: 'Updates applied but not yet durable', registers, collect() { this.set(sources.pendingWrites()); } });
    new Gauge({
      name: 'journeyboard_event_loop_delay_p99_seconds',
      help: 'p99 event-loop delay since the previous scrape',
      registers,
      collect() {
        this.set(eventLoopDelay.percentile(99) / 1e9);
        eventLoopDelay.reset();
      },
    });
    this.updatesIn = new Counter({ name: 'journeyboard_updates_in_total', help: 'Document updates received from clients', registers });
    this.updatesOut = new Counter({ name: 'journeyboard_updates_out_total', help: 'Document update messages sent to clients', registers });
    this.persistSeconds = new Histogram({
      name: 'journeyboard_persist_duration_seconds',
      help: 'Time to append one batch of updates durably',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.persistFailures = new Counter({ name: 'journeyboard_persist_failures_total', help: 'Batches the storage refused (retried)', registers });
    this.compactions = new Counter({ name: 'journeyboard_compactions_total', help: 'Board logs folded into a snapshot', registers });
    this.rejectedMessages = new Counter({
      name: 'journeyboard_rejected_messages_total',
      help: 'Client messages refused, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.damagedBoardLoads = new Counter({
      name: 'journeyboard_damaged_board_loads_total',
      help: 'Boards loaded with damaged stored rows (read-only until accepted), by what they were rebuilt from (unreadable: not served)',
      labelNames: ['rebuilt_from'],
      registers,
    });
    this.guardReverts = new Counter({
      name: 'journeyboard_guard_reverts_total',
      help: 'Record changes reverted by the record guard, by reason',
      labelNames: ['reason'],
      registers,
    });
  }
}

/** Collapses free-text reasons into a few label values, so label cardinality stays bounded. */
export function reasonLabel(reason: string): string {
  const known = ['locked', 'viewers', 'commenters', 'does not match', 'do not belong', 'invalid', 'malformed', 'rate', 'too large', 'size limit', 'full', 'timeout', 'slow', 'origin'];
  return known.find((k) => reason.includes(k))?.replace(/ /g, '_') ?? 'other';
}
