import { useEffect, useState } from 'react';
import { useEditor, useValue, type TLShapeId } from 'tldraw';
import { isInScope } from '../../../shared/src/index.ts';
import { describeError } from '../api/apiClient.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { formatMessage } from '../i18n/messages.ts';
import { useFacilitationMessages } from './facilitationMessages.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { $myBallot, changeVote, loadMyBallot } from './myBallot.ts';
import { currentRound, sessionSignals } from './sessionSignals.ts';

interface CardSpot {
  id: TLShapeId;
  x: number;
  y: number;
}

/** Dot voting on the canvas: vote buttons on each card while a round is open, result badges after the reveal. */
export function VoteLayer() {
  const editor = useEditor();
  const { session, role } = useBoardContext();
  const t = useFacilitationMessages();
  const boardId = session.connection.boardId;
  const { $votes } = sessionSignals(session.connection.doc);
  const round = useValue('vote round', () => currentRound($votes.get()), [$votes]);
  const ballot = useValue($myBallot);
  const voterId = useValue('voter id', () => editor.user.getId(), [editor]);
  const [error, setError] = useState<string | null>(null);
  const canVote = role !== 'viewer';

  useEffect(() => {
    if (round?.status === 'open' && canVote) loadMyBallot(boardId, round.id, voterId).catch((e: unknown) => setError(describeError(e)));
  }, [boardId, round?.id, round?.status, voterId, canVote]);

  const cards = useValue(
    'vote cards',
    (): CardSpot[] => {
      if (!round) return [];
      const spots: CardSpot[] = [];
      for (const shape of editor.getCurrentPageShapes()) {
        if (shape.type !== 'note' || editor.isShapeHidden(shape)) continue;
        const bounds = editor.getShapePageBounds(shape);
        if (!bounds || !isInScope(round.scope, editor.getShapePageTransform(shape).point())) continue;
        const corner = editor.pageToViewport({ x: bounds.maxX, y: bounds.minY });
        spots.push({ id: shape.id, x: corner.x, y: corner.y });
      }
      return spots;
    },
    [editor, round],
  );
  if (!round) return null;

  const mine = (cardId: string) => (ballot.roundId === round.id ? ballot.cardIds.filter((id) => id === cardId).length : 0);
  const left = round.budget - (ballot.roundId === round.id ? ballot.cardIds.length : 0);
  const vote = (cardId: string, delta: 1 | -1) => {
    setError(null);
    changeVote(boardId, round, voterId, cardId, delta).catch((e: unknown) => setError(describeError(e)));
  };

  return (
    <>
      {cards.map((card) => {
        if (round.status === 'revealed') {
          const count = round.results?.[card.id] ?? 0;
          return count > 0 ? (
            <span key={card.id} className="jb-vote-badge" style={{ left: card.x, top: card.y }} data-testid="vote-result" data-card-id={card.id} title={formatMessage(t.votes, { count })}>
              {count}
            </span>
          ) : null;
        }
        if (!canVote) return null;
        const myVotes = mine(card.id);
        const canAdd = left > 0 && (round.allowMultiplePerCard || myVotes === 0);
        return (
          <span key={card.id} className="jb-vote-controls" style={{ left: card.x, top: card.y }} data-card-id={card.id} onPointerDown={(e) => e.stopPropagation()}>
            {myVotes > 0 ? (
              <button type="button" data-testid="vote-remove" aria-label={t.removeVote} title={t.removeVote} onClick={() => vote(card.id, -1)}>
                <span data-testid="my-votes">{'●'.repeat(myVotes)}</span>
              </button>
            ) : null}
            <button type="button" data-testid="vote-add" aria-label={t.addVote} title={t.addVote} disabled={!canAdd} onClick={() => vote(card.id, 1)}>
              +
            </button>
          </span>
        );
      })}
      <FailureNotice error={error} className="jb-vote-error" />
    </>
  );
}

/** The round's status line for the top panel. */
export function VoteStatus() {
  const { session } = useBoardContext();
  const t = useFacilitationMessages();
  const { $votes } = sessionSignals(session.connection.doc);
  const round = useValue('vote round', () => currentRound($votes.get()), [$votes]);
  const ballot = useValue($myBallot);
  if (!round) return null;
  if (round.status === 'revealed') {
    return (
      <span className="jb-session-chip" data-testid="vote-status" data-status="revealed">
        {formatMessage(t.votesRevealed, { round: round.number })}
      </span>
    );
  }
  const used = ballot.roundId === round.id ? ballot.cardIds.length : 0;
  return (
    <span className="jb-session-chip" data-testid="vote-status" data-status="open" title={t.votesHidden}>
      {formatMessage(t.votesLeft, { round: round.number, left: round.budget - used, budget: round.budget })}
    </span>
  );
}
