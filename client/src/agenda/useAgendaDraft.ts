import { useCallback, useEffect, useRef, useState } from 'react';
import type { Agenda, AgendaStep } from '../../../shared/src/index.ts';
import { describeError } from '../api/apiClient.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { formatMessage } from '../i18n/messages.ts';
import { putAgenda } from './agendaApi.ts';
import { validateDraft } from './agendaDraft.ts';
import { useAgendaMessages } from './agendaMessages.ts';

const SAVE_DELAY_MS = 700;

export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'invalid'; problem: string } | { kind: 'error'; message: string };

/** The facilitator's draft of the agenda: edits are saved (PUT) a moment after the last one, or when the panel loses focus. */
export function useAgendaDraft(agenda: Agenda | null) {
  const { session } = useBoardContext();
  const t = useAgendaMessages();
  const boardId = session.connection.boardId;
  const [steps, setSteps] = useState<AgendaStep[]>(agenda?.steps ?? []);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  // Unsaved edits win over the board's agenda; once saved, the board's (also another facilitator's) is shown.
  const unsaved = useRef<AgendaStep[] | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // What was last sent, as sent (trimmed) and as typed: the board's echo of it keeps what was typed
  // (a trailing space about to be followed by the next word).
  const lastSent = useRef<{ json: string; typed: AgendaStep[] } | null>(null);

  useEffect(() => {
    if (unsaved.current !== null) return;
    const sent = lastSent.current;
    setSteps(sent && agenda && JSON.stringify(agenda) === sent.json ? sent.typed : (agenda?.steps ?? []));
  }, [agenda]);

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    const draft = unsaved.current;
    if (draft === null) return;
    const checked = validateDraft(draft, t.titleRequired);
    if ('problem' in checked) {
      setStatus({ kind: 'invalid', problem: checked.problem });
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      lastSent.current = { json: JSON.stringify(checked.agenda), typed: draft };
      await putAgenda(boardId, checked.agenda);
      // Edits made while this one was on its way stay unsaved (and are saved next).
      if (unsaved.current === draft) unsaved.current = null;
      setStatus({ kind: 'saved' });
    } catch (error) {
      setStatus({ kind: 'error', message: formatMessage(t.failed, { reason: describeError(error) }) });
    }
  }, [boardId, t]);

  const edit = useCallback(
    (change: (steps: AgendaStep[]) => AgendaStep[]) => {
      setSteps((current) => {
        const next = change(current);
        unsaved.current = next;
        return next;
      });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), SAVE_DELAY_MS);
    },
    [save],
  );

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      // Closing the panel keeps what was typed: the last edits are still sent.
      if (unsaved.current !== null) void save();
    },
    [save],
  );

  return { steps, status, edit, save, setStatus };
}
