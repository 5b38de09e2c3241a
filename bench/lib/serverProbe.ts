/**
 * Preloaded (`node --import`) into a server process that a benchmark starts, never into
 * production. Answers the benchmark over the IPC channel: heap figures after a forced GC
 * (needs --expose-gc) and an in-process CPU profile of a chosen window. It does nothing
 * unless asked, so it does not distort what it measures.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';

export type ProbeRequest =
  | { probe: 'memory'; id: number; gc: boolean }
  | { probe: 'profile-start'; id: number; intervalUs: number }
  | { probe: 'profile-stop'; id: number; path: string }
  | { probe: 'elu-start'; id: number }
  | { probe: 'elu-stop'; id: number };

export interface ProbeMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export type ProbeReply =
  | { probe: 'memory'; id: number; memory: ProbeMemory; gcAvailable: boolean }
  | { probe: 'done'; id: number }
  | { probe: 'elu'; id: number; utilization: number }
  | { probe: 'error'; id: number; message: string };

function isRequest(message: unknown): message is ProbeRequest {
  return typeof message === 'object' && message !== null && 'probe' in message && 'id' in message;
}

let session: Session | undefined;
let eluStart: ReturnType<typeof performance.eventLoopUtilization> | undefined;

async function answer(request: ProbeRequest): Promise<ProbeReply> {
  switch (request.probe) {
    case 'memory': {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (request.gc && gc) {
        // Twice: the first pass may only queue finalizers (ws buffers, Yjs docs) for the second.
        gc();
        await new Promise((resolve) => setImmediate(resolve));
        gc();
      }
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      return { probe: 'memory', id: request.id, memory: { rss, heapUsed, heapTotal, external, arrayBuffers }, gcAvailable: gc !== undefined };
    }
    case 'profile-start': {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: request.intervalUs });
      await session.post('Profiler.start');
      return { probe: 'done', id: request.id };
    }
    case 'profile-stop': {
      if (!session) throw new Error('no profile running');
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = undefined;
      writeFileSync(request.path, JSON.stringify(profile));
      return { probe: 'done', id: request.id };
    }
    case 'elu-start':
      eluStart = performance.eventLoopUtilization();
      return { probe: 'done', id: request.id };
    case 'elu-stop': {
      const utilization = eluStart ? performance.eventLoopUtilization(eluStart).utilization : 0;
      return { probe: 'elu', id: request.id, utilization };
    }
  }
}

if (process.send) {
  process.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    answer(message).then(
      (reply) => process.send?.(reply),
      (error: unknown) => process.send?.({ probe: 'error', id: message.id, message: String(error) } satisfies ProbeReply),
    );
  });
  // The IPC channel must not keep a server alive that wants to exit.
  process.channel?.unref();
  // The benchmark is gone (crashed, interrupted): stop as a signal would, instead of lingering.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
