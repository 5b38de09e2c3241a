/** Messages between a benchmark and its load generator (bench/clientFleet.ts), over IPC. */

export interface FleetRoom {
  room: string;
  clients: number;
  /** Clients of the room in all connect commands together, when they are spread over several servers. */
  roomSize?: number;
}

export type FleetCommand =
  | {
      cmd: 'connect';
      /** WebsocketProvider server URL (ws://host:port/sync for Journeyboard, ws://host:port for the reference). */
      providerUrl: string;
      rooms: FleetRoom[];
      /** Connections opened at once; the next batch starts when these are synced. */
      batch: number;
      timeoutMs: number;
    }
  | {
      /** Every client writes its own ~300-byte note record `rate` times a second (a drag). */
      cmd: 'drive';
      rate: number;
      warmupMs: number;
      measureMs: number;
      /** Longest wait after the last send for deliveries to complete. */
      drainMs: number;
    }
  | {
      /** Client i moves existingRecordIds[i] (a record already on the board) `rate` times a second. */
      cmd: 'move';
      recordIds: string[];
      rate: number;
      durationMs: number;
    }
  | { cmd: 'close' };

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface DriveResult {
  sent: number;
  /** Deliveries owed: every update to every other client of its room. */
  expected: number;
  /** Deliveries made: a receiver counts an update as delivered once it holds it or a later one of the same writer. */
  delivered: number;
  /** Updates seen one by one at receivers (equals delivered unless the server merged updates). */
  observed: number;
  /** Send-to-receive latency (ms) of updates sent in the measured window. */
  latency: LatencySummary;
  /** How late the generator sent (ms behind schedule): it is saturated if this grows. */
  sendLag: LatencySummary;
  /** The measurements behind `latency` and `sendLag`, so runs of several generators can be merged. */
  latencySamples: number[];
  sendLagSamples: number[];
  /** Connections closed during the run (y-websocket reconnects them), and how many per close code. */
  disconnects: number;
  closeCodes: Record<string, number>;
  /** Wire size of one update (bytes), and the record's JSON size. */
  updateBytes: number;
  recordJsonBytes: number;
  drainedMs: number;
}

export type FleetEvent =
  | { ev: 'connected'; clients: number; ms: number }
  | { ev: 'driven'; result: DriveResult }
  | { ev: 'moved'; sent: number; missing: string[] }
  | { ev: 'error'; message: string };

/** Percentiles of latency samples (ms); the same rule whether one generator or several measured them. */
export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

/** One result for a load driven by several generator processes, each with its own boards. */
export function mergeDriveResults(results: readonly DriveResult[]): DriveResult {
  const [first] = results;
  if (!first) throw new Error('no drive results to merge');
  if (results.length === 1) return first;
  const sum = (pick: (r: DriveResult) => number): number => results.reduce((total, r) => total + pick(r), 0);
  const closeCodes: Record<string, number> = {};
  for (const result of results) for (const [code, count] of Object.entries(result.closeCodes)) closeCodes[code] = (closeCodes[code] ?? 0) + count;
  const latencySamples = results.flatMap((r) => r.latencySamples);
  const sendLagSamples = results.flatMap((r) => r.sendLagSamples);
  return {
    sent: sum((r) => r.sent),
    expected: sum((r) => r.expected),
    delivered: sum((r) => r.delivered),
    observed: sum((r) => r.observed),
    latency: summarizeLatencies(latencySamples),
    sendLag: summarizeLatencies(sendLagSamples),
    latencySamples,
    sendLagSamples,
    disconnects: sum((r) => r.disconnects),
    closeCodes,
    updateBytes: first.updateBytes,
    recordJsonBytes: first.recordJsonBytes,
    drainedMs: Math.max(...results.map((r) => r.drainedMs)),
  };
}

