import { useState } from 'react';
import { TldrawUiButton, useValue } from 'tldraw';
import { exportFileBaseName } from '../../../shared/src/index.ts';
import { describeError } from '../api/apiClient.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { saveBlob } from '../export/download.ts';
import { formatMessage } from '../i18n/messages.ts';
import { useUiLocale } from '../i18n/useMessages.ts';
import { fetchWorkshopSummary, type SummaryFormat } from './agendaApi.ts';
import { useAgendaMessages } from './agendaMessages.ts';
import { agendaSignals } from './agendaSignals.ts';

/** The Export menu's workshop summary downloads, once a workshop has run on the board. */
export function SummaryExports() {
  const t = useAgendaMessages();
  const locale = useUiLocale();
  const { session, title } = useBoardContext();
  const boardId = session.connection.boardId;
  const hasRun = useValue('workshop has run', () => agendaSignals(session.connection.doc).$workshop.get() !== null, [session]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!hasRun) return null;

  const download = async (format: SummaryFormat) => {
    setBusy(true);
    setError(null);
    try {
      const blob = await fetchWorkshopSummary(boardId, format, locale);
      saveBlob(blob, `${exportFileBaseName(title ?? 'board')}-summary.${format}`);
    } catch (e) {
      setError(formatMessage(t.failed, { reason: describeError(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h3>{t.summaryHeading}</h3>
      <div className="jb-export-buttons">
        <TldrawUiButton type="normal" data-testid="export-summary-md" disabled={busy} onClick={() => void download('md')}>
          {t.summaryMarkdown}
        </TldrawUiButton>
        <TldrawUiButton type="normal" data-testid="export-summary-pdf" disabled={busy} onClick={() => void download('pdf')}>
          {t.summaryPdf}
        </TldrawUiButton>
      </div>
      {error ? (
        <p className="jb-export-status jb-export-error" role="alert" data-testid="export-summary-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
