/**
 * CPU and memory of another process, read from /proc (Linux), so the process being
 * measured runs nothing extra for it.
 */
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on every Linux we run on). */
const CLOCK_TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface ProcSample {
  /** performance.now() of the reading. */
  at: number;
  /** User + system CPU time of the process so far, in ms. */
  cpuMs: number;
  /** The system (kernel) part of cpuMs: socket and file writes, mostly. */
  systemCpuMs: number;
  rssBytes: number;
  /** Write system calls (write, writev, send...) so far: one per socket write on a loopback benchmark. */
  writeCalls: number;
}

/** /proc/<pid>/io's syscw, or NaN where it cannot be read (another user's process). */
function readWriteCalls(pid: number): number {
  try {
    const match = /^syscw:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return match?.[1] ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function readProcSample(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: parse after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { at: performance.now(), cpuMs: ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND, systemCpuMs: (stime * 1000) / CLOCK_TICKS_PER_SECOND, rssBytes: rssPages * PAGE_BYTES, writeCalls: readWriteCalls(pid) };
  } catch {
    return undefined;
  }
}

/** Peak resident set size since the process started (VmHWM). */
export function readPeakRss(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time of the whole machine so far (all cores), busy and total, in ms. */
export function readMachineCpu(): { busyMs: number; totalMs: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busyMs: ((total - idle) * 1000) / CLOCK_TICKS_PER_SECOND, totalMs: (total * 1000) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** Busy CPU of the whole machine while `sampler` ran, in % of one core. */
export class MachineSampler {
  private first: { busyMs: number; totalMs: number; at: number } | undefined;

  start(): void {
    const cpu = readMachineCpu();
    this.first = cpu ? { ...cpu, at: performance.now() } : undefined;
  }

  /** Busy % of one core (all processes), over the time since start(). */
  stop(): number {
    const last = readMachineCpu();
    if (!this.first || !last) return 0;
    const elapsedMs = performance.now() - this.first.at;
    return elapsedMs > 0 ? ((last.busyMs - this.first.busyMs) / elapsedMs) * 100 : 0;
  }
}

/** Waits (bounded) until other work on the machine is below `maxPercent` of one core; returns the last reading. */
export async function waitForQuietMachine(maxPercent = 30, timeoutMs = 5_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let busy = 0;
  do {
    const sampler = new MachineSampler();
    sampler.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    busy = sampler.stop();
  } while (busy > maxPercent && performance.now() < deadline);
  return busy;
}

export interface ProcWindow {
  /** CPU use over the window, in % of one core (200 = both cores of this machine). */
  cpuPercent: number;
  /** The part of cpuPercent spent in the kernel. */
  systemCpuPercent: number;
  rssEndBytes: number;
  rssMaxBytes: number;
  seconds: number;
  /** Write system calls over the window. */
  writeCalls: number;
}

/** Samples a process every `intervalMs` between start() and stop(). */
export class ProcSampler {
  private readonly pid: number;
  private readonly intervalMs: number;
  private first: ProcSample | undefined;
  private last: ProcSample | undefined;
  private rssMax = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(pid: number, intervalMs = 250) {
    this.pid = pid;
    this.intervalMs = intervalMs;
  }

  start(): void {
    this.first = readProcSample(this.pid);
    this.last = this.first;
    this.rssMax = this.first?.rssBytes ?? 0;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): ProcWindow {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const first = this.first;
    const last = this.last;
    if (!first || !last || last.at <= first.at) return { cpuPercent: 0, systemCpuPercent: 0, rssEndBytes: last?.rssBytes ?? 0, rssMaxBytes: this.rssMax, seconds: 0, writeCalls: 0 };
    return {
      cpuPercent: ((last.cpuMs - first.cpuMs) / (last.at - first.at)) * 100,
      systemCpuPercent: ((last.systemCpuMs - first.systemCpuMs) / (last.at - first.at)) * 100,
      rssEndBytes: last.rssBytes,
      rssMaxBytes: this.rssMax,
      seconds: (last.at - first.at) / 1000,
      writeCalls: last.writeCalls - first.writeCalls,
    };
  }

  private sample(): void {
    const sample = readProcSample(this.pid);
    if (!sample) return;
    this.last = sample;
    this.rssMax = Math.max(this.rssMax, sample.rssBytes);
  }
}
