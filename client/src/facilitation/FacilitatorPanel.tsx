import { useEffect, useState } from 'react';
import { TldrawUiButton, useEditor, useValue } from 'tldraw';
import type { StartVoteRound, TimerCommand } from '../../../shared/src/index.ts';
import { AgendaMenuSection } from '../agenda/AgendaMenuSection.tsx';
import { describeError } from '../api/apiClient.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { formatMessage } from '../i18n/messages.ts';
import { stopCanvasEvents } from '../comments/ThreadPopover.tsx';
import { revealVotes, sendTimerCommand, setPrivateMode, startVoteRound } from './facilitationApi.ts';
import { useFacilitationMessages } from './facilitationMessages.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { publishLeadership } from './leadership.ts';
import { currentRound, sessionSignals } from './sessionSignals.ts';

/** The facilitator's controls: people, timer, dot voting, private mode, lock. */
export function FacilitatorPanel() {
  const editor = useEditor();
  const { session } = useBoardContext();
  const t = useFacilitationMessages();
  const boardId = session.connection.boardId;
  const awareness = session.connection.provider.awareness;
  const signals = sessionSignals(session.connection.doc);
  const timer = useValue(signals.$timer);
  const round = useValue('vote round', () => currentRound(signals.$votes.get()), [signals]);
  const privateMode = useValue(signals.$privateMode);
  const [minutes, setMinutes] = useState(5);
  const [budget, setBudget] = useState(3);
  const [multiple, setMultiple] = useState(true);
  const [scopeKind, setScopeKind] = useState<'board' | 'area'>('board');
  const [leadership, setLeadership] = useState({ leading: false, summon: 0 });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => publishLeadership(awareness, leadership), [awareness, leadership]);

  const run = (action: () => Promise<unknown>) => {
    setError(null);
    action().catch((e: unknown) => setError(describeError(e)));
  };
  const timerCommand = (command: TimerCommand) => run(() => sendTimerCommand(boardId, command));
  const startRound = () => {
    let scope: StartVoteRound['scope'] = { kind: 'board' };
    if (scopeKind === 'area') {
      const bounds = editor.getSelectionPageBounds();
      if (!bounds) return setError(t.selectAreaFirst);
      scope = { kind: 'area', x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h };
    }
    run(() => startVoteRound(boardId, { budget, allowMultiplePerCard: multiple, scope }));
  };
  const lockStructure = () => {
    const unlockedMaps = editor.getCurrentPageShapes().filter((shape) => shape.type === 'journey-map' && !shape.isLocked);
    if (unlockedMaps.length > 0) editor.toggleLock(unlockedMaps);
  };

  return (
    <div className="jb-facilitator-panel" data-testid="facilitator-panel" {...stopCanvasEvents}>
      <AgendaMenuSection />
      <section>
        <h3>{t.people}</h3>
        <TldrawUiButton type="normal" data-testid="summon" onClick={() => setLeadership((l) => ({ ...l, summon: l.summon + 1 }))}>
          {t.summon}
        </TldrawUiButton>
        <TldrawUiButton type="normal" data-testid="follow-me" aria-pressed={leadership.leading} onClick={() => setLeadership((l) => ({ ...l, leading: !l.leading }))}>
          {leadership.leading ? t.stopLeading : t.followMe}
        </TldrawUiButton>
      </section>
      <section>
        <h3>{t.timer}</h3>
        <label>
          {t.minutes}{' '}
          <input type="number" min={1} max={480} value={minutes} data-testid="timer-minutes" onChange={(e) => setMinutes(Number(e.target.value) || 1)} />
        </label>
        <TldrawUiButton type="normal" data-testid="timer-start" onClick={() => timerCommand({ action: 'start', durationMs: Math.round(minutes * 60_000) })}>
          {t.start}
        </TldrawUiButton>
        {timer?.status === 'running' ? (
          <TldrawUiButton type="normal" data-testid="timer-pause" onClick={() => timerCommand({ action: 'pause' })}>
            {t.pause}
          </TldrawUiButton>
        ) : null}
        {timer?.status === 'paused' ? (
          <TldrawUiButton type="normal" data-testid="timer-resume" onClick={() => timerCommand({ action: 'resume' })}>
            {t.resume}
          </TldrawUiButton>
        ) : null}
        {timer ? (
          <>
            <TldrawUiButton type="normal" data-testid="timer-add" onClick={() => timerCommand({ action: 'add', ms: 60_000 })}>
              {t.addMinute}
            </TldrawUiButton>
            <TldrawUiButton type="normal" data-testid="timer-stop" onClick={() => timerCommand({ action: 'stop' })}>
              {t.stop}
            </TldrawUiButton>
          </>
        ) : null}
      </section>
      <section>
        <h3>{t.voting}</h3>
        {round?.status === 'open' ? (
          <>
            <span data-testid="voter-count">{formatMessage(t.votersSoFar, { count: round.voterCount })}</span>
            <TldrawUiButton type="normal" data-testid="vote-reveal" onClick={() => run(() => revealVotes(boardId, round.id))}>
              {t.reveal}
            </TldrawUiButton>
          </>
        ) : (
          <>
            <label>
              {t.budget}{' '}
              <input type="number" min={1} max={50} value={budget} data-testid="vote-budget" onChange={(e) => setBudget(Number(e.target.value) || 1)} />
            </label>
            <label>
              <input type="checkbox" checked={multiple} data-testid="vote-multiple" onChange={(e) => setMultiple(e.target.checked)} /> {t.multiplePerCard}
            </label>
            <label>
              {t.scope}{' '}
              <select value={scopeKind} data-testid="vote-scope" onChange={(e) => setScopeKind(e.target.value === 'area' ? 'area' : 'board')}>
                <option value="board">{t.scopeBoard}</option>
                <option value="area">{t.scopeSelection}</option>
              </select>
            </label>
            <TldrawUiButton type="normal" data-testid="vote-start" onClick={startRound}>
              {t.startRound}
            </TldrawUiButton>
          </>
        )}
      </section>
      <section>
        <h3>{t.privateMode}</h3>
        <TldrawUiButton type="normal" data-testid="private-toggle" aria-pressed={privateMode !== null} onClick={() => run(() => setPrivateMode(boardId, privateMode === null))}>
          {privateMode ? t.privateOff : t.privateOn}
        </TldrawUiButton>
      </section>
      <section>
        <h3>{t.lock}</h3>
        <TldrawUiButton type="normal" data-testid="lock-selection" onClick={() => editor.toggleLock(editor.getSelectedShapeIds())}>
          {t.lockSelection}
        </TldrawUiButton>
        <TldrawUiButton type="normal" data-testid="lock-structure" onClick={lockStructure}>
          {t.lockStructure}
        </TldrawUiButton>
      </section>
      <FailureNotice error={error} className="jb-facilitator-error" />
    </div>
  );
}
