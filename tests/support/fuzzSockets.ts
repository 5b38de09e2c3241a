/**
 * Sends generated inputs to the sync endpoint over a bounded pool of raw `ws`
 * sockets, many inputs per socket, reconnecting whenever the server closes one.
 *
 * Every input is followed by a WebSocket ping carrying its index. The server
 * handles frames in order and answers pings only while the socket is open, so a
 * pong for input i proves the server processed i and kept the socket; when the
 * server closes the socket, the first input without a pong is the one it
 * refused, and the inputs behind it are sent again on another socket. Each input
 * is therefore counted exactly once, as processed, whatever the timing.
 */
import WebSocket from 'ws';
import type { FuzzInput, FuzzKind } from './fuzzInputs.ts';

export interface FuzzRunOptions {
  /** ws://host:port/sync/<boardId> */
  url: string;
  total: number;
  generate: (index: number) => FuzzInput;
  /** Sockets open at once. */
  sockets: number;
  /** Inputs in flight per socket. */
  depth: number;
  /** Stop sending at this time (epoch ms) even if not every input was processed. */
  deadline: number;
  /** Called with every processed input; `closed` is set when the server closed the socket for it. */
  onProcessed?: (input: FuzzInput, closed: { code: number; reason: string } | undefined) => void;
}

export interface FuzzRunStats {
  /** Inputs the server provably processed (answered ping, or closed the socket for them). */
  processed: number;
  /** Frames written, including inputs sent again after a close discarded them. */
  framesSent: number;
  connections: number;
  perKind: Map<FuzzKind, { processed: number; closed: number }>;
  /** "code reason" -> how many inputs got it. */
  closeReasons: Map<string, number>;
  /** Sockets that could not be opened or did not get the server's first message. */
  connectFailures: string[];
  /** Out-of-order pongs, closes without a pending input. */
  anomalies: string[];
  /** Sockets the server closed for a timeout (4408: no sync step 1 in time); their inputs were sent again. */
  timeouts: number;
  durationMs: number;
}

const TIMEOUT_CLOSE_CODE = 4408;

function indexPayload(index: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(index, 0);
  return payload;
}

export async function runFuzz(options: FuzzRunOptions): Promise<FuzzRunStats> {
  const started = Date.now();
  const stats: FuzzRunStats = {
    processed: 0,
    framesSent: 0,
    connections: 0,
    perKind: new Map(),
    closeReasons: new Map(),
    connectFailures: [],
    anomalies: [],
    timeouts: 0,
    durationMs: 0,
  };
  const retry: FuzzInput[] = [];
  let nextIndex = 0;

  const finished = (): boolean => stats.processed >= options.total || Date.now() > options.deadline;
  const take = (): FuzzInput | undefined => {
    if (Date.now() > options.deadline) return undefined;
    const again = retry.shift();
    if (again) return again;
    if (nextIndex >= options.total) return undefined;
    const input = options.generate(nextIndex);
    nextIndex += 1;
    return input;
  };
  const record = (input: FuzzInput, closed: { code: number; reason: string } | undefined): void => {
    stats.processed += 1;
    const kind = stats.perKind.get(input.kind) ?? { processed: 0, closed: 0 };
    kind.processed += 1;
    if (closed) {
      kind.closed += 1;
      const key = `${closed.code} ${closed.reason}`;
      stats.closeReasons.set(key, (stats.closeReasons.get(key) ?? 0) + 1);
    }
    stats.perKind.set(input.kind, kind);
    options.onProcessed?.(input, closed);
  };

  const session = (): Promise<void> =>
    new Promise<void>((resolve) => {
      stats.connections += 1;
      // A constant mask: the default draws random bytes for every frame, which costs more than the fuzzing itself.
      const ws = new WebSocket(options.url, { perMessageDeflate: false, generateMask: (mask) => mask.fill(0x5a) });
      const inflight: FuzzInput[] = [];
      let ready = false;

      const pump = (): void => {
        while (ready && ws.readyState === WebSocket.OPEN && inflight.length < options.depth) {
          const input = take();
          if (!input) break;
          inflight.push(input);
          ws.send(input.data, { binary: !input.text }, (error) => {
            if (!error) stats.framesSent += 1;
          });
          ws.ping(indexPayload(input.index));
        }
        if (ready && inflight.length === 0 && ws.readyState === WebSocket.OPEN) ws.close(1000, 'fuzz session done');
      };

      // The server's first message (sync step 1) means the socket joined the room;
      // from then on it handles frames synchronously, in order with pings.
      ws.once('message', () => {
        ready = true;
        pump();
      });
      ws.on('pong', (payload: Buffer) => {
        const head = inflight.shift();
        const index = payload.length === 4 ? payload.readUInt32BE(0) : -1;
        if (!head || head.index !== index) {
          stats.anomalies.push(`pong for input ${index} while input ${head?.index ?? 'none'} was first in flight`);
          if (head) inflight.unshift(head);
          return;
        }
        record(head, undefined);
        pump();
      });
      ws.on('error', (error) => {
        if (!ready) stats.connectFailures.push(error.message);
      });
      ws.on('close', (code, reasonBuffer) => {
        const reason = reasonBuffer.toString();
        if (!ready) {
          stats.connectFailures.push(`closed with ${code} ${reason} before the server's first message`);
        } else if (code === TIMEOUT_CLOSE_CODE) {
          // Fuzz sockets never send a sync step 1; a long-lived one is closed for that, not for an input.
          stats.timeouts += 1;
        } else {
          const refused = inflight.shift();
          if (refused) record(refused, { code, reason });
          else if (code !== 1000) stats.anomalies.push(`server closed an idle fuzz socket: ${code} ${reason}`);
        }
        retry.unshift(...inflight.splice(0));
        resolve();
      });
    });

  const hasWork = (): boolean => retry.length > 0 || nextIndex < options.total;
  const worker = async (): Promise<void> => {
    while (!finished()) {
      if (!hasWork()) {
        // Everything left is in flight on other sockets; a close there may hand some back.
        await new Promise((resolveTick) => setTimeout(resolveTick, 5));
        continue;
      }
      const failuresBefore = stats.connectFailures.length;
      await session();
      // A server that refuses every connection would otherwise spin here.
      if (stats.connectFailures.length > failuresBefore && stats.connectFailures.length > 20) return;
    }
  };
  await Promise.all(Array.from({ length: options.sockets }, () => worker()));
  stats.durationMs = Date.now() - started;
  return stats;
}
