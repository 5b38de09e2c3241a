import { useValue } from 'tldraw';
import type { Agenda, WorkshopState } from '../../../shared/src/index.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { formatMessage } from '../i18n/messages.ts';
import { ACTIVITY_LABELS } from './activityLabels.ts';
import { AgendaEditor } from './AgendaEditor.tsx';
import { useAgendaMessages } from './agendaMessages.ts';
import { Progress, runningIndex } from './AgendaProgress.tsx';
import { agendaSignals } from './agendaSignals.ts';
import './agenda.css';

/** The agenda in the side panel: everyone sees the steps and where the group is; facilitators edit and run it. */
export function AgendaTab() {
  const { session, role } = useBoardContext();
  const signals = agendaSignals(session.connection.doc);
  const agenda = useValue(signals.$agenda);
  const workshop = useValue(signals.$workshop);
  return role === 'facilitator' ? <AgendaEditor agenda={agenda} workshop={workshop} /> : <AgendaOverview agenda={agenda} workshop={workshop} />;
}

/** What participants see: the steps and where the group is. */
function AgendaOverview({ agenda, workshop }: { agenda: Agenda | null; workshop: WorkshopState | null }) {
  const t = useAgendaMessages();
  const steps = agenda?.steps ?? [];
  const current = runningIndex(workshop);
  if (steps.length === 0) {
    return (
      <p className="jb-side-hint" data-testid="agenda-tab">
        {t.noSteps}
      </p>
    );
  }
  return (
    <div className="jb-agenda" data-testid="agenda-tab">
      <Progress steps={steps} workshop={workshop} />
      <ol className="jb-agenda-steps" aria-label={t.steps}>
        {steps.map((step, index) => (
          <li key={step.id} className="jb-agenda-step" data-testid="agenda-step" data-current={index === current || undefined} aria-current={index === current ? 'step' : undefined}>
            <div className="jb-agenda-step-head">
              <span className="jb-agenda-step-number">{index + 1}</span>
              <span className="jb-agenda-step-title">{step.title}</span>
              {index === current ? <span className="jb-agenda-badge">{t.current}</span> : null}
              <span className="jb-agenda-step-minutes">{formatMessage(t.minutesShort, { minutes: Math.round(step.timeboxMs / 60_000) })}</span>
            </div>
            <p className="jb-agenda-step-activity">{t[ACTIVITY_LABELS[step.activity.kind]]}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
