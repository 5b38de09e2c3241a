import { useState } from 'react';
import { HistoryPanel } from './HistoryPanel.tsx';
import { useHistoryMessages } from './historyMessages.ts';
import './history.css';

/** The History button over the canvas, and the version history panel it opens. */
export function HistoryOverlay({ boardId }: { boardId: string }) {
  const t = useHistoryMessages();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="jb-history-button"
        data-testid="history-button"
        aria-pressed={open}
        onPointerDown={(e) => e.stopPropagation()}
        onClick={() => setOpen(!open)}
      >
        ⟲ {t.history}
      </button>
      {open ? <HistoryPanel boardId={boardId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
