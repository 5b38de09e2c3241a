import { useValue } from 'tldraw';
import { formatMessage, type Messages } from '../i18n/messages.ts';
import { useMessages } from '../i18n/useMessages.ts';
import type { ConnectionStatus } from '../sync/boardConnection.ts';
import { useBoardContext } from './boardContext.ts';

function statusLabel(status: ConnectionStatus, messages: Messages): string {
  switch (status) {
    case 'connected':
      return messages.statusConnected;
    case 'connecting':
      return messages.statusConnecting;
    case 'offline':
      return messages.statusOffline;
  }
}

export function ConnectionBadge() {
  const messages = useMessages();
  const { connection } = useBoardContext().session;
  const status = useValue(connection.$status);
  const saveState = useValue(connection.saveState.$saveState);
  const unsyncedEdits = useValue(connection.saveState.$unsyncedEdits);

  return (
    <div className="connection-badge" data-testid="connection-badge" data-status={status} role="status">
      <span className="connection-badge-dot" aria-hidden="true" />
      <span>{statusLabel(status, messages)}</span>
      {unsyncedEdits > 0 && (
        <span data-testid="unsynced-edits" data-count={unsyncedEdits}>
          {unsyncedEdits === 1 ? messages.unsyncedEdit : formatMessage(messages.unsyncedEdits, { count: unsyncedEdits })}
        </span>
      )}
      {saveState === 'failing' && (
        <span className="connection-badge-warning" data-testid="not-saved">
          {messages.notSaved}
        </span>
      )}
    </div>
  );
}
