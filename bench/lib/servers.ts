/**
 * Starts the servers under test as child processes: Journeyboard exactly as `npm start`
 * runs it (plus the benchmark probe), and the y-websocket reference server. Each is
 * measured from outside (/proc) and, when asked, from inside through the probe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, TARGET } from './target.ts';
import type { ProbeLoop, ProbeMemory, ProbeReply, ProbeRequest } from './serverProbe.ts';

export type ServerKind = 'journeyboard' | 'reference' | 'floor';

export { ROOT, TARGET } from './target.ts';
const PROBE = join(ROOT, 'bench/lib/serverProbe.ts');
const STARTUP_TIMEOUT_MS = 30_000;

/** A pino log line of the Journeyboard server (LOG_LEVEL=debug prints one JSON object per line). */
export interface LogLine {
  msg?: string;
  boardId?: string;
  ms?: number;
  [key: string]: unknown;
}

export interface BenchServer {
  kind: ServerKind;
  /** http://127.0.0.1:<port> */
  url: string;
  /** What a stock WebsocketProvider takes as its server URL; it appends /<room>. */
  providerUrl: string;
  pid: number;
  dataDir: string | undefined;
  /** Resolves with the first matching log line among those after the first `after` lines (default: all). */
  waitForLog(match: (line: LogLine) => boolean, options?: { after?: number; timeoutMs?: number }): Promise<LogLine>;
  logLines(): readonly LogLine[];
  /** Heap figures after a forced GC (the server runs with --expose-gc). */
  memory(): Promise<ProbeMemory>;
  profileStart(intervalUs?: number): Promise<void>;
  profileStop(path: string): Promise<void>;
  /** Starts watching the event loop (delay, GC pauses); loopStop returns what it saw. */
  loopStart(): Promise<void>;
  loopStop(): Promise<ProbeLoop>;
  /** SIGTERM, wait for exit, remove the data directory unless kept. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Reuse a data directory (Journeyboard only); a fresh temporary one otherwise. */
  dataDir?: string;
}

/**
 * Server settings for benchmarks whose load is generated faster than one person would
 * (seeding a 50,000-shape board, 100,000 drag updates through one connection): the
 * per-connection rate limits are not what they measure, so they are raised.
 */
export const GENERATION_LIMITS: Record<string, string> = {
  MAX_MESSAGES_PER_SECOND: '1000000',
  MAX_BYTES_PER_SECOND: '1000000000',
};

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'journeyboard-bench-'));
}

export async function startJourneyboard(options: StartOptions = {}): Promise<BenchServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const child = spawnNode(TARGET, 'server/src/main.ts', options.nodeFlags ?? [], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Load generators are stock clients with bare board ids, like the reference server's.
    ANONYMOUS_ROLE: 'editor',
    ...options.env,
  });
  return attach('journeyboard', child, /Journeyboard listening on (http:\/\/\S+)/, dataDir, (url) => `${url.replace(/^http/, 'ws')}/sync`);
}

export async function startReference(options: StartOptions = {}): Promise<BenchServer> {
  const child = spawnNode(ROOT, 'bench/referenceServer.ts', options.nodeFlags ?? [], { PORT: '0', HOST: '127.0.0.1', ...options.env });
  return attach('reference', child, /reference server listening on (http:\/\/\S+)/, undefined, (url) => url.replace(/^http/, 'ws'));
}

/** The least relay (bench/relayFloorServer.ts): a lower bound for what any server spends per update. */
export async function startRelayFloor(options: StartOptions = {}): Promise<BenchServer> {
  const child = spawnNode(ROOT, 'bench/relayFloorServer.ts', options.nodeFlags ?? [], { PORT: '0', HOST: '127.0.0.1', ...options.env });
  return attach('floor', child, /relay floor listening on (http:\/\/\S+)/, undefined, (url) => url.replace(/^http/, 'ws'));
}

export function startServerOf(kind: ServerKind, options: StartOptions = {}): Promise<BenchServer> {
  if (kind === 'journeyboard') return startJourneyboard(options);
  return kind === 'reference' ? startReference(options) : startRelayFloor(options);
}

