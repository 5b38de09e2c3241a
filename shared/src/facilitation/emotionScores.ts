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

const id = z.string().min(1).max(200);

/** One participant's score for one step (stage) of a journey map. */
export const EmotionScoreEntrySchema = z.object({ mapId: id, stageId: id, voterId: z.string().min(1).max(100), score: EmotionScoreSchema });
export type EmotionScoreEntry = z.infer<typeof EmotionScoreEntrySchema>;
export const EmotionScoresSchema = z.array(EmotionScoreEntrySchema);

/** Sets (or with score null, withdraws) a participant's score for a step. */
export const EmotionScoreRequestSchema = EmotionScoreEntrySchema.extend({ score: EmotionScoreSchema.nullable() });
export type EmotionScoreRequest = z.infer<typeof EmotionScoreRequestSchema>;

export function withEmotionScore(scores: readonly EmotionScoreEntry[], request: EmotionScoreRequest): EmotionScoreEntry[] {
  const others = scores.filter((s) => !(s.mapId === request.mapId && s.stageId === request.stageId && s.voterId === request.voterId));
  return request.score === null ? others : [...others, { ...request, score: request.score }];
}

/** Median and spread of each scored step of a map, by stage id. */
export function stepSummaries(scores: readonly EmotionScoreEntry[], mapId: string): Map<string, ScoreSummary> {
  const byStage = new Map<string, number[]>();
  for (const entry of scores) {
    if (entry.mapId !== mapId) continue;
    byStage.set(entry.stageId, [...(byStage.get(entry.stageId) ?? []), entry.score]);
  }
  const summaries = new Map<string, ScoreSummary>();
  for (const [stageId, stageScores] of byStage) {
    const summary = summarizeScores(stageScores);
    if (summary) summaries.set(stageId, summary);
  }
  return summaries;
}
