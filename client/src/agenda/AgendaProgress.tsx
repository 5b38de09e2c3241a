import type { AgendaStep, WorkshopState } from '../../../shared/src/index.ts';
import { formatMessage } from '../i18n/messages.ts';
import { totalMinutes } from './agendaDraft.ts';
import { useAgendaMessages } from './agendaMessages.ts';

/** The step the workshop is on, or null while it is not running. */
export function runningIndex(workshop: WorkshopState | null): number | null {
  return workshop?.status === 'running' ? workshop.stepIndex : null;
}

/** Where the group is in the agenda (or, before and after, its length). */
export function Progress({ steps, workshop }: { steps: readonly AgendaStep[]; workshop: WorkshopState | null }) {
  const t = useAgendaMessages();
  const current = runningIndex(workshop);
  if (current === null) {
    return (
      <p className="jb-agenda-summary" data-testid="agenda-progress" data-status={workshop?.status ?? 'none'}>
        {workshop?.status === 'ended' ? `${t.ended} · ` : ''}
        {formatMessage(t.notRunning, { count: steps.length, total: totalMinutes(steps) })}
      </p>
    );
  }
  const elapsed = totalMinutes(steps.slice(0, current));
  return (
    <div className="jb-agenda-summary" data-testid="agenda-progress" data-status="running">
      <span>{formatMessage(t.progress, { index: current + 1, count: steps.length, elapsed, total: totalMinutes(steps) })}</span>
      <span className="jb-agenda-meter" aria-hidden="true">
        <span style={{ width: `${((current + 1) / Math.max(1, steps.length)) * 100}%` }} />
      </span>
    </div>
  );
}