function spawnNode(cwd: string, entry: string, nodeFlags: string[], env: Record<string, string>): ChildProcess {
  // `source .ci/services` exports DATABASE_URL / REDIS_URL; only benchmarks that ask for them
  // (scalefanout, through `env`) run on PostgreSQL and Redis, the others stay on SQLite.
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  const childEnv: Record<string, string | undefined> = { ...inherited, ...env };
  delete childEnv.NODE_OPTIONS;
  return spawn(
    process.execPath,
    ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', '--expose-gc', '--import', PROBE, ...nodeFlags, entry],
    { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
}

async function attach(
  kind: ServerKind,
  child: ChildProcess,
  listening: RegExp,
  dataDir: string | undefined,
  providerUrlOf: (url: string) => string,
): Promise<BenchServer> {
  const lines: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let output = '';
  let partial = '';
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));

  const onLine = (text: string): void => {
    if (!text.startsWith('{')) return;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    lines.push(line);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(line)) waiter.resolve(line);
      else waiters.push(waiter);
    }
  };

  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start in time:\n${output}`)), STARTUP_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) {
        if (output.length < 20_000) output += `${part}\n`;
        const match = listening.exec(part);
        if (match?.[1]) {
          clearTimeout(timer);
          resolvePromise(match[1]);
        }
        onLine(part);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (output.length < 20_000) output += text;
      if (process.env.BENCH_VERBOSE) process.stderr.write(`[${kind}] ${text}`);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited before listening:\n${output}`));
    });
  });

  let nextId = 1;
  const pending = new Map<number, (reply: ProbeReply) => void>();
  child.on('message', (message: unknown) => {
    const reply = message as ProbeReply;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const ask = (request: Omit<ProbeRequest, 'id'>): Promise<ProbeReply> =>
    new Promise((resolvePromise, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`probe ${request.probe} timed out`)), 60_000);
      pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.probe === 'error') reject(new Error(reply.message));
        else resolvePromise(reply);
      });
      child.send({ ...request, id });
    });

  return {
    kind,
    url,
    providerUrl: providerUrlOf(url),
    pid: child.pid ?? -1,
    dataDir,
    logLines: () => lines,
    waitForLog: (match, { after = 0, timeoutMs = 60_000 } = {}) => {
      const found = lines.slice(after).find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`${kind} server: expected log line did not appear in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          match,
          resolve: (line) => {
            clearTimeout(timer);
            resolvePromise(line);
          },
        });
      });
    },
    memory: async () => {
      const reply = await ask({ probe: 'memory', gc: true } as Omit<ProbeRequest, 'id'>);
      if (reply.probe !== 'memory') throw new Error('unexpected probe reply');
      if (!reply.gcAvailable) throw new Error('server runs without --expose-gc');
      return reply.memory;
    },
    profileStart: async (intervalUs = 500) => {
      await ask({ probe: 'profile-start', intervalUs } as Omit<ProbeRequest, 'id'>);
    },
    profileStop: async (path) => {
      await ask({ probe: 'profile-stop', path } as Omit<ProbeRequest, 'id'>);
    },
    loopStart: async () => {
      await ask({ probe: 'loop-start' });
    },
    loopStop: async () => {
      const reply = await ask({ probe: 'loop-stop' });
      if (reply.probe !== 'loop') throw new Error('unexpected probe reply');
      return reply.loop;
    },
    stop: async (options = {}) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (dataDir && !options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createBoards(server: BenchServer, count: number, title = 'Bench board'): Promise<string[]> {
  if (server.kind !== 'journeyboard') {
    // The reference server (and the relay floor) has no board catalog: any room name is a document.
    return Array.from({ length: count }, (_, i) => `bench-room-${i.toString().padStart(5, '0')}-${Date.now().toString(36)}`);
  }
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `${title} ${i + 1}` }),
    });
    if (response.status !== 201) throw new Error(`creating a board failed: ${response.status} ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}
