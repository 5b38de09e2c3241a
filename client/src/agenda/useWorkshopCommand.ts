import { useCallback, useState } from 'react';
import type { WorkshopCommand } from '../../../shared/src/index.ts';
import { describeError } from '../api/apiClient.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { formatMessage } from '../i18n/messages.ts';
import { sendWorkshopCommand } from './agendaApi.ts';
import { useAgendaMessages } from './agendaMessages.ts';

/** Sends the facilitator's workshop commands, one at a time; the new state arrives through the board. */
export function useWorkshopCommand(): { send: (command: WorkshopCommand) => void; busy: boolean; error: string | null } {
  const { session } = useBoardContext();
  const t = useAgendaMessages();
  const boardId = session.connection.boardId;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = useCallback(
    (command: WorkshopCommand) => {
      setBusy(true);
      setError(null);
      sendWorkshopCommand(boardId, command)
        .catch((e: unknown) => setError(formatMessage(t.failed, { reason: describeError(e) })))
        .finally(() => setBusy(false));
    },
    [boardId, t],
  );
  return { send, busy, error };
}
