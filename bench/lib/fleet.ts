/** Starts bench/clientFleet.ts as a child process and drives it (see fleetProtocol.ts). */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { DriveResult, FleetCommand, FleetEvent, FleetRoom } from './fleetProtocol.ts';
import { ROOT } from './servers.ts';

export interface Fleet {
  pid: number;
  connect(providerUrl: string, rooms: FleetRoom[], options?: { batch?: number; timeoutMs?: number }): Promise<{ clients: number; ms: number }>;
  drive(options: { rate: number; warmupMs: number; measureMs: number; drainMs: number }): Promise<DriveResult>;
  move(recordIds: string[], rate: number, durationMs: number): Promise<{ sent: number; missing: string[] }>;
  close(): Promise<void>;
}

export function startFleet(): Fleet {
  const child: ChildProcess = fork(join(ROOT, 'bench/clientFleet.ts'), [], {
    cwd: ROOT,
    execArgv: [
      '--experimental-strip-types',
      '--disable-warning=ExperimentalWarning',
      // BENCH_FLEET_CPU_PROF=<dir>: profile the load generator itself (is it the bottleneck?).
      ...(process.env.BENCH_FLEET_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_FLEET_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let waiting: { resolve: (event: FleetEvent) => void; reject: (error: Error) => void } | undefined;
  child.on('message', (message: unknown) => {
    const event = message as FleetEvent;
    const current = waiting;
    waiting = undefined;
    if (!current) return;
    if (event.ev === 'error') current.reject(new Error(`client fleet: ${event.message}`));
    else current.resolve(event);
  });
  void exited.then(() => waiting?.reject(new Error('client fleet exited')));

  const request = (command: FleetCommand, timeoutMs: number): Promise<FleetEvent> =>
    new Promise((resolve, reject) => {
      if (waiting) throw new Error('client fleet is busy');
      const timer = setTimeout(() => reject(new Error(`client fleet: ${command.cmd} timed out`)), timeoutMs);
      waiting = {
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      child.send(command);
    });

  return {
    pid: child.pid ?? -1,
    connect: async (providerUrl, rooms, options = {}) => {
      const timeoutMs = options.timeoutMs ?? 60_000;
      const event = await request({ cmd: 'connect', providerUrl, rooms, batch: options.batch ?? 25, timeoutMs }, timeoutMs * 4);
      if (event.ev !== 'connected') throw new Error(`unexpected fleet event ${event.ev}`);
      return { clients: event.clients, ms: event.ms };
    },
    drive: async (options) => {
      const event = await request({ cmd: 'drive', ...options }, options.warmupMs + options.measureMs + options.drainMs + 30_000);
      if (event.ev !== 'driven') throw new Error(`unexpected fleet event ${event.ev}`);
      return event.result;
    },
    move: async (recordIds, rate, durationMs) => {
      const event = await request({ cmd: 'move', recordIds, rate, durationMs }, durationMs + 30_000);
      if (event.ev !== 'moved') throw new Error(`unexpected fleet event ${event.ev}`);
      return { sent: event.sent, missing: event.missing };
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ cmd: 'close' } satisfies FleetCommand);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
