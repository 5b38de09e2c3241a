import { CommentsOverlay } from '../comments/CommentsOverlay.tsx';
import { LiveDataOverlay } from '../liveData/LiveDataOverlay.tsx';
import './journey.css';

/**
 * What journey features draw on the canvas itself: comment pins and threads, live metric badges.
 * Their panels (inspector, data, comments list, live data) are tabs of the board's side panel.
 */
export function JourneyOverlay({ boardId }: { boardId: string }) {
  return (
    <>
      <CommentsOverlay boardId={boardId} />
      <LiveDataOverlay boardId={boardId} />
    </>
  );
}
