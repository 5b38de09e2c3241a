import { z } from 'zod';

/** Longest countdown a facilitator can set: a workshop day. */
export const MAX_TIMER_MS = 8 * 60 * 60 * 1000;

/**
 * The shared countdown, stamped with the SERVER's clock: a running timer stores when it ends,
 * so every browser (and a late joiner) computes the same remaining time from its offset to
 * the server, whatever its own clock says.
 */
export const TimerStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('running'), durationMs: z.number().int().positive(), endsAt: z.number() }),
  z.object({ status: z.literal('paused'), durationMs: z.number().int().positive(), remainingMs: z.number().int().nonnegative() }),
]);
export type TimerState = z.infer<typeof TimerStateSchema>;

export const TimerCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start'), durationMs: z.number().int().positive().max(MAX_TIMER_MS) }),
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('resume') }),
  z.object({ action: z.literal('add'), ms: z.number().int().min(-MAX_TIMER_MS).max(MAX_TIMER_MS) }),
  z.object({ action: z.literal('stop') }),
]);
export type TimerCommand = z.infer<typeof TimerCommandSchema>;

export function remainingMs(timer: TimerState, serverNow: number): number {
  return timer.status === 'paused' ? timer.remainingMs : Math.max(0, timer.endsAt - serverNow);
}

/** The timer after a facilitator's command at server time `now`; null means "no timer". */
export function applyTimerCommand(timer: TimerState | null, command: TimerCommand, now: number): TimerState | null {
  switch (command.action) {
    case 'start':
      return { status: 'running', durationMs: command.durationMs, endsAt: now + command.durationMs };
    case 'stop':
      return null;
    case 'pause':
      return timer?.status === 'running' ? { status: 'paused', durationMs: timer.durationMs, remainingMs: remainingMs(timer, now) } : timer;
    case 'resume':
      return timer?.status === 'paused' ? { status: 'running', durationMs: timer.durationMs, endsAt: now + timer.remainingMs } : timer;
    case 'add': {
      if (!timer) return null;
      const remaining = Math.min(MAX_TIMER_MS, Math.max(0, remainingMs(timer, now) + command.ms));
      const durationMs = Math.max(1, Math.min(MAX_TIMER_MS, timer.durationMs + command.ms));
      return timer.status === 'paused'
        ? { status: 'paused', durationMs, remainingMs: remaining }
        : { status: 'running', durationMs, endsAt: now + remaining };
    }
  }
}

/** "4:05" for 245 000 ms; rounds up so the display reaches 0:00 exactly when the time is up. */
export function formatRemaining(ms: number): string {
  const totalSeconds = Math.ceil(Math.max(0, ms) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
