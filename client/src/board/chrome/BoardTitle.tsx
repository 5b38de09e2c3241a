import { useRef, useState } from 'react';
import { TldrawUiButton, TldrawUiButtonLabel } from 'tldraw';
import { RenameBoardRequestSchema } from '../../../../shared/src/index.ts';
import { describeError } from '../../api/apiClient.ts';
import { useChromeMessages } from './chromeMessages.ts';

interface BoardTitleProps {
  title: string;
  /** Null when this participant may not rename the board: the title is plain text. */
  onRename: ((title: string) => Promise<void>) | null;
}

/**
 * The board's title in the top bar. Editors and facilitators rename it in place: a click turns it
 * into a field; Enter or leaving the field saves, Escape (or an empty field) keeps the old title.
 * A refused rename keeps the field open with what was typed and says why.
 */
export function BoardTitle({ title, onRename }: BoardTitleProps) {
  const t = useChromeMessages();
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // Enter and Escape end the edit themselves; the blur that follows must not save a second time.
  const finished = useRef(false);

  if (!onRename) {
    return (
      <span className="jb-topbar-title" data-testid="board-title" title={title}>
        {title}
      </span>
    );
  }

  const stopEditing = () => {
    setDraft(null);
    setError(null);
    requestAnimationFrame(() => buttonRef.current?.focus());
  };
  const save = async (value: string) => {
    const next = value.trim();
    if (next === '' || next === title) return stopEditing();
    const request = RenameBoardRequestSchema.safeParse({ title: next });
    if (!request.success) {
      finished.current = false;
      return setError(request.error.issues[0]?.message ?? t.renameFailed);
    }
    setSaving(true);
    try {
      await onRename(request.data.title);
      stopEditing();
    } catch (e) {
      finished.current = false;
      setError(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  if (draft === null) {
    return (
      <TldrawUiButton
        ref={buttonRef}
        type="normal"
        className="jb-topbar-title jb-topbar-title-button"
        data-testid="board-title"
        aria-label={`${t.renameBoard}: ${title}`}
        title={t.renameBoard}
        onClick={() => {
          finished.current = false;
          setDraft(title);
        }}
      >
        <TldrawUiButtonLabel>{title}</TldrawUiButtonLabel>
      </TldrawUiButton>
    );
  }
  return (
    <span className="jb-topbar-title-edit">
      <input
        className="jb-topbar-title-input"
        data-testid="board-title-input"
        aria-label={t.boardTitle}
        aria-invalid={error !== null || undefined}
        aria-describedby={error ? 'jb-board-title-error' : undefined}
        value={draft}
        disabled={saving}
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            finished.current = true;
            void save(draft);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            finished.current = true;
            stopEditing();
          }
        }}
        onBlur={() => {
          if (!finished.current && !saving) void save(draft);
        }}
      />
      {error ? (
        <span className="jb-topbar-title-error" id="jb-board-title-error" role="alert" data-testid="board-title-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
