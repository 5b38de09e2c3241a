import { useCallback, useEffect, useRef, useState } from 'react';
import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel, useEditor, useValue, type Editor } from 'tldraw';
import {
  AGENDA_TEMPLATE_IDS,
  AGENDA_TEMPLATES,
  agendaFromTemplate,
  JOURNEY_MAP_SHAPE,
  WORKSHOP_CANVAS_SHAPE,
  type Agenda,
  type AgendaStep,
  type AgendaTemplateId,
  type StepActivity,
  type WorkshopState,
} from '../../../shared/src/index.ts';
import { ApiRequestError, describeError } from '../api/apiClient.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { formatMessage } from '../i18n/messages.ts';
import { useUiLocale } from '../i18n/useMessages.ts';
import { putAgenda } from './agendaApi.ts';
import { ACTIVITY_KINDS, canAddStep, defaultActivity, MAX_STEP_MINUTES, moveStep, newStep, totalMinutes, validateDraft } from './agendaDraft.ts';
import { useAgendaMessages, type AgendaMessages } from './agendaMessages.ts';
import { agendaSignals } from './agendaSignals.ts';
import { placeAgendaTemplateCanvases } from './placeAgendaTemplate.ts';
import { useWorkshopCommand } from './useWorkshopCommand.ts';
import { WorkshopCommandError } from './WorkshopCommandError.tsx';
import './agenda.css';

const SAVE_DELAY_MS = 700;
const EXTEND_MS = 5 * 60_000;
/** The canvases just placed reach the server through the board's connection, the agenda through HTTP: the agenda may arrive first. */
const AREA_RETRIES = 10;
const AREA_RETRY_MS = 300;

const ACTIVITY_LABELS: Record<StepActivity['kind'], keyof AgendaMessages> = {
  free: 'activityFree',
  discussion: 'activityDiscussion',
  private: 'activityPrivate',
  vote: 'activityVote',
  emotionScoring: 'activityEmotionScoring',
};

interface AreaChoice {
  id: string;
  label: string;
}

/** The shapes a step can happen in: journey maps, workshop canvases and frames, by title. */
function areaChoices(editor: Editor, untitled: string): AreaChoice[] {
  const choices: AreaChoice[] = [];
  for (const shape of editor.getCurrentPageShapesSorted()) {
    const props = shape.props as { title?: unknown; name?: unknown };
    if (shape.type === JOURNEY_MAP_SHAPE || shape.type === WORKSHOP_CANVAS_SHAPE) choices.push({ id: shape.id, label: (typeof props.title === 'string' && props.title.trim()) || untitled });
    else if (shape.type === 'frame') choices.push({ id: shape.id, label: (typeof props.name === 'string' && props.name.trim()) || untitled });
  }
  return choices;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The agenda in the side panel: everyone sees the steps and where the group is; facilitators edit and run it. */
export function AgendaTab() {
  const { session, role } = useBoardContext();
  const signals = agendaSignals(session.connection.doc);
  const agenda = useValue(signals.$agenda);
  const workshop = useValue(signals.$workshop);
  return role === 'facilitator' ? <AgendaEditor agenda={agenda} workshop={workshop} /> : <AgendaOverview agenda={agenda} workshop={workshop} />;
}

function runningIndex(workshop: WorkshopState | null): number | null {
  return workshop?.status === 'running' ? workshop.stepIndex : null;
}

function Progress({ steps, workshop }: { steps: readonly AgendaStep[]; workshop: WorkshopState | null }) {
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

type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'invalid'; problem: string } | { kind: 'error'; message: string };

/** The facilitator's draft of the agenda: edits are saved (PUT) a moment after the last one, or when the panel loses focus. */
function useAgendaDraft(agenda: Agenda | null) {
  const { session } = useBoardContext();
  const t = useAgendaMessages();
  const boardId = session.connection.boardId;
  const [steps, setSteps] = useState<AgendaStep[]>(agenda?.steps ?? []);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  // Unsaved edits win over the board's agenda; once saved, the board's (also another facilitator's) is shown.
  const unsaved = useRef<AgendaStep[] | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // What was last sent, as sent (trimmed) and as typed: the board's echo of it keeps what was typed
  // (a trailing space about to be followed by the next word).
  const lastSent = useRef<{ json: string; typed: AgendaStep[] } | null>(null);

  useEffect(() => {
    if (unsaved.current !== null) return;
    const sent = lastSent.current;
    setSteps(sent && agenda && JSON.stringify(agenda) === sent.json ? sent.typed : (agenda?.steps ?? []));
  }, [agenda]);

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    const draft = unsaved.current;
    if (draft === null) return;
    const checked = validateDraft(draft, t.titleRequired);
    if ('problem' in checked) {
      setStatus({ kind: 'invalid', problem: checked.problem });
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      lastSent.current = { json: JSON.stringify(checked.agenda), typed: draft };
      await putAgenda(boardId, checked.agenda);
      // Edits made while this one was on its way stay unsaved (and are saved next).
      if (unsaved.current === draft) unsaved.current = null;
      setStatus({ kind: 'saved' });
    } catch (error) {
      setStatus({ kind: 'error', message: formatMessage(t.failed, { reason: describeError(error) }) });
    }
  }, [boardId, t]);

  const edit = useCallback(
    (change: (steps: AgendaStep[]) => AgendaStep[]) => {
      setSteps((current) => {
        const next = change(current);
        unsaved.current = next;
        return next;
      });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), SAVE_DELAY_MS);
    },
    [save],
  );

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      // Closing the panel keeps what was typed: the last edits are still sent.
      if (unsaved.current !== null) void save();
    },
    [save],
  );

  return { steps, status, edit, save, setStatus };
}

