import { useState } from 'react';
import { useEditor, useValue } from 'tldraw';
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

/** The workshop session line under the board title: timer, who leads, voting, private mode; the facilitator's controls. */
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
    <>
      <div className="board-top-panel-row jb-session-bar" data-testid="session-bar">
        <SessionTimer />
        <VoteStatus />
        {leader?.leading ? (
          <span className="jb-session-chip" data-testid="leader-notice" data-following={following || undefined}>
            {formatMessage(following ? t.following : t.leading, { name: leaderName })}{' '}
            <button type="button" data-testid={following ? 'step-out' : 'follow-leader'} onClick={following ? stepOut : follow}>
              {following ? t.stepOut : t.follow}
            </button>
          </span>
        ) : null}
        {privateMode && role !== 'facilitator' ? (
          <span className="jb-session-chip" data-testid="private-notice">
            {t.privateNotice}
          </span>
        ) : null}
        <ReactionPicker />
        <button type="button" className="jb-session-chip" data-testid="score-emotions" aria-pressed={scoring} onClick={() => $scoringOpen.set(!scoring)}>
          {t.scoreEmotions}
        </button>
        {role === 'facilitator' ? (
          <button type="button" className="jb-session-chip" data-testid="facilitate-button" aria-expanded={panelOpen} onClick={() => setPanelOpen(!panelOpen)}>
            {t.facilitate}
          </button>
        ) : null}
      </div>
      {/* Kept mounted while closed so "follow me" and the summon counter stay published. */}
      {role === 'facilitator' ? (
        <div hidden={!panelOpen}>
          <FacilitatorPanel />
        </div>
      ) : null}
    </>
  );
}
