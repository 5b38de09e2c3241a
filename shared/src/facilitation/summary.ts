/**
 * The workshop summary (issue 25): what came out of each agenda step, then the decisions and
 * action items, who was there and how long it took. A pure function of the journey data and the
 * session state, so the API, the Export menu and the `workshop.ended` webhook say the same.
 */
import { z } from 'zod';
import { LocaleSchema, type Locale } from '../api.ts';
import { ActionItemSchema, byDueDate, type ActionItem } from '../journey/actions.ts';
import type { JourneyData } from '../journey/model.ts';
import { STEP_ACTIVITY_KINDS, type Agenda, type WorkshopState } from './agenda.ts';
import { stepSummaries, type EmotionScoreEntry } from './emotionScores.ts';
import type { VoteRound } from './votes.ts';

export const SUMMARY_SCHEMA_VERSION = 1;

const CardRefSchema = z.object({ id: z.string(), text: z.string() });

export const SummaryStepSchema = z.object({
  stepId: z.string(),
  title: z.string(),
  activity: z.enum(STEP_ACTIVITY_KINDS),
  area: z
    .object({ id: z.string(), kind: z.enum(['journeyMap', 'canvas', 'other']), title: z.string() })
    .nullable()
    .describe('where the step happened; "other" is a frame or shape the journey data does not read'),
  plannedMinutes: z.number(),
  /** Summed over every time the step ran; null for a step that never ran. */
  actualMinutes: z.number().nullable(),
  startedAt: z.string().datetime().nullable(),
  /** The cards in the step's area at the end: by stage and lane for a map, by region for a canvas. */
  groups: z.array(z.object({ label: z.string(), cards: z.array(CardRefSchema) })),
  /** The step's dot vote, most votes first; absent for other activities or a vote not revealed. */
  votes: z.array(CardRefSchema.extend({ votes: z.number().int().positive() })).optional(),
  /** Median and spread per stage of the step's map; absent unless the step scored emotions. */
  emotions: z.array(z.object({ stageId: z.string(), stage: z.string(), median: z.number(), min: z.number(), max: z.number(), count: z.number().int() })).optional(),
  /** Comment threads opened while the step ran. */
  commentsOpened: z.number().int().nonnegative(),
});
export type SummaryStep = z.infer<typeof SummaryStepSchema>;

export const WorkshopSummarySchema = z.object({
  schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
  board: z.object({ id: z.string(), title: z.string(), locale: LocaleSchema }),
  runId: z.string(),
  status: z.enum(['running', 'ended']),
  startedAt: z.string().datetime(),
  endedAt: z.string().datetime().nullable(),
  durationMinutes: z.number().describe('start to end (to now while it runs), rounded to a minute'),
  participants: z.array(z.string()),
  steps: z.array(SummaryStepSchema),
  decisions: z.array(ActionItemSchema),
  actions: z.array(ActionItemSchema),
});
export type WorkshopSummary = z.infer<typeof WorkshopSummarySchema>;

export interface SummaryInput {
  board: { id: string; title: string; locale: Locale };
  journey: JourneyData;
  agenda: Agenda;
  workshop: WorkshopState;
  voteRounds: readonly VoteRound[];
  emotionScores: readonly EmotionScoreEntry[];
  /** When each comment thread of the board was opened (ms). */
  threadsOpenedAt: readonly number[];
  /** The server's clock, for a workshop still running. */
  now: number;
}

const minutes = (ms: number): number => Math.round(ms / 60_000);
const iso = (ms: number): string => new Date(ms).toISOString();

function cardTexts(journey: JourneyData): Map<string, string> {
  const texts = new Map<string, string>();
  for (const map of journey.maps) for (const cell of map.cells) for (const card of cell.cards) texts.set(card.id, card.text);
  for (const canvas of journey.canvases) for (const region of canvas.regions) for (const card of region.cards) texts.set(card.id, card.text);
  for (const item of journey.unplaced) texts.set(item.id, item.text);
  return texts;
}

