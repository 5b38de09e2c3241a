import { useId, useRef } from 'react';
import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel } from 'tldraw';
import type { LiveDataMessages } from './liveDataMessages.ts';

/**
 * A file chooser in tldraw's look and the interface's language: the browser's own one says
 * "Choose File / No file chosen" in the browser's language and looks native. The input stays in
 * the page (visually hidden) for keyboards, screen readers and tests' setInputFiles.
 */
export function FileField({ t, label, accept, file, onChange, testId }: { t: LiveDataMessages; label: string; accept: string; file: File | null; onChange: (file: File | null) => void; testId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const nameId = useId();
  return (
    <div className="jb-file-field">
      <input
        ref={input}
        className="jb-visually-hidden"
        data-testid={testId}
        type="file"
        accept={accept}
        aria-label={label}
        aria-describedby={nameId}
        tabIndex={-1}
        onChange={(event) => onChange(event.target.files?.[0] ?? null)}
      />
      <TldrawUiButton type="normal" data-testid={`${testId}-choose`} aria-describedby={nameId} onClick={() => input.current?.click()}>
        <TldrawUiButtonIcon icon="download" small />
        <TldrawUiButtonLabel>{t.chooseFile}</TldrawUiButtonLabel>
      </TldrawUiButton>
      <span id={nameId} className="jb-file-field-name" data-testid={`${testId}-name`}>
        {file ? file.name : t.noFileChosen}
      </span>
    </div>
  );
}
