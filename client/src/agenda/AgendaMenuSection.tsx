import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel, useValue } from 'tldraw';
import { currentStep } from '../../../shared/src/index.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { useChrome } from '../board/chrome/chromeContext.ts';
import { formatMessage } from '../i18n/messages.ts';
import { useAgendaMessages } from './agendaMessages.ts';
import { agendaSignals } from './agendaSignals.ts';
import { useWorkshopCommand } from './useWorkshopCommand.ts';
import { WorkshopCommandError } from './WorkshopCommandError.tsx';

/** The run of show in the facilitator's menu: where the workshop is, the next step, and the way to the agenda. */
export function AgendaMenuSection() {
  const t = useAgendaMessages();
  const chrome = useChrome();
  const { session } = useBoardContext();
  const signals = agendaSignals(session.connection.doc);
  const running = useValue('agenda current step', () => currentStep(signals.$agenda.get(), signals.$workshop.get()), [signals]);
  const command = useWorkshopCommand();
  return (
    <section data-testid="agenda-menu-section">
      <h3>{t.tabAgenda}</h3>
      {running ? <p className="jb-agenda-save">{formatMessage(t.stepOf, { index: running.index + 1, count: running.count })}</p> : null}
      {running ? (
        <TldrawUiButton type="normal" data-testid="agenda-menu-next" disabled={command.busy || running.index + 1 >= running.count} onClick={() => command.send({ action: 'next' })}>
          <TldrawUiButtonLabel>{t.next}</TldrawUiButtonLabel>
          <TldrawUiButtonIcon icon="chevron-right" small />
        </TldrawUiButton>
      ) : null}
      <TldrawUiButton type="normal" data-testid="agenda-menu-open" onClick={() => chrome.openTab('agenda')}>
        <TldrawUiButtonIcon icon="bulletList" small />
        <TldrawUiButtonLabel>{t.openAgenda}</TldrawUiButtonLabel>
      </TldrawUiButton>
      <WorkshopCommandError error={command.error} />
    </section>
  );
}
