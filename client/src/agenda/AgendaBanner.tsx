import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { TldrawUiButton, TldrawUiButtonIcon, useEditor, useValue } from 'tldraw';
import { currentStep, formatRemaining, remainingMs } from '../../../shared/src/index.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { useChrome } from '../board/chrome/chromeContext.ts';
import { serverNow } from '../facilitation/serverClock.ts';
import { sessionSignals } from '../facilitation/sessionSignals.ts';
import { formatMessage } from '../i18n/messages.ts';
import { agendaSignals } from './agendaSignals.ts';
import { useAgendaMessages } from './agendaMessages.ts';
import { useWorkshopCommand } from './useWorkshopCommand.ts';
import { WorkshopCommandError } from './WorkshopCommandError.tsx';
import { showArea, useStepViewport } from './stepViewport.ts';
import './agenda.css';

/** Time left on the shared timer, re-rendered four times a second while it runs. */
function useTimeLeft(): { text: string; done: boolean } | null {
  const { session } = useBoardContext();
  const timer = useValue(sessionSignals(session.connection.doc).$timer);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (timer?.status !== 'running') return;
    const interval = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(interval);
  }, [timer]);
  if (!timer) return null;
  const left = remainingMs(timer, serverNow());
  return { text: formatRemaining(left), done: left === 0 };
}

/**
 * The run of show for everyone while a workshop runs: a slim banner under the top bar (beside the
 * canvas, so it covers nothing) with the step, the progress, the time left and the instructions;
 * and everyone's viewport following the steps.
 */
export function AgendaRun() {
  const editor = useEditor();
  const chrome = useChrome();
  const { session } = useBoardContext();
  const signals = agendaSignals(session.connection.doc);
  useStepViewport(editor, signals);
  const running = useValue('agenda current step', () => currentStep(signals.$agenda.get(), signals.$workshop.get()), [signals]);
  const theme = useValue('theme', () => (editor.user.getIsDarkMode() ? 'tl-theme__dark' : 'tl-theme__light'), [editor]);
  if (!running || !chrome.topBar) return null;
  return createPortal(
    <div className={`jb-chrome ${theme} jb-agenda-banner-host`}>
      <AgendaBanner step={running.step} index={running.index} count={running.count} />
    </div>,
    chrome.topBar,
  );
}

function AgendaBanner({ step, index, count }: { step: NonNullable<ReturnType<typeof currentStep>>['step']; index: number; count: number }) {
  const editor = useEditor();
  const t = useAgendaMessages();
  const { role } = useBoardContext();
  const time = useTimeLeft();
  const [open, setOpen] = useState(true);
  const command = useWorkshopCommand();
  // A new step shows its instructions again, even to someone who folded the last ones away.
  useEffect(() => setOpen(true), [step.id, index]);
  const hasInstructions = step.instructions.trim() !== '';

  return (
    <section className="jb-agenda-banner" aria-label={t.workshopBanner} data-testid="agenda-banner" data-step-index={index}>
      <div className="jb-agenda-banner-row">
        <span className="jb-agenda-progress" data-testid="agenda-banner-progress">
          {formatMessage(t.stepOf, { index: index + 1, count })}
        </span>
        <span className="jb-agenda-meter" aria-hidden="true">
          <span style={{ width: `${((index + 1) / count) * 100}%` }} />
        </span>
        <strong className="jb-agenda-banner-title" data-testid="agenda-banner-title">
          {step.title}
        </strong>
        {time ? (
          <span className="jb-agenda-time" data-testid="agenda-banner-time" data-done={time.done || undefined} aria-label={`${t.timeLeft}: ${time.text}`}>
            {time.text}
          </span>
        ) : null}
        {step.area ? (
          <TldrawUiButton type="icon" className="jb-agenda-banner-button" data-testid="agenda-banner-goto" title={t.goToArea} aria-label={t.goToArea} onClick={() => showArea(editor, step.area!, true)}>
            <TldrawUiButtonIcon icon="corners" small />
          </TldrawUiButton>
        ) : null}
        {role === 'facilitator' ? (
          <>
            <TldrawUiButton type="icon" className="jb-agenda-banner-button" data-testid="agenda-banner-previous" title={t.previous} aria-label={t.previous} disabled={index === 0 || command.busy} onClick={() => command.send({ action: 'previous' })}>
              <TldrawUiButtonIcon icon="chevron-left" small />
            </TldrawUiButton>
            <TldrawUiButton type="icon" className="jb-agenda-banner-button" data-testid="agenda-banner-next" title={t.next} aria-label={t.next} disabled={index + 1 >= count || command.busy} onClick={() => command.send({ action: 'next' })}>
              <TldrawUiButtonIcon icon="chevron-right" small />
            </TldrawUiButton>
          </>
        ) : null}
        {hasInstructions ? (
          <TldrawUiButton
            type="icon"
            className="jb-agenda-banner-button"
            data-testid="agenda-banner-toggle"
            title={open ? t.hideInstructions : t.showInstructions}
            aria-label={open ? t.hideInstructions : t.showInstructions}
            aria-expanded={open}
            aria-controls="jb-agenda-instructions"
            onClick={() => setOpen(!open)}
          >
            <TldrawUiButtonIcon icon={open ? 'chevron-up' : 'chevron-down'} small />
          </TldrawUiButton>
        ) : null}
      </div>
      {hasInstructions && open ? (
        <p className="jb-agenda-instructions" id="jb-agenda-instructions" data-testid="agenda-banner-instructions">
          {step.instructions}
        </p>
      ) : null}
      <WorkshopCommandError error={command.error} />
    </section>
  );
}
