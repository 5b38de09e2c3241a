import { z } from 'zod';

export const EMOTION_SCORE_MIN = -2;
export const EMOTION_SCORE_MAX = 2;
export const EmotionScoreSchema = z.number().int().min(EMOTION_SCORE_MIN).max(EMOTION_SCORE_MAX);

export interface ScoreSummary {
  median: number;
  min: number;
  max: number;
  count: number;
}

/** Median (mean of the middle two for an even count) and spread of one step's scores; null when nobody scored. */
export function summarizeScores(scores: readonly number[]): ScoreSummary | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, count: sorted.length };
}
