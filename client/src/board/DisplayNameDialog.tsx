import { useState, type FormEvent } from 'react';
import { useValue } from 'tldraw';
import { useMessages } from '../i18n/useMessages.ts';
import { $displayName, setDisplayName } from '../user/userPreferences.ts';

/** Asks for the name others see at this user's cursor, once per browser. */
export function DisplayNameDialog() {
  const messages = useMessages();
  const displayName = useValue($displayName);
  const [draft, setDraft] = useState('');

  if (displayName !== '') return null;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (draft.trim() !== '') setDisplayName(draft);
  }

  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="display-name-title" data-testid="display-name-dialog">
        {/* A form may not be a dialog (ARIA): the dialog holds it; the form only lays out its fields as the dialog would. */}
        <form className="dialog-form" onSubmit={submit}>
          <h2 id="display-name-title">{messages.displayNameTitle}</h2>
          <p>{messages.displayNameHint}</p>
          <label htmlFor="display-name-input">{messages.displayNameLabel}</label>
          <input
            id="display-name-input"
            data-testid="display-name-input"
            autoFocus
            maxLength={60}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" data-testid="display-name-submit" disabled={draft.trim() === ''}>
            {messages.displayNameSubmit}
          </button>
        </form>
      </div>
    </div>
  );
}
