import { useState } from 'react';
import { DefaultSharePanel } from 'tldraw';
import { useBoardContext } from '../board/boardContext.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { useHistoryMessages } from './historyMessages.ts';
import './history.css';

/**
 * The History button and the version history panel it opens. Mounted in tldraw's
 * SharePanel slot (top right, above the style panel), so both sit in tldraw's UI layer;
 * the slot's default content, the people menu, stays beside the button.
 */
export function HistoryOverlay() {
  const t = useHistoryMessages();
  const { session } = useBoardContext();
  const [open, setOpen] = useState(false);
  return (
    <div className="jb-history-zone">
      <DefaultSharePanel />
      <button
        type="button"
        className="jb-history-button"
        data-testid="history-button"
        aria-pressed={open}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        ⟲ {t.history}
      </button>
      {open ? <HistoryPanel boardId={session.connection.boardId} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
