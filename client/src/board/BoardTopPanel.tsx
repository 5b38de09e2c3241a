import { useState } from 'react';
import { useValue } from 'tldraw';
import { roleLabel, ShareDialog } from '../share/ShareDialog.tsx';
import { LanguageToggle } from '../app/LanguageToggle.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { Link } from '../app/router.tsx';
import { formatMessage } from '../i18n/messages.ts';
import { useMessages } from '../i18n/useMessages.ts';
import { useBoardContext } from './boardContext.ts';
import { ConnectionBadge } from './ConnectionBadge.tsx';

/** Rendered in tldraw's top-centre UI slot: where am I, am I connected, which language. */
export function BoardTopPanel() {
  const messages = useMessages();
  const { session, title, role } = useBoardContext();
  const [sharing, setSharing] = useState(false);
  const invalidRecordCount = useValue('invalid record count', () => session.$invalidRecordIds.get().size, [session]);
  const lastRejection = useValue(session.connection.$lastRejection);

  return (
    <div className="board-top-panel">
      <div className="board-top-panel-row">
        <Link to="/" className="board-top-panel-home" title={messages.backHome}>
          {messages.appName}
        </Link>
        {title !== null && (
          <span className="board-top-panel-title" data-testid="board-title">
            {title}
          </span>
        )}
        <ConnectionBadge />
        {role === 'facilitator' ? (
          <button type="button" className="board-top-panel-share" data-testid="share-button" onClick={() => setSharing(true)}>
            {messages.share}
          </button>
        ) : null}
        <ExportMenu />
        {role === 'viewer' || role === 'commenter' ? (
          <span className="board-top-panel-role" data-testid="role-notice">
            {formatMessage(messages.readOnlyNotice, { role: roleLabel(messages, role) })}
          </span>
        ) : null}
        <LanguageToggle />
      </div>
      {sharing ? <ShareDialog boardId={session.connection.boardId} onClose={() => setSharing(false)} /> : null}
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