function AgendaEditor({ agenda, workshop }: { agenda: Agenda | null; workshop: WorkshopState | null }) {
  const t = useAgendaMessages();
  const editor = useEditor();
  const locale = useUiLocale();
  const { session } = useBoardContext();
  const boardId = session.connection.boardId;
  const { steps, status, edit, save, setStatus } = useAgendaDraft(agenda);
  const command = useWorkshopCommand();
  const areas = useValue('agenda areas', () => areaChoices(editor, t.untitledShape), [editor, t]);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [pendingTemplate, setPendingTemplate] = useState<AgendaTemplateId | null>(null);
  const current = runningIndex(workshop);
  const running = current !== null;

  const updateStep = (index: number, change: Partial<AgendaStep>) => edit((all) => all.map((step, i) => (i === index ? { ...step, ...change } : step)));
  const updateActivity = (index: number, change: Partial<StepActivity>) =>
    edit((all) => all.map((step, i) => (i === index ? { ...step, activity: { ...step.activity, ...change } as StepActivity } : step)));

  const placeTemplate = async (id: AgendaTemplateId) => {
    setPendingTemplate(null);
    const template = AGENDA_TEMPLATES[id];
    const placed = placeAgendaTemplateCanvases(editor, template, locale);
    const next = agendaFromTemplate(template, locale, placed);
    setStatus({ kind: 'saving' });
    for (let attempt = 0; ; attempt++) {
      try {
        await putAgenda(boardId, next);
        setStatus({ kind: 'saved' });
        return;
      } catch (error) {
        const areaNotThereYet = error instanceof ApiRequestError && error.status === 400 && attempt < AREA_RETRIES;
        if (!areaNotThereYet) {
          setStatus({ kind: 'error', message: formatMessage(t.failed, { reason: describeError(error) }) });
          return;
        }
        await sleep(AREA_RETRY_MS);
      }
    }
  };

  return (
    <div
      className="jb-agenda"
      data-testid="agenda-tab"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) void save();
      }}
    >
      <Progress steps={steps} workshop={workshop} />
      <div className="jb-agenda-controls" role="group" aria-label={t.workshopBanner}>
        {running ? (
          <>
            <TldrawUiButton type="icon" data-testid="agenda-previous" title={t.previous} aria-label={t.previous} disabled={command.busy || current === 0} onClick={() => command.send({ action: 'previous' })}>
              <TldrawUiButtonIcon icon="chevron-left" small />
            </TldrawUiButton>
            <TldrawUiButton type="normal" data-testid="agenda-next" disabled={command.busy || current + 1 >= steps.length} onClick={() => command.send({ action: 'next' })}>
              <TldrawUiButtonLabel>{t.next}</TldrawUiButtonLabel>
              <TldrawUiButtonIcon icon="chevron-right" small />
            </TldrawUiButton>
            <TldrawUiButton type="normal" data-testid="agenda-extend" disabled={command.busy} onClick={() => command.send({ action: 'extend', ms: EXTEND_MS })}>
              <TldrawUiButtonLabel>{t.extend}</TldrawUiButtonLabel>
            </TldrawUiButton>
            <TldrawUiButton type="normal" data-testid="agenda-end" disabled={command.busy} onClick={() => command.send({ action: 'end' })}>
              <TldrawUiButtonLabel>{t.end}</TldrawUiButtonLabel>
            </TldrawUiButton>
          </>
        ) : (
          <TldrawUiButton
            type="primary"
            data-testid="agenda-start"
            disabled={command.busy || steps.length === 0 || status.kind === 'saving' || status.kind === 'invalid'}
            onClick={() => void save().then(() => command.send({ action: 'start' }))}
          >
            <TldrawUiButtonIcon icon="chevron-right" small />
            <TldrawUiButtonLabel>{workshop?.status === 'ended' ? t.restart : t.start}</TldrawUiButtonLabel>
          </TldrawUiButton>
        )}
      </div>
      <WorkshopCommandError error={command.error} testId="agenda-command-error" />

      <h3 className="jb-agenda-heading">{t.steps}</h3>
      {steps.length === 0 ? <p className="jb-side-hint">{t.noStepsFacilitator}</p> : null}
      <ol className="jb-agenda-steps" aria-label={t.steps}>
        {steps.map((step, index) => {
          const open = expanded === step.id;
          const minutes = Math.round(step.timeboxMs / 60_000);
          return (
            <li
              key={step.id}
              className="jb-agenda-step"
              data-testid="agenda-step"
              data-step-id={step.id}
              data-current={index === current || undefined}
              data-drop-target={(dragFrom !== null && dragFrom !== index) || undefined}
              aria-current={index === current ? 'step' : undefined}
              onDragOver={(event) => {
                if (dragFrom !== null) event.preventDefault();
              }}
              onDrop={(event) => {
                event.preventDefault();
                if (dragFrom !== null) edit((all) => moveStep(all, dragFrom, index));
                setDragFrom(null);
              }}
            >
              <div
                className="jb-agenda-step-head"
                draggable
                onDragStart={(event) => {
                  event.dataTransfer.effectAllowed = 'move';
                  event.dataTransfer.setData('text/plain', step.id);
                  setDragFrom(index);
                }}
                onDragEnd={() => setDragFrom(null)}
              >
                <span className="jb-agenda-drag" data-testid="agenda-step-drag" title={formatMessage(t.dragHandle, { title: step.title })} aria-hidden="true">
                  <TldrawUiButtonIcon icon="drag-handle-dots" small />
                </span>
                <span className="jb-agenda-step-number">{index + 1}</span>
                <TldrawUiButton
                  type="low"
                  className="jb-agenda-step-open"
                  data-testid="agenda-step-open"
                  aria-expanded={open}
                  onClick={() => setExpanded(open ? null : step.id)}
                >
                  <span className="jb-agenda-step-title">{step.title || t.newStep}</span>
                  <span className="jb-agenda-step-minutes">{formatMessage(t.minutesShort, { minutes })}</span>
                </TldrawUiButton>
                {index === current ? <span className="jb-agenda-badge">{t.current}</span> : null}
                <TldrawUiButton type="icon" className="jb-agenda-icon" data-testid="agenda-step-up" title={t.moveUp} aria-label={t.moveUp} disabled={index === 0} onClick={() => edit((all) => moveStep(all, index, index - 1))}>
                  <TldrawUiButtonIcon icon="chevron-up" small />
                </TldrawUiButton>
                <TldrawUiButton type="icon" className="jb-agenda-icon" data-testid="agenda-step-down" title={t.moveDown} aria-label={t.moveDown} disabled={index + 1 >= steps.length} onClick={() => edit((all) => moveStep(all, index, index + 1))}>
                  <TldrawUiButtonIcon icon="chevron-down" small />
                </TldrawUiButton>
                <TldrawUiButton
                  type="icon"
                  className="jb-agenda-icon"
                  data-testid="agenda-step-remove"
                  title={t.remove}
                  aria-label={t.remove}
                  disabled={running && index <= current}
                  onClick={() => edit((all) => all.filter((_, i) => i !== index))}
                >
                  <TldrawUiButtonIcon icon="trash" small />
                </TldrawUiButton>
              </div>
              {open ? <StepFields step={step} areas={areas} onChange={(change) => updateStep(index, change)} onActivityChange={(change) => updateActivity(index, change)} /> : null}
            </li>
          );
        })}
      </ol>
      <TldrawUiButton
        type="normal"
        data-testid="agenda-add-step"
        disabled={!canAddStep(steps)}
        onClick={() => {
          const step = newStep(t.newStep);
          edit((all) => [...all, step]);
          setExpanded(step.id);
        }}
      >
        <TldrawUiButtonIcon icon="plus" small />
        <TldrawUiButtonLabel>{t.addStep}</TldrawUiButtonLabel>
      </TldrawUiButton>
      <SaveState status={status} />

      <h3 className="jb-agenda-heading">{t.templates}</h3>
      <p className="jb-hint">{t.templatesHint}</p>
      <div className="jb-agenda-templates">
        {AGENDA_TEMPLATE_IDS.map((id) => (
          <TldrawUiButton
            key={id}
            type="normal"
            data-testid={`agenda-template-${id}`}
            disabled={running || status.kind === 'saving'}
            onClick={() => (steps.length > 0 ? setPendingTemplate(id) : void placeTemplate(id))}
          >
            <TldrawUiButtonLabel>{AGENDA_TEMPLATES[id].title[locale]}</TldrawUiButtonLabel>
          </TldrawUiButton>
        ))}
      </div>
      {pendingTemplate ? (
        <div className="jb-agenda-confirm" role="group" aria-label={t.templateReplaces} data-testid="agenda-template-question">
          <p>
            {t.templateReplaces} <strong>{AGENDA_TEMPLATES[pendingTemplate].title[locale]}</strong>
          </p>
          <TldrawUiButton type="primary" data-testid="agenda-template-confirm" onClick={() => void placeTemplate(pendingTemplate)}>
            <TldrawUiButtonLabel>{t.replaceAgenda}</TldrawUiButtonLabel>
          </TldrawUiButton>
          <TldrawUiButton type="normal" data-testid="agenda-template-cancel" onClick={() => setPendingTemplate(null)}>
            <TldrawUiButtonLabel>{t.cancel}</TldrawUiButtonLabel>
          </TldrawUiButton>
        </div>
      ) : null}
    </div>
  );
}

