/** Timing one cold load of a board: the server loads it from SQLite, a fresh client syncs it. */
import { readProcSample } from './proc.ts';
import type { ProbeMemory } from './serverProbe.ts';
import type { BenchServer } from './servers.ts';
import { connectClient } from './yclient.ts';

export interface ColdLoad {
  /** Server: 'loaded board' log: read from SQLite, ready to serve a fresh join from the stored snapshot. */
  serverLoadMs: number;
  /** Server: 'decoded board' log: applying the snapshot to the server's own Y.Doc right after serving it (0 when the load decoded it already). */
  serverDecodeMs: number;
  /**
   * Server: loaded, decoded and its guards built, so the first edit is checked and applied at once:
   * 'loaded board' plus the decode log's readyMs (its ms where a server before readyMs was logged, BENCH_REV).
   */
  serverReadyMs: number;
  /** Client: from creating the provider (connect) to synced. */
  clientSyncedMs: number;
  /** Client: to synced plus building the YKeyValue of records, as the board client does. */
  clientRecordsMs: number;
  records: number;
  /** Server heap and RSS before the load and with the board loaded (after GC). */
  memoryBefore?: ProbeMemory;
  memoryLoaded?: ProbeMemory;
  /** The same once the server let go of its encoded copy for newcomers (ROOM_FULL_STATE_CACHE_MS after the join). */
  memoryAtRest?: ProbeMemory;
  /** The server's resident set with the board loaded, read from /proc (no GC forced). */
  rssLoaded?: number;
}

export function isLog(message: string, boardId: string) {
  return (line: { msg?: string; boardId?: unknown }): boolean => line.msg === message && line.boardId === boardId;
}

/**
 * Loads a board that is not in memory (the caller made sure), then disconnects and waits
 * until the server has unloaded it again (needs a short ROOM_IDLE_UNLOAD_MS).
 */
export async function coldLoad(server: BenchServer, boardId: string, options: { memory?: boolean; profilePath?: string } = {}): Promise<ColdLoad> {
  const memoryBefore = options.memory ? await server.memory() : undefined;
  if (options.profilePath) await server.profileStart(200);
  const logsBefore = server.logLines().length;
  const client = connectClient(server.providerUrl, boardId);
  const clientSyncedMs = await client.synced;
  const started = performance.now();
  const records = client.records().map.size;
  const clientRecordsMs = clientSyncedMs + (performance.now() - started);
  const loaded = await server.waitForLog(isLog('loaded board', boardId), { after: logsBefore });
  // A board served before it was decoded logs the decode separately, right after.
  const decoded = loaded.decoded === false ? await server.waitForLog(isLog('decoded board', boardId), { after: logsBefore }) : undefined;
  const decodedMs = decoded ? Number(decoded.ms ?? Number.NaN) : 0;
  const serverReadyMs = Number(loaded.ms ?? Number.NaN) + (decoded ? Number(decoded.readyMs ?? decoded.ms ?? Number.NaN) : 0);
  if (options.profilePath) await server.profileStop(options.profilePath);
  const rssLoaded = readProcSample(server.pid)?.rssBytes;
  const memoryLoaded = options.memory ? await server.memory() : undefined;
  // A server from before ac4c09c (BENCH_REV) keeps its copy and never says so: no figure at rest then.
  const memoryAtRest = options.memory
    ? await server.waitForLog(isLog('released the encoded board', boardId), { after: logsBefore, timeoutMs: 15_000 }).then(
        () => server.memory(),
        () => undefined,
      )
    : undefined;
  const logsAtLeave = server.logLines().length;
  client.destroy();
  await server.waitForLog(isLog('unloaded idle board', boardId), { after: logsAtLeave });
  return { serverLoadMs: Number(loaded.ms ?? Number.NaN), serverDecodeMs: decodedMs, serverReadyMs, clientSyncedMs, clientRecordsMs, records, memoryBefore, memoryLoaded, memoryAtRest, rssLoaded };
}
