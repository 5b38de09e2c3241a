import { useBoardContext } from '../board/boardContext.ts';
import { MetricBadges } from './MetricBadges.tsx';
import './liveData.css';

/**
 * Live metric badges on the cards, for everyone. Import, metric upload and webhooks are the
 * "Live data & webhooks" tab of the side panel (client/src/board/chrome/SidePanel.tsx).
 */
export function LiveDataOverlay({ boardId }: { boardId: string }) {
  const { session } = useBoardContext();
  return <MetricBadges doc={session.connection.doc} key={boardId} />;
}
