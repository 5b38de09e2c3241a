import { useState } from 'react';
import { TldrawUiButton, TldrawUiButtonLabel } from 'tldraw';
import { roleLabel, ShareDialog } from '../../share/ShareDialog.tsx';
import { LanguageToggle } from '../../app/LanguageToggle.tsx';
import { ExportMenu } from '../../export/ExportMenu.tsx';
import { Link } from '../../app/router.tsx';
import { renameBoard } from '../../api/apiClient.ts';
import { FacilitationBar } from '../../facilitation/FacilitationBar.tsx';
import { JourneyMenu } from '../../journey/JourneyMenu.tsx';
import { formatMessage } from '../../i18n/messages.ts';
import { useMessages } from '../../i18n/useMessages.ts';
import { useBoardContext } from '../boardContext.ts';
import { ConnectionBadge } from '../ConnectionBadge.tsx';
import { PresenceAvatars } from './PresenceAvatars.tsx';
import { BoardTitle } from './BoardTitle.tsx';
import { useFirstPageInBoardLanguage } from './useFirstPageInBoardLanguage.ts';

const stopCanvasEvents = { onPointerDown: (e: React.PointerEvent) => e.stopPropagation() };

/**
 * The bar above the canvas: where am I (app, board title), what I can add (templates, emotion
 * point), the workshop session, who is here, am I connected, share, export, language.
 */
export function TopBar() {
  const messages = useMessages();
  const { session, title, role } = useBoardContext();
  const [sharing, setSharing] = useState(false);
  const canRename = role === 'editor' || role === 'facilitator';
  useFirstPageInBoardLanguage(session.connection.boardId, canRename);
  const rename = async (next: string) => {
    await renameBoard(session.connection.boardId, next);
  };
  return (
    <div className="jb-topbar" {...stopCanvasEvents}>
      <div className="jb-topbar-start">
        <Link to="/" className="jb-topbar-home" title={messages.backHome}>
          {messages.appName}
        </Link>
        {title !== null ? <BoardTitle title={title} onRename={canRename ? rename : null} /> : null}
        <JourneyMenu />
      </div>
      <div className="jb-topbar-center">
        <FacilitationBar />
      </div>
      <div className="jb-topbar-end">
        {role === 'viewer' || role === 'commenter' ? (
          <span className="jb-topbar-role" data-testid="role-notice">
            {formatMessage(messages.readOnlyNotice, { role: roleLabel(messages, role) })}
          </span>
        ) : null}
        <PresenceAvatars />
        <ConnectionBadge />
        {role === 'facilitator' ? (
          <TldrawUiButton type="primary" className="jb-topbar-share" data-testid="share-button" onClick={() => setSharing(true)}>
            <TldrawUiButtonLabel>{messages.share}</TldrawUiButtonLabel>
          </TldrawUiButton>
        ) : null}
        <ExportMenu />
        <LanguageToggle />
      </div>
      {sharing ? <ShareDialog boardId={session.connection.boardId} onClose={() => setSharing(false)} /> : null}
    </div>
  );
}
