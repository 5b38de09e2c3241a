import { useState } from 'react';
import { CommentsOverlay } from '../comments/CommentsOverlay.tsx';
import { LiveDataOverlay } from '../liveData/LiveDataOverlay.tsx';
import { DataPanel } from './DataPanel.tsx';
import { InspectorPanel } from './InspectorPanel.tsx';
import { JourneyMenu } from './JourneyMenu.tsx';
import './journey.css';

/** Everything journey-specific drawn over the canvas: menu, inspector and data panel. */
export function JourneyOverlay({ boardId }: { boardId: string }) {
  const [dataOpen, setDataOpen] = useState(false);
  return (
    <>
      <JourneyMenu dataOpen={dataOpen} onToggleData={() => setDataOpen(!dataOpen)} />
      <InspectorPanel />
      {dataOpen ? <DataPanel boardId={boardId} onClose={() => setDataOpen(false)} /> : null}
      <CommentsOverlay boardId={boardId} />
      <LiveDataOverlay boardId={boardId} />
    </>
  );
}
