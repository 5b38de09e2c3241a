import { createPortal } from 'react-dom';
import { useEditor, useValue } from 'tldraw';
import { formatMessage } from '../i18n/messages.ts';
import { useMessages } from '../i18n/useMessages.ts';
import { useBoardContext } from './boardContext.ts';
import { useChrome } from './chrome/chromeContext.ts';
import { usePageShapeLimitToast } from './pageShapeLimitToast.ts';
import { SidePanel } from './chrome/SidePanel.tsx';
import { TopBar } from './chrome/TopBar.tsx';

/**
 * Rendered in tldraw's top-centre slot. The top bar and the side panel live beside the canvas
 * (see BoardCanvas); they are rendered from here through portals so they keep tldraw's editor,
 * translations and dialogs. In the slot itself: warnings about changes the server refused. It also
 * says in the board's language when a page is full (tldraw's own toast is English only).
 */
export function BoardTopPanel() {
  const messages = useMessages();
  const editor = useEditor();
  const chrome = useChrome();
  const { session } = useBoardContext();
  const invalidRecordCount = useValue('invalid record count', () => session.$invalidRecordIds.get().size, [session]);
  const lastRejection = useValue(session.connection.$lastRejection);
  usePageShapeLimitToast();
  const theme = useValue('theme', () => (editor.user.getIsDarkMode() ? 'tl-theme__dark' : 'tl-theme__light'), [editor]);

  return (
    <div className="board-top-panel">
      {chrome.topBar ? createPortal(<div className={`jb-chrome ${theme}`}><TopBar /></div>, chrome.topBar) : null}
      {chrome.side ? createPortal(<div className={`jb-chrome ${theme}`}><SidePanel /></div>, chrome.side) : null}
      {lastRejection && (
        <p className="board-top-panel-warning" role="alert" data-testid="change-rejected">
          {formatMessage(messages.changeRejected, { reason: lastRejection.reason })}
        </p>
      )}
      {invalidRecordCount > 0 && (
        <p className="board-top-panel-warning" role="alert">
          {formatMessage(messages.invalidRecordsWarning, { count: invalidRecordCount })}
        </p>
      )}
    </div>
  );
}
