import type { AgendaStep, StepActivity } from '../../../shared/src/index.ts';
import { ACTIVITY_LABELS } from './activityLabels.ts';
import { ACTIVITY_KINDS, defaultActivity, MAX_STEP_MINUTES } from './agendaDraft.ts';
import type { AreaChoice } from './agendaAreas.ts';
import { useAgendaMessages } from './agendaMessages.ts';

/** One step's settings, open under its row in the facilitator's agenda. */
export function StepFields({
  step,
  areas,
  onChange,
  onActivityChange,
}: {
  step: AgendaStep;
  areas: AreaChoice[];
  onChange: (change: Partial<AgendaStep>) => void;
  onActivityChange: (change: Partial<StepActivity>) => void;
}) {
  const t = useAgendaMessages();
  const activity = step.activity;
  const areaMissing = step.area !== null && !areas.some((area) => area.id === step.area);
  return (
    <div className="jb-agenda-fields" data-testid="agenda-step-fields">
      <label className="jb-field">
        <span>{t.stepTitle}</span>
        <input data-testid="agenda-step-title" value={step.title} maxLength={200} onChange={(e) => onChange({ title: e.target.value })} />
      </label>
      <label className="jb-field">
        <span>{t.instructions}</span>
        <textarea data-testid="agenda-step-instructions" rows={3} value={step.instructions} maxLength={2000} onChange={(e) => onChange({ instructions: e.target.value })} />
      </label>
      <label className="jb-field">
        <span>{t.area}</span>
        <select data-testid="agenda-step-area" value={step.area ?? ''} onChange={(e) => onChange({ area: e.target.value || null })}>
          <option value="">{t.noArea}</option>
          {areaMissing ? <option value={step.area!}>{step.area}</option> : null}
          {areas.map((area) => (
            <option key={area.id} value={area.id}>
              {area.label}
            </option>
          ))}
        </select>
      </label>
      <div className="jb-agenda-field-row">
        <NumberField label={t.minutes} testId="agenda-step-minutes" max={MAX_STEP_MINUTES} value={Math.round(step.timeboxMs / 60_000)} onChange={(minutes) => onChange({ timeboxMs: minutes * 60_000 })} />
        <label className="jb-field">
          <span>{t.activity}</span>
          <select data-testid="agenda-step-activity" value={activity.kind} onChange={(e) => onChange({ activity: defaultActivity(e.target.value as StepActivity['kind']) })}>
            {ACTIVITY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t[ACTIVITY_LABELS[kind]]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {activity.kind === 'vote' ? (
        <NumberField label={t.voteBudget} testId="agenda-step-budget" max={50} value={activity.budget} onChange={(budget) => onActivityChange({ budget })} />
      ) : null}
      {activity.kind === 'vote' ? (
        <label className="jb-agenda-toggle">
          <input type="checkbox" data-testid="agenda-step-multiple" checked={activity.allowMultiplePerCard} onChange={(e) => onActivityChange({ allowMultiplePerCard: e.target.checked })} />
          <span>{t.multiplePerCard}</span>
        </label>
      ) : null}
      {activity.kind === 'vote' || activity.kind === 'private' ? (
        <label className="jb-agenda-toggle">
          <input type="checkbox" data-testid="agenda-step-reveal" checked={activity.revealAtEnd} onChange={(e) => onActivityChange({ revealAtEnd: e.target.checked })} />
          <span>{t.revealAtEnd}</span>
        </label>
      ) : null}
    </div>
  );
}

/** A whole number from 1 to `max`; an emptied field is NaN, which the draft's validation names. */
function NumberField({ label, testId, max, value, onChange }: { label: string; testId: string; max: number; value: number; onChange: (value: number) => void }) {
  return (
    <label className="jb-field">
      <span>{label}</span>
      <input
        data-testid={testId}
        type="number"
        min={1}
        max={max}
        value={Number.isFinite(value) ? value : ''}
        onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Math.round(Number(e.target.value)))}
      />
    </label>
  );
}
