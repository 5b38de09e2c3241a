import { useState } from 'react';
import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel, useEditor, useValue } from 'tldraw';
import {
  AGENDA_TEMPLATE_IDS,
  AGENDA_TEMPLATES,
  agendaFromTemplate,
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
import { areaChoices } from './agendaAreas.ts';
import { canAddStep, moveStep, newStep } from './agendaDraft.ts';
import { useAgendaMessages } from './agendaMessages.ts';
import { Progress, runningIndex } from './AgendaProgress.tsx';
import { placeAgendaTemplateCanvases } from './placeAgendaTemplate.ts';
import { StepFields } from './StepFields.tsx';
import { useAgendaDraft, type SaveStatus } from './useAgendaDraft.ts';
import { useWorkshopCommand } from './useWorkshopCommand.ts';
import { WorkshopCommandError } from './WorkshopCommandError.tsx';

const EXTEND_MS = 5 * 60_000;
/** The canvases just placed reach the server through the board's connection, the agenda through HTTP: the agenda may arrive first. */
const AREA_RETRIES = 10;
const AREA_RETRY_MS = 300;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The facilitator's agenda: run the workshop, edit and reorder its steps, start from a template. */
export function AgendaEditor({ agenda, workshop }: { agenda: Agenda | null; workshop: WorkshopState | null }) {
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
