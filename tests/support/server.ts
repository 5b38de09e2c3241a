/**
 * Starts the real server as a child process on a free port, the way `npm start`
 * runs it, so tests exercise exactly what users run (and can SIGKILL it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash at an arbitrary moment. */
  kill(): Promise<void>;
}

export interface StartServerOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** Reuse a port (e.g. after a restart, so reconnecting clients find it). */
  port?: number;
}

const ROOT = resolve(import.meta.dirname, '../..');
const STARTUP_TIMEOUT_MS = 20_000;

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'journeyboard-test-'));
}

/**
 * `source .ci/services` exports DATABASE_URL and REDIS_URL for the scale-out suites;
 * every other suite keeps testing the embedded SQLite default (scale-out suites pass them in `env`).
 */
function withoutScaleOut(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...rest } = env;
  return rest;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const child = spawn(
    process.execPath,
    ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'server/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...withoutScaleOut(process.env),
        PORT: String(options.port ?? 0),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        // Most suites test sync, not access control: they use bare board ids. Auth suites override.
        ANONYMOUS_ROLE: 'editor',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), STARTUP_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Journeyboard listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  const port = Number(new URL(url).port);
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port,
    dataDir,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The messages a server started with LOG_LEVEL=debug logged about one board, in order. */
export function logMessagesOf(server: Pick<RunningServer, 'output'>, boardId: string): string[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; boardId?: string })
    .filter((line) => line.boardId === boardId)
    .map((line) => line.msg);
}

export async function createBoard(serverUrl: string, title = 'Test board'): Promise<string> {
  const response = await fetch(`${serverUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`creating a board failed: ${response.status} ${await response.text()}`);
  const board = (await response.json()) as { id: string };
  return board.id;
}
