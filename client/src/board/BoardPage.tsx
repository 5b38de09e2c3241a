import { useState } from 'react';
import { useValue } from 'tldraw';
import { CloseCode, type Role } from '../../../shared/src/index.ts';
import { adoptTokenFromLocation } from '../share/boardTokens.ts';
import { MessagePage } from '../app/MessagePage.tsx';
import type { ClientConfigState } from '../app/useClientConfig.ts';
import { formatMessage } from '../i18n/messages.ts';
import { useMessages } from '../i18n/useMessages.ts';
import { BoardCanvas } from './BoardCanvas.tsx';
import { BoardDamageBanner, useBoardDamage } from './BoardDamageBanner.tsx';
import { BoardContext } from './boardContext.ts';
import { DisplayNameDialog } from './DisplayNameDialog.tsx';
import { useBoardMetadata, useLiveBoardTitle } from './useBoardMetadata.ts';
import { useBoardSession, type BoardSession } from './useBoardSession.ts';

function OpenBoard({ boardId, title, role, licenseKey }: { boardId: string; title: string | null; role: Role; licenseKey: string | null }) {
  const messages = useMessages();
  const session = useBoardSession(boardId, role);
  const liveTitle = useLiveBoardTitle(session?.connection.doc, title);
  if (!session) return <MessagePage message={messages.boardLoading} testId="board-loading" />;
  return (
    <BoardContext value={{ session, title: liveTitle, role }}>
      <div className="board-page" data-testid="board-page">
        <BoardCanvas session={session} licenseKey={licenseKey} />
        <DisplayNameDialog />
        <PermanentCloseNotice session={session} />
      </div>
    </BoardContext>
  );
}

/** The server refused the board for good (deleted, no access): say why instead of retrying forever. */
function PermanentCloseNotice({ session }: { session: BoardSession }) {
  const messages = useMessages();
  const permanentClose = useValue(session.connection.$permanentClose);
  if (!permanentClose) return null;
  const reason = permanentClose.code === CloseCode.UnknownBoard ? messages.boardNotFound : permanentClose.reason || String(permanentClose.code);
  return (
    <div className="dialog-backdrop" data-testid="connection-closed">
      <MessagePage message={formatMessage(messages.connectionClosed, { reason })} />
    </div>
  );
}

export function BoardPage({ boardId, clientConfig }: { boardId: string; clientConfig: ClientConfigState }) {
  const messages = useMessages();
  // Before the first request: a share link's token moves from the address bar into storage.
  useState(() => adoptTokenFromLocation(boardId));
  const metadata = useBoardMetadata(boardId);
  const damage = useBoardDamage(boardId);

  if (metadata.status === 'notFound') {
    return <MessagePage message={messages.boardNotFound} testId="board-not-found" />;
  }
  if (metadata.status === 'denied') {
    return <MessagePage message={formatMessage(messages.accessDenied, { reason: metadata.reason })} testId="board-access-denied" />;
  }
  if (clientConfig.status === 'failed') {
    return (
      <MessagePage
        message={formatMessage(messages.configLoadFailed, { reason: clientConfig.reason })}
        action={
          <button type="button" onClick={clientConfig.retry}>
            {messages.retry}
          </button>
        }
      />
    );
  }
  if (metadata.status === 'loading' || clientConfig.status === 'loading') {
    return <MessagePage message={messages.boardLoading} testId="board-loading" />;
  }
  const title = metadata.status === 'found' ? metadata.board.title : null;
  // Offline, the role is not known: edit locally; the server's guard decides on reconnect.
  const role = damage ? 'viewer' : metadata.status === 'found' ? metadata.role : 'editor';
  return (
    <>
      <BoardDamageBanner damage={damage} />
      <OpenBoard boardId={boardId} title={title} role={role} licenseKey={clientConfig.config.tldrawLicenseKey} />
    </>
  );
}
