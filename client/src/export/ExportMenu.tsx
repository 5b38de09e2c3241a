import { useCallback, useRef, useState } from 'react';
import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel, useEditor, useValue } from 'tldraw';
import { exportFileBaseName, JOURNEY_EXPORT_EXTENSIONS, type JourneyExportFormat } from '../../../shared/src/index.ts';
import { SummaryExports } from '../agenda/SummaryExports.tsx';
import { formatMessage } from '../i18n/messages.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { useDismissOnEscape } from '../board/chrome/useDismissOnEscape.ts';
import { exportPng, exportSvg, NothingToExportError } from './canvasExport.ts';
import { saveBlob } from './download.ts';
import { boardTarget, selectionTarget, templateTargets, type ExportTarget } from './exportTargets.ts';
import { useExportMessages } from './exportMessages.ts';
import { fetchJourneyExport } from './journeyDownloads.ts';
import './export.css';

/** The server's readable API page (Swagger UI, served by the app itself). */
const API_DOCS_URL = '/api/docs/';

type Status = { kind: 'idle' } | { kind: 'working' } | { kind: 'error'; message: string };

/** The Export button of the top panel and its menu: canvas pictures (PNG, SVG, PDF) and journey data files. */
export function ExportMenu() {
  const editor = useEditor();
  const t = useExportMessages();
  const { session, title } = useBoardContext();
  const boardId = session.connection.boardId;
  const boardName = title ?? t.untitled;
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState('board');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const menuRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const closeMenu = useCallback(() => setOpen(false), []);
  useDismissOnEscape(open, closeMenu, menuRef, triggerRef);
  const templates = useValue('export templates', () => (open ? templateTargets(editor) : []), [editor, open]);
  const selectedCount = useValue('selected count', () => editor.getSelectedShapeIds().length, [editor]);

  const currentTarget = (): ExportTarget => {
    if (scope === 'selection') return selectionTarget(editor, `${boardName}-selection`);
    return templates.find((target) => target.key === scope) ?? boardTarget(editor, boardName);
  };

  const run = async (work: () => Promise<void>) => {
    setStatus({ kind: 'working' });
    try {
      await work();
      setStatus({ kind: 'idle' });
    } catch (error) {
      const message = error instanceof NothingToExportError ? t.nothingToExport : formatMessage(t.failed, { reason: error instanceof Error ? error.message : String(error) });
      setStatus({ kind: 'error', message });
    }
  };

  const exportPicture = (format: 'png' | 'svg') =>
    run(async () => {
      const target = currentTarget();
      const blob = format === 'png' ? await exportPng(editor, target) : await exportSvg(editor, target);
      saveBlob(blob, `${exportFileBaseName(target.name)}.${format}`);
    });

  const exportPdfFile = () =>
    run(async () => {
      // Loaded on demand: pdf-lib is only needed by those who export a PDF.
      const { exportPdf } = await import('./pdfExport.ts');
      const pages = templates.length > 0 ? templates : [boardTarget(editor, boardName)];
      saveBlob(await exportPdf(editor, pages, boardName), `${exportFileBaseName(boardName)}.pdf`);
    });

  const exportData = (format: JourneyExportFormat) =>
    run(async () => {
      saveBlob(await fetchJourneyExport(boardId, format), `${exportFileBaseName(boardName)}.${JOURNEY_EXPORT_EXTENSIONS[format]}`);
    });

  const dataButtons: Array<[JourneyExportFormat, string]> = [
    ['json', t.json],
    ['csv', t.csv],
    ['md', t.markdown],
    ['xlsx', t.xlsx],
    ['mermaid', t.mermaid],
  ];

  return (
    <div className="jb-export" ref={menuRef} onPointerDown={(event) => event.stopPropagation()}>
      <TldrawUiButton ref={triggerRef} type="normal" className="jb-export-button" data-testid="export-button" aria-expanded={open} isActive={open} onClick={() => setOpen(!open)}>
        <TldrawUiButtonLabel>{t.export}</TldrawUiButtonLabel>
        <TldrawUiButtonIcon icon="chevron-down" small />
      </TldrawUiButton>
      {open ? (
        <div className="jb-export-menu" role="dialog" aria-label={t.exportTitle} data-testid="export-menu">
          <h3>{t.canvasHeading}</h3>
          <label className="jb-export-field">
            <span>{t.scope}</span>
            <select data-testid="export-scope" value={scope} onChange={(event) => setScope(event.target.value)}>
              <option value="board">{t.scopeBoard}</option>
              <option value="selection" disabled={selectedCount === 0}>
                {selectedCount === 0 ? t.scopeSelectionEmpty : t.scopeSelection}
              </option>
              {templates.map((target) => (
                <option key={target.key} value={target.key}>
                  {formatMessage(t.scopeTemplate, { name: target.name })}
                </option>
              ))}
            </select>
          </label>
          <div className="jb-export-buttons">
            <TldrawUiButton type="normal" data-testid="export-png" disabled={status.kind === 'working'} onClick={() => void exportPicture('png')}>
              {t.png}
            </TldrawUiButton>
            <TldrawUiButton type="normal" data-testid="export-svg" disabled={status.kind === 'working'} onClick={() => void exportPicture('svg')}>
              {t.svg}
            </TldrawUiButton>
            <TldrawUiButton type="normal" data-testid="export-pdf" disabled={status.kind === 'working'} title={t.pdfHint} onClick={() => void exportPdfFile()}>
              {t.pdf}
            </TldrawUiButton>
          </div>
          <h3>{t.dataHeading}</h3>
          <div className="jb-export-buttons">
            {dataButtons.map(([format, label]) => (
              <TldrawUiButton key={format} type="normal" data-testid={`export-${format}`} disabled={status.kind === 'working'} onClick={() => void exportData(format)}>
                {label}
              </TldrawUiButton>
            ))}
          </div>
          <SummaryExports />
          <a className="jb-export-api" href={API_DOCS_URL} target="_blank" rel="noreferrer">
            {t.apiDocs}
          </a>
          {status.kind === 'working' ? <p className="jb-export-status">{t.working}</p> : null}
          {status.kind === 'error' ? (
            <p className="jb-export-status jb-export-error" role="alert" data-testid="export-error">
              {status.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
