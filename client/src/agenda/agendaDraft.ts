/**
 * The facilitator's agenda while it is edited: pure helpers over the steps, so the tab's
 * component only wires them to inputs.
 */
import { AgendaSchema, MAX_AGENDA_STEPS, MAX_TIMER_MS, type Agenda, type AgendaStep, type StepActivity } from '../../../shared/src/index.ts';

export const ACTIVITY_KINDS = ['free', 'discussion', 'private', 'vote', 'emotionScoring'] as const satisfies readonly StepActivity['kind'][];
export const MAX_STEP_MINUTES = Math.floor(MAX_TIMER_MS / 60_000);
const DEFAULT_MINUTES = 10;

/** The activity of `kind` with its usual settings (a three-dot vote, revealed when the step ends). */
export function defaultActivity(kind: StepActivity['kind']): StepActivity {
  switch (kind) {
    case 'private':
      return { kind, revealAtEnd: true };
    case 'vote':
      return { kind, budget: 3, allowMultiplePerCard: false, revealAtEnd: true };
    default:
      return { kind };
  }
}

export function newStep(title: string): AgendaStep {
  return { id: `step-${crypto.randomUUID().slice(0, 12)}`, title, instructions: '', area: null, timeboxMs: DEFAULT_MINUTES * 60_000, activity: { kind: 'free' } };
}

/** `steps` with the step at `from` moved to `to` (both indices into `steps`). */
export function moveStep<T>(steps: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= steps.length || to >= steps.length) return [...steps];
  const next = [...steps];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

export function canAddStep(steps: readonly AgendaStep[]): boolean {
  return steps.length < MAX_AGENDA_STEPS;
}

/** The agenda to save, or what is wrong with it in the words of the first problem found. */
export function validateDraft(steps: readonly AgendaStep[], titleRequired: string): { agenda: Agenda } | { problem: string } {
  const untitled = steps.findIndex((step) => step.title.trim() === '');
  if (untitled >= 0) return { problem: `${untitled + 1}: ${titleRequired}` };
  const parsed = AgendaSchema.safeParse({ steps });
  if (parsed.success) return { agenda: parsed.data };
  const issue = parsed.error.issues[0];
  const stepIndex = issue?.path[1];
  return { problem: `${typeof stepIndex === 'number' ? `${stepIndex + 1}: ` : ''}${issue?.message ?? 'invalid agenda'}` };
}

export function totalMinutes(steps: readonly AgendaStep[]): number {
  return Math.round(steps.reduce((sum, step) => sum + step.timeboxMs, 0) / 60_000);
}
