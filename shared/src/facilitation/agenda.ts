/**
 * The run of show (issue 25): the facilitator's ordered steps and where the group is in them.
 * Both live in the server-owned session map (SessionKey.agenda, SessionKey.workshop), written only
 * through facilitator commands, so a participant's forged "next step" never sticks.
 */
import { z } from 'zod';
import { MAX_TIMER_MS } from './timer.ts';

export const MAX_AGENDA_STEPS = 30;
export const MAX_STEP_INSTRUCTIONS = 2000;

const shapeId = z.string().regex(/^shape:[^\s]{1,100}$/, 'an area is a shape id (shape:...)');

/** What the group does in a step; the server switches it on when the step starts and off when it ends. */
export const StepActivitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }),
  z.object({ kind: z.literal('discussion') }),
  /** Private mode is on during the step: everyone writes cards only they see until it ends. */
  z.object({ kind: z.literal('private'), revealAtEnd: z.boolean().default(true) }),
  /** A dot-voting round over the step's area (the whole board without one). */
  z.object({ kind: z.literal('vote'), budget: z.number().int().min(1).max(50), allowMultiplePerCard: z.boolean(), revealAtEnd: z.boolean().default(true) }),
  /** Everyone scores each stage of the step's journey map. */
  z.object({ kind: z.literal('emotionScoring') }),
]);
export type StepActivity = z.infer<typeof StepActivitySchema>;
export const STEP_ACTIVITY_KINDS = ['free', 'discussion', 'private', 'vote', 'emotionScoring'] as const;

export const AgendaStepSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  title: z.string().trim().min(1).max(200),
  /** Plain text; blank lines separate paragraphs. */
  instructions: z.string().max(MAX_STEP_INSTRUCTIONS),
  /** The journey map, workshop canvas or frame the step happens in; null: wherever people are. */
  area: shapeId.nullable(),
  timeboxMs: z.number().int().min(60_000).max(MAX_TIMER_MS),
  activity: StepActivitySchema,
});
export type AgendaStep = z.infer<typeof AgendaStepSchema>;

export const AgendaSchema = z
  .object({
    steps: z.array(AgendaStepSchema).max(MAX_AGENDA_STEPS),
  })
  .refine((agenda) => new Set(agenda.steps.map((s) => s.id)).size === agenda.steps.length, { message: 'step ids must be unique' });
export type Agenda = z.infer<typeof AgendaSchema>;

/** One step as it ran: when, and what its activity produced (the vote round, the private batch). */
export const StepRunSchema = z.object({
  stepId: z.string(),
  title: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  voteRoundId: z.string().nullable(),
});
export type StepRun = z.infer<typeof StepRunSchema>;

export const WorkshopStateSchema = z.object({
  /** Changes with every start: a summary and its webhook belong to one run of the workshop. */
  runId: z.string().min(1).max(64),
  status: z.enum(['running', 'ended']),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /** Index into the agenda's steps of the step in progress (the last one once ended). */
  stepIndex: z.number().int().nonnegative(),
  /** Every step started in this run, in the order they ran (going back adds a run of that step). */
  runs: z.array(StepRunSchema).max(500),
  /** Display names of everyone who was on the board while it ran. */
  participants: z.array(z.string().max(80)).max(500),
});
export type WorkshopState = z.infer<typeof WorkshopStateSchema>;

export const WorkshopCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start') }),
  z.object({ action: z.literal('next') }),
  z.object({ action: z.literal('previous') }),
  z.object({ action: z.literal('goto'), stepIndex: z.number().int().nonnegative().max(MAX_AGENDA_STEPS - 1) }),
  z.object({ action: z.literal('extend'), ms: z.number().int().min(-MAX_TIMER_MS).max(MAX_TIMER_MS) }),
  z.object({ action: z.literal('end') }),
]);
export type WorkshopCommand = z.infer<typeof WorkshopCommandSchema>;

export const AgendaAnswerSchema = z.object({ agenda: AgendaSchema });
export const WorkshopAnswerSchema = z.object({ workshop: WorkshopStateSchema });

/** "Step 3 of 7" and the step itself, for everyone's progress display; null when no step runs. */
export function currentStep(agenda: Agenda | null, workshop: WorkshopState | null): { step: AgendaStep; index: number; count: number } | null {
  if (!agenda || !workshop || workshop.status !== 'running') return null;
  const step = agenda.steps[workshop.stepIndex];
  return step ? { step, index: workshop.stepIndex, count: agenda.steps.length } : null;
}

/**
 * The step index a command moves to, or a reason it cannot: the pure part of the workshop's state
 * machine (switching activities on and off is the server's).
 */
export function nextStepIndex(command: WorkshopCommand, workshop: WorkshopState | null, stepCount: number): { index: number } | { problem: string } {
  if (stepCount === 0) return { problem: 'the agenda has no steps' };
  if (command.action === 'start') return { index: 0 };
  if (!workshop || workshop.status !== 'running') return { problem: 'the workshop is not running; start it first' };
  switch (command.action) {
    case 'next':
      return workshop.stepIndex + 1 < stepCount ? { index: workshop.stepIndex + 1 } : { problem: 'this is the last step; end the workshop instead' };
    case 'previous':
      return workshop.stepIndex > 0 ? { index: workshop.stepIndex - 1 } : { problem: 'this is the first step' };
    case 'goto':
      return command.stepIndex < stepCount ? { index: command.stepIndex } : { problem: `the agenda has ${stepCount} steps` };
    case 'extend':
    case 'end':
      return { index: workshop.stepIndex };
  }
}
