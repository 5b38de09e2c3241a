import { z } from 'zod';
import { AgendaSchema, WorkshopStateSchema } from './agenda.ts';
import { EmotionScoresSchema } from './emotionScores.ts';
import { PrivateModeSchema } from './privateMode.ts';
import { TimerStateSchema } from './timer.ts';
import { VoteRoundSchema, VoteRoundsSchema } from './votes.ts';

/**
 * Keys of the server-owned session map (DocLayout.session). Only the server writes there
 * (facilitators change it through /api/boards/:id/session/...); the server's guard reverts
 * any participant's write, so a forged "start timer" or "reveal votes" never sticks.
 */
export const SessionKey = {
  timer: 'timer',
  votes: 'votes',
  privateMode: 'privateMode',
  emotionScores: 'emotionScores',
  agenda: 'agenda',
  workshop: 'workshop',
} as const;

export const SESSION_SCHEMAS = {
  [SessionKey.timer]: TimerStateSchema,
  [SessionKey.votes]: VoteRoundsSchema,
  [SessionKey.privateMode]: PrivateModeSchema,
  [SessionKey.emotionScores]: EmotionScoresSchema,
  [SessionKey.agenda]: AgendaSchema,
  [SessionKey.workshop]: WorkshopStateSchema,
} as const;

export const ServerTimeSchema = z.object({ now: z.number() });

/** Reads one session value; anything that does not match its schema counts as absent. */
export function readSessionValue<K extends keyof typeof SESSION_SCHEMAS>(
  map: { get(key: string): unknown },
  key: K,
): z.infer<(typeof SESSION_SCHEMAS)[K]> | null {
  const parsed = SESSION_SCHEMAS[key].safeParse(map.get(key));
  return parsed.success ? (parsed.data as z.infer<(typeof SESSION_SCHEMAS)[K]>) : null;
}

/** Answers of the session commands: the new state, which every browser also receives through the doc. */
export const TimerAnswerSchema = z.object({ timer: TimerStateSchema.nullable(), now: z.number() });
export const PrivateModeAnswerSchema = z.object({ privateMode: PrivateModeSchema.nullable() });
export const VoteRoundAnswerSchema = z.object({ round: VoteRoundSchema });
