import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { createTLStore, Tldraw, useEditor, type Editor, type SerializedSchema, type TLStore } from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import type { VersionDetail, VersionDiff } from '../../../shared/src/history.ts';
import { describeError } from '../api/apiClient.ts';
import { useClientConfig } from '../app/useClientConfig.ts';
import { canvasShapeUtils, storeShapeUtils } from '../board/canvasShapeUtils.ts';
import { canvasOptions } from '../board/canvasOptions.ts';
import { applyRemoteRecordChanges } from '../sync/remoteRecords.ts';
import { ChangeSummaryView } from './ChangeSummaryView.tsx';
import { fetchChangesSince, fetchVersion } from './historyApi.ts';
import { format, useHistoryMessages } from './historyMessages.ts';

const assetUrls = getAssetUrlsByImport();

/** A store of its own holding the version's records; records that no longer load are skipped. */
function storeOf(detail: VersionDetail): TLStore {
  const store = createTLStore({ shapeUtils: storeShapeUtils });
  const upserts = new Map<string, unknown>(detail.records.map((record) => [String(record.id), record]));
  applyRemoteRecordChanges(store, { upserts, removals: [] }, (detail.schema ?? undefined) as SerializedSchema | undefined, (id, error) => {
    console.warn(`Journeyboard: record ${id} of this version could not be shown`, error);
  });
  return store;
}

function VersionCanvas({ detail }: { detail: VersionDetail }) {
  const config = useClientConfig();
  const store = useMemo(() => storeOf(detail), [detail]);
  if (config.status !== 'loaded') return null;
  const handleMount = (editor: Editor) => {
    editor.updateInstanceState({ isReadonly: true });
    editor.zoomToFit();
    // Once more after the first layout, when the viewport has its real size.
    const frame = requestAnimationFrame(() => editor.zoomToFit());
    return () => cancelAnimationFrame(frame);
  };
  return (
    <Tldraw
      store={store}
      licenseKey={config.config.tldrawLicenseKey ?? undefined}
      assetUrls={assetUrls}
      shapeUtils={canvasShapeUtils}
      options={canvasOptions}
      hideUi
      onMount={handleMount}
    />
  );
}

type Loaded = { detail: VersionDetail; changes: VersionDiff } | { error: string } | null;

/**
 * A version, read-only, in a modal over the board: its canvas, and what has changed since.
 * Rendered into document.body so the board's canvas underneath receives none of its input.
 */
export function VersionViewer({
  boardId,
  versionId,
  label,
  time,
  canRestore,
  onRestore,
  onClose,
}: {
  boardId: string;
  versionId: string;
  label: string;
  time: string;
  canRestore: boolean;
  onRestore: () => void;
  onClose: () => void;
}) {
  const t = useHistoryMessages();
  const board = useEditor();
  const [loaded, setLoaded] = useState<Loaded>(null);

  // The board's editor must not act on keys meant for the viewer (Delete would delete its selection).
  useEffect(() => {
    const wasFocused = board.getIsFocused();
    board.blur();
    return () => {
      if (wasFocused) board.focus();
    };
  }, [board]);

  useEffect(() => {
    let cancelled = false;
    Promise.all([fetchVersion(boardId, versionId), fetchChangesSince(boardId, versionId)]).then(
      ([detail, changes]) => {
        if (!cancelled) setLoaded({ detail, changes });
      },
      (error: unknown) => {
        if (!cancelled) setLoaded({ error: describeError(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, versionId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return createPortal(
    <div className="jb-history-backdrop" data-testid="version-viewer" onPointerDown={(e) => e.stopPropagation()}>
      <div className="jb-history-viewer" role="dialog" aria-modal="true" aria-label={format(t.viewerTitle, { name: label, time })}>
        <header>
          <h3>{format(t.viewerTitle, { name: label, time })}</h3>
          {canRestore ? (
            <button type="button" data-testid="version-viewer-restore" onClick={onRestore}>
              {t.restore}
            </button>
          ) : null}
          <button type="button" data-testid="version-viewer-close" onClick={onClose} aria-label={t.close}>
            ✕
          </button>
        </header>
        <div className="jb-history-viewer-body">
          <div className="jb-history-viewer-canvas" data-testid="version-viewer-canvas">
            {loaded && 'detail' in loaded ? <VersionCanvas detail={loaded.detail} /> : null}
          </div>
          <aside className="jb-history-viewer-changes">
            <h4>{format(t.changesTitle, { name: label })}</h4>
            {loaded === null ? <p>{t.loading}</p> : null}
            {loaded && 'error' in loaded ? <p role="alert">{format(t.failed, { reason: loaded.error })}</p> : null}
            {loaded && 'changes' in loaded ? <ChangeSummaryView summary={loaded.changes} /> : null}
          </aside>
        </div>
      </div>
    </div>,
    document.body,
  );
}
