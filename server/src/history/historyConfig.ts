import { z } from 'zod';
import { ConfigError } from '../config.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Version-history settings, from the environment like every other setting. */
export const HistoryConfigSchema = z.object({
  /** Automatic checkpoints kept per board (named versions are always kept). */
  HISTORY_KEEP_AUTOMATIC: positiveInt(50),
  /** Quiet time after a burst of edits before an automatic checkpoint is taken. */
  HISTORY_QUIET_MS: positiveInt(60_000),
  /** During continuous editing, a checkpoint at least this often. */
  HISTORY_MAX_INTERVAL_MS: positiveInt(15 * 60_000),
});

export interface HistoryOptions {
  keepAutomatic: number;
  quietMs: number;
  maxIntervalMs: number;
}

export function loadHistoryOptions(env: NodeJS.ProcessEnv = process.env): HistoryOptions {
  const parsed = HistoryConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return {
    keepAutomatic: parsed.data.HISTORY_KEEP_AUTOMATIC,
    quietMs: parsed.data.HISTORY_QUIET_MS,
    maxIntervalMs: parsed.data.HISTORY_MAX_INTERVAL_MS,
  };
}