function SaveState({ status }: { status: SaveStatus }) {
  const t = useAgendaMessages();
  switch (status.kind) {
    case 'idle':
      return null;
    case 'saving':
      return <p className="jb-agenda-save" data-testid="agenda-save-state" data-status="saving">{t.saving}</p>;
    case 'saved':
      return <p className="jb-agenda-save" data-testid="agenda-save-state" data-status="saved">{t.saved}</p>;
    case 'invalid':
      return (
        <p className="jb-agenda-save jb-agenda-error" role="alert" data-testid="agenda-save-state" data-status="invalid">
          {formatMessage(t.invalid, { reason: status.problem })}
        </p>
      );
    case 'error':
      return (
        <p className="jb-agenda-save jb-agenda-error" role="alert" data-testid="agenda-save-state" data-status="error">
          {status.message}
        </p>
      );
  }
}

function StepFields({
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
        <label className="jb-field">
          <span>{t.minutes}</span>
          <input
            data-testid="agenda-step-minutes"
            type="number"
            min={1}
            max={MAX_STEP_MINUTES}
            value={Number.isFinite(step.timeboxMs) ? Math.round(step.timeboxMs / 60_000) : ''}
            onChange={(e) => onChange({ timeboxMs: e.target.value === '' ? Number.NaN : Math.round(Number(e.target.value)) * 60_000 })}
          />
        </label>
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
        <label className="jb-field">
          <span>{t.voteBudget}</span>
          <input
            data-testid="agenda-step-budget"
            type="number"
            min={1}
            max={50}
            value={Number.isFinite(activity.budget) ? activity.budget : ''}
            onChange={(e) => onActivityChange({ budget: e.target.value === '' ? Number.NaN : Math.round(Number(e.target.value)) })}
          />
        </label>
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
