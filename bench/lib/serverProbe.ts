/**
 * Preloaded (`node --import`) into a server process that a benchmark starts, never into
 * production. Answers the benchmark over the IPC channel: heap figures after a forced GC
 * (needs --expose-gc), an in-process CPU profile of a chosen window, and the event loop's
 * stalls in a window (delay histogram, garbage-collection pauses). It does nothing unless
 * asked, so it does not distort what it measures.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

export type ProbeRequest =
  | { probe: 'memory'; id: number; gc: boolean }
  | { probe: 'profile-start'; id: number; intervalUs: number }
  | { probe: 'profile-stop'; id: number; path: string }
  | { probe: 'loop-start'; id: number }
  | { probe: 'loop-stop'; id: number };

/** How the event loop fared in a window: what delays every message the server handles. */
export interface ProbeLoop {
  /** Share of the window the loop was busy (0..1). */
  utilization: number;
  /** Event-loop delay percentiles and maximum, ms (sampled every millisecond). */
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  /** Garbage-collection pauses in the window. */
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

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
  | { probe: 'loop'; id: number; loop: ProbeLoop }
  | { probe: 'error'; id: number; message: string };

function isRequest(message: unknown): message is ProbeRequest {
  return typeof message === 'object' && message !== null && 'probe' in message && 'id' in message;
}

let session: Session | undefined;
interface LoopWindow {
  utilization: ReturnType<typeof performance.eventLoopUtilization>;
  delay: ReturnType<typeof monitorEventLoopDelay>;
  gcPauses: number[];
  gcObserver: PerformanceObserver;
}
let loopWindow: LoopWindow | undefined;

function startLoopWindow(): LoopWindow {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const gcPauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push(entry.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  return { utilization: performance.eventLoopUtilization(), delay, gcPauses, gcObserver };
}

function stopLoopWindow(window: LoopWindow): ProbeLoop {
  window.delay.disable();
  window.gcObserver.disconnect();
  const ms = (ns: number): number => ns / 1e6;
  return {
    utilization: performance.eventLoopUtilization(window.utilization).utilization,
    delayP50Ms: ms(window.delay.percentile(50)),
    delayP99Ms: ms(window.delay.percentile(99)),
    delayMaxMs: ms(window.delay.max),
    gcCount: window.gcPauses.length,
    gcTotalMs: window.gcPauses.reduce((sum, pause) => sum + pause, 0),
    gcMaxMs: Math.max(0, ...window.gcPauses),
  };
}

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
    case 'loop-start':
      if (loopWindow) stopLoopWindow(loopWindow);
      loopWindow = startLoopWindow();
      return { probe: 'done', id: request.id };
    case 'loop-stop': {
      if (!loopWindow) throw new Error('no loop window running');
      const loop = stopLoopWindow(loopWindow);
      loopWindow = undefined;
      return { probe: 'loop', id: request.id, loop };
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
