import { useState } from 'react';
import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel, useEditor, useValue } from 'tldraw';
import { useBoardContext } from '../board/boardContext.ts';
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
      <TldrawUiButton type="low" className="jb-bar-button" data-testid="score-emotions" aria-pressed={scoring} isActive={scoring} onClick={() => $scoringOpen.set(!scoring)}>
        <TldrawUiButtonLabel>{t.scoreEmotions}</TldrawUiButtonLabel>
      </TldrawUiButton>
      {role === 'facilitator' ? (
        <div className="jb-facilitate">
          <TldrawUiButton
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
