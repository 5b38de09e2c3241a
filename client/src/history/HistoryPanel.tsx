import { useCallback, useEffect, useState } from 'react';
import { useValue } from 'tldraw';
import type { RestoreResult, VersionDiff, VersionSummary } from '../../../shared/src/history.ts';
import { describeError } from '../api/apiClient.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { $displayName, $uiLocale } from '../user/userPreferences.ts';
import { ChangeSummaryView } from './ChangeSummaryView.tsx';
import { fetchChangesSince, listVersions, restoreVersion, saveVersion } from './historyApi.ts';
import { format, useHistoryMessages } from './historyMessages.ts';
import { cardCount, versionLabel, versionTime } from './versionLabels.ts';
import { VersionViewer } from './VersionViewer.tsx';

type Versions = { versions: VersionSummary[]; keepAutomatic: number } | null;
type Selected = { id: string; mode: 'changes' | 'confirm' };

const stop = {
  onPointerDown: (e: React.PointerEvent) => e.stopPropagation(),
  onWheel: (e: React.WheelEvent) => e.stopPropagation(),
};

/** The board's versions: save a named one, see what changed since one, view it read-only, restore it. */
export function HistoryPanel({ boardId, onClose }: { boardId: string; onClose: () => void }) {
  const t = useHistoryMessages();
  const { role } = useBoardContext();
  const locale = useValue($uiLocale);
  const author = useValue($displayName);
  // The server lets editors and facilitators save and restore; everyone else only looks.
  const readonly = role !== 'editor' && role !== 'facilitator';
  const [data, setData] = useState<Versions>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<'saving' | 'restoring' | null>(null);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [changes, setChanges] = useState<VersionDiff | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [restored, setRestored] = useState<{ result: RestoreResult; label: string; undo: boolean } | null>(null);

  const refresh = useCallback(async () => {
    try {
      setData(await listVersions(boardId));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [boardId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (selected?.mode !== 'changes') return;
    let cancelled = false;
    setChanges(null);
    fetchChangesSince(boardId, selected.id).then(
      (diff) => {
        if (!cancelled) setChanges(diff);
      },
      (e: unknown) => {
        if (!cancelled) setError(describeError(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, selected]);

  const versions = data?.versions ?? [];
  const labelOf = (version: VersionSummary) => versionLabel(version, versions, t);

  const save = async () => {
    const trimmed = name.trim();
    if (!trimmed || busy) return;
    setBusy('saving');
    try {
      await saveVersion(boardId, trimmed, author);
      setName('');
      await refresh();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const restore = async (version: VersionSummary) => {
    if (busy) return;
    setBusy('restoring');
    try {
      const result = await restoreVersion(boardId, version.id, author);
      setRestored({ result, label: labelOf(version), undo: version.id === restored?.result.checkpoint.id });
      setSelected(null);
      setViewing(null);
      await refresh();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const viewed = versions.find((v) => v.id === viewing);

  return (
    <aside className="jb-history-panel" data-testid="history-panel" {...stop}>
      <header>
        <h3>{t.historyTitle}</h3>
        <button type="button" onClick={onClose} aria-label={t.close}>
          ✕
        </button>
      </header>

      {readonly ? null : (
        <form
          className="jb-history-save"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="jb-field">
            <span>{t.saveHeading}</span>
            <input
              data-testid="history-name"
              value={name}
              maxLength={120}
              placeholder={t.versionNamePlaceholder}
              aria-label={t.versionName}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit" data-testid="history-save" disabled={!name.trim() || busy !== null}>
            {busy === 'saving' ? t.saving : t.save}
          </button>
        </form>
      )}

      {error ? (
        <p role="alert" className="jb-history-error">
          {format(t.failed, { reason: error })}{' '}
          <button type="button" onClick={() => void refresh()}>
            {t.retry}
          </button>
        </p>
      ) : null}

      {restored ? (
        <p className="jb-history-notice" data-testid="history-restored" role="status">
          {restored.undo ? t.restoreUndone : format(t.restored, { name: restored.label })}{' '}
          {readonly || restored.undo ? null : (
            <button
              type="button"
              data-testid="history-undo-restore"
              disabled={busy !== null}
              onClick={() => {
                const checkpoint = versions.find((v) => v.id === restored.result.checkpoint.id) ?? restored.result.checkpoint;
                void restore(checkpoint);
              }}
            >
              {t.undoRestore}
            </button>
          )}
        </p>
      ) : null}

      {data === null && !error ? <p>{t.loading}</p> : null}
      {data && versions.length === 0 ? <p className="jb-history-muted">{t.empty}</p> : null}

      <ol className="jb-history-list">
        {versions.map((version) => {
          const isSelected = selected?.id === version.id;
          const label = labelOf(version);
          return (
            <li
              key={version.id}
              className={`jb-history-item jb-history-${version.kind}${isSelected ? ' jb-history-selected' : ''}`}
              data-testid="history-version"
              data-kind={version.kind}
              data-version-id={version.id}
            >
              <button
                type="button"
                className="jb-history-item-title"
                aria-expanded={isSelected}
                onClick={() => setSelected(isSelected ? null : { id: version.id, mode: 'changes' })}
              >
                <strong data-testid="history-version-label">{label}</strong>
                <small>
                  {versionTime(version, locale)}
                  {version.createdBy ? ` · ${format(t.byAuthor, { name: version.createdBy })}` : ''} · {cardCount(version.cardCount, t)}
                </small>
              </button>
              {isSelected ? (
                <div className="jb-history-item-body">
                  <div className="jb-history-actions">
                    <button type="button" data-testid="history-view" onClick={() => setViewing(version.id)}>
                      {t.view}
                    </button>
                    <button
                      type="button"
                      data-testid="history-compare"
                      aria-pressed={selected.mode === 'changes'}
                      onClick={() => setSelected({ id: version.id, mode: 'changes' })}
                    >
                      {t.compare}
                    </button>
                    {readonly ? null : (
                      <button type="button" data-testid="history-restore" onClick={() => setSelected({ id: version.id, mode: 'confirm' })}>
                        {t.restore}
                      </button>
                    )}
                  </div>
                  {selected.mode === 'confirm' ? (
                    <div className="jb-history-confirm" role="alertdialog" aria-label={t.restore}>
                      <p>{format(t.restoreConfirm, { name: label })}</p>
                      <button type="button" data-testid="history-restore-confirm" disabled={busy !== null} onClick={() => void restore(version)}>
                        {busy === 'restoring' ? t.restoring : t.restoreYes}
                      </button>
                      <button type="button" onClick={() => setSelected({ id: version.id, mode: 'changes' })}>
                        {t.cancel}
                      </button>
                    </div>
                  ) : changes && changes.from === version.id ? (
                    <ChangeSummaryView summary={changes} />
                  ) : (
                    <p className="jb-history-muted">{t.loading}</p>
                  )}
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {data ? <p className="jb-history-muted">{format(t.retentionHint, { count: data.keepAutomatic })}</p> : null}

      {viewed ? (
        <VersionViewer
          boardId={boardId}
          versionId={viewed.id}
          label={labelOf(viewed)}
          time={versionTime(viewed, locale)}
          canRestore={!readonly}
          onRestore={() => {
            setSelected({ id: viewed.id, mode: 'confirm' });
            setViewing(null);
          }}
          onClose={() => setViewing(null)}
        />
      ) : null}
    </aside>
  );
}
