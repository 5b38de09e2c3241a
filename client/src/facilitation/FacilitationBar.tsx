import { useCallback, useRef, useState } from 'react';
import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel, useEditor, useValue } from 'tldraw';
import { useBoardContext } from '../board/boardContext.ts';
import { useDismissOnEscape } from '../board/chrome/useDismissOnEscape.ts';
import { formatMessage } from '../i18n/messages.ts';
import { useFacilitationMessages } from './facilitationMessages.ts';
import { $scoringOpen } from './emotionScoring.ts';
import { FacilitatorPanel } from './FacilitatorPanel.tsx';
import { useFollowLeader, useLeader } from './leadership.ts';
import { ReactionPicker } from './ReactionsLayer.tsx';
import { sessionSignals } from './sessionSignals.ts';
import { SessionTimer } from './SessionTimer.tsx';
import { VoteStatus } from './VoteLayer.tsx';
import './facilitation.css';

/**
 * The workshop session in the top bar. Everyone sees a slim status (timer, voting round, who
 * leads, private mode) and the reactions; the facilitator also gets the "Facilitate" menu with
 * summon, follow me, timer, voting, private mode and locks.
 */
export function FacilitationBar() {
  const editor = useEditor();
  const { session, role } = useBoardContext();
  const t = useFacilitationMessages();
  const leader = useLeader(session.connection.provider.awareness);
  const { following, stepOut, follow } = useFollowLeader(editor, leader);
  const privateMode = useValue(sessionSignals(session.connection.doc).$privateMode);
  const [panelOpen, setPanelOpen] = useState(false);
  const scoring = useValue($scoringOpen);
  const leaderName = leader?.name || t.someone;
  const facilitateRef = useRef<HTMLDivElement>(null);
  const facilitateButtonRef = useRef<HTMLButtonElement>(null);
  const closePanel = useCallback(() => setPanelOpen(false), []);
  useDismissOnEscape(panelOpen, closePanel, facilitateRef, facilitateButtonRef);

  return (
    <div className="jb-session-bar" data-testid="session-bar">
      <SessionTimer />
      <VoteStatus />
      {leader?.leading ? (
        <span className="jb-session-chip" data-testid="leader-notice" data-following={following || undefined}>
          {formatMessage(following ? t.following : t.leading, { name: leaderName })}{' '}
          <TldrawUiButton type="low" className="jb-chip-button" data-testid={following ? 'step-out' : 'follow-leader'} onClick={following ? stepOut : follow}>
            <TldrawUiButtonLabel>{following ? t.stepOut : t.follow}</TldrawUiButtonLabel>
          </TldrawUiButton>
        </span>
      ) : null}
      {privateMode && role !== 'facilitator' ? (
        <span className="jb-session-chip" data-testid="private-notice">
          {t.privateNotice}
        </span>
      ) : null}
      <ReactionPicker />
      {/* An icon with a tooltip: the label is long in German and the bar has to stay one row. */}
      <TldrawUiButton
        type="icon"
        className="jb-bar-button"
        data-testid="score-emotions"
        aria-label={t.scoreEmotions}
        tooltip={t.scoreEmotions}
        aria-pressed={scoring}
        isActive={scoring}
        onClick={() => $scoringOpen.set(!scoring)}
      >
        <EmotionCurveIcon />
      </TldrawUiButton>
      {role === 'facilitator' ? (
        <div className="jb-facilitate" ref={facilitateRef}>
          <TldrawUiButton
            ref={facilitateButtonRef}
            type="normal"
            className="jb-bar-button"
            data-testid="facilitate-button"
            aria-expanded={panelOpen}
            isActive={panelOpen}
            onClick={() => setPanelOpen(!panelOpen)}
          >
            <TldrawUiButtonLabel>{t.facilitate}</TldrawUiButtonLabel>
            <TldrawUiButtonIcon icon="chevron-down" small />
          </TldrawUiButton>
          {/* Stays open while the facilitator works on the canvas (the button closes it); kept mounted
              while closed so "follow me" and the summon counter stay published. */}
          <div className="jb-facilitate-menu" hidden={!panelOpen}>
            <FacilitatorPanel />
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** An emotion curve through three scored steps; drawn in the text colour like tldraw's icons. */
function EmotionCurveIcon() {
  return (
    <svg className="jb-bar-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
      <path d="M3 16c3 0 4-9 8-9s4 10 10 6" />
      <circle cx="3.5" cy="16" r="1.6" fill="currentColor" />
      <circle cx="11" cy="7" r="1.6" fill="currentColor" />
      <circle cx="20.5" cy="13" r="1.6" fill="currentColor" />
    </svg>
  );
}