function areaOf(journey: JourneyData, areaId: string): { area: NonNullable<SummaryStep['area']>; groups: SummaryStep['groups'] } {
  const map = journey.maps.find((m) => m.id === areaId);
  if (map) {
    const stage = new Map(map.stages.map((s) => [s.id, s.label]));
    const lane = new Map(map.lanes.map((l) => [l.id, l.label]));
    const groups = map.cells
      .filter((cell) => cell.cards.length > 0)
      .map((cell) => ({ label: `${stage.get(cell.stageId) ?? ''} / ${lane.get(cell.laneId) ?? ''}`, cards: cell.cards.map(({ id, text }) => ({ id, text })) }));
    return { area: { id: map.id, kind: 'journeyMap', title: map.title }, groups };
  }
  const canvas = journey.canvases.find((c) => c.id === areaId);
  if (canvas) {
    const groups = canvas.regions.filter((r) => r.cards.length > 0).map((r) => ({ label: r.label, cards: r.cards.map(({ id, text }) => ({ id, text })) }));
    return { area: { id: canvas.id, kind: 'canvas', title: canvas.title }, groups };
  }
  return { area: { id: areaId, kind: 'other', title: '' }, groups: [] };
}

export function buildWorkshopSummary(input: SummaryInput): WorkshopSummary {
  const { journey, agenda, workshop } = input;
  const texts = cardTexts(journey);
  const rounds = new Map(input.voteRounds.map((round) => [round.id, round]));

  const steps = agenda.steps.map((step): SummaryStep => {
    const runs = workshop.runs.filter((run) => run.stepId === step.id);
    const ranFor = runs.reduce((sum, run) => sum + ((run.endedAt ?? input.now) - run.startedAt), 0);
    const opened = input.threadsOpenedAt.filter((at) => runs.some((run) => at >= run.startedAt && at < (run.endedAt ?? input.now))).length;
    const { area, groups } = step.area ? areaOf(journey, step.area) : { area: null, groups: [] };
    const summary: SummaryStep = {
      stepId: step.id,
      title: step.title,
      activity: step.activity.kind,
      area,
      plannedMinutes: minutes(step.timeboxMs),
      actualMinutes: runs.length > 0 ? minutes(ranFor) : null,
      startedAt: runs[0] ? iso(runs[0].startedAt) : null,
      groups,
      commentsOpened: opened,
    };
    if (step.activity.kind === 'vote') {
      // The last revealed round of the step counts (a step run twice may have voted twice).
      const revealed = runs.map((run) => (run.voteRoundId ? rounds.get(run.voteRoundId) : undefined)).filter((round) => round?.status === 'revealed');
      const results = revealed.at(-1)?.results;
      if (results) {
        summary.votes = Object.entries(results)
          .map(([id, votes]) => ({ id, text: texts.get(id) ?? '', votes }))
          .sort((a, b) => b.votes - a.votes || a.text.localeCompare(b.text));
      }
    }
    if (step.activity.kind === 'emotionScoring' && area?.kind === 'journeyMap') {
      const map = journey.maps.find((m) => m.id === area.id);
      const byStage = stepSummaries(input.emotionScores, area.id);
      summary.emotions = (map?.stages ?? []).flatMap((stage) => {
        const scores = byStage.get(stage.id);
        return scores ? [{ stageId: stage.id, stage: stage.label, ...scores }] : [];
      });
    }
    return summary;
  });

  const items: ActionItem[] = [...(journey.actions ?? [])].sort(byDueDate);
  const end = workshop.endedAt ?? input.now;
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    board: input.board,
    runId: workshop.runId,
    status: workshop.status,
    startedAt: iso(workshop.startedAt),
    endedAt: workshop.endedAt === null ? null : iso(workshop.endedAt),
    durationMinutes: minutes(end - workshop.startedAt),
    participants: [...new Set(workshop.participants)].sort((a, b) => a.localeCompare(b)),
    steps,
    decisions: items.filter((item) => item.kind === 'decision'),
    actions: items.filter((item) => item.kind === 'action'),
  };
}
