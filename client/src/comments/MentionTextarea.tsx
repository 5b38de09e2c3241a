import { useId, useLayoutEffect, useRef, useState } from 'react';
import { mentionQueryAt, suggestPeople, type Person } from './commentsModel.ts';

interface MentionTextareaProps {
  value: string;
  onChange: (value: string) => void;
  /** Enter (without Shift) submits, unless a suggestion is being picked. */
  onSubmit: () => void;
  onCancel?: () => void;
  people: readonly Person[];
  placeholder: string;
  suggestionsLabel: string;
  testId: string;
  autoFocus?: boolean;
}

/** A textarea that suggests people while an @name is typed; picking one writes "@Name ". */
export function MentionTextarea({ value, onChange, onSubmit, onCancel, people, placeholder, suggestionsLabel, testId, autoFocus }: MentionTextareaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState(value.length);
  // Where the caret goes once a picked mention is in the DOM. Placed in a layout effect, so it
  // lands before the next key event: a later placement (a frame after) would move the caret back
  // over whatever the user typed meanwhile.
  const pendingCaret = useRef<number | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const query = mentionQueryAt(value, caret);
  const suggestions = query && dismissedAt !== query.start ? suggestPeople(people, query.query) : [];
  const active = Math.min(highlighted, Math.max(0, suggestions.length - 1));

  const pick = (person: Person) => {
    if (!query) return;
    const before = value.slice(0, query.start);
    const after = value.slice(caret);
    const inserted = `@${person.name} `;
    onChange(`${before}${inserted}${after}`);
    const nextCaret = before.length + inserted.length;
    setCaret(nextCaret);
    setHighlighted(0);
    pendingCaret.current = nextCaret;
  };

  useLayoutEffect(() => {
    const textarea = ref.current;
    const nextCaret = pendingCaret.current;
    if (!textarea || nextCaret === null) return;
    pendingCaret.current = null;
    textarea.focus();
    textarea.setSelectionRange(nextCaret, nextCaret);
  }, [value]);

  const handleKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setHighlighted((active + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const person = suggestions[active];
        if (person) pick(person);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissedAt(query?.start ?? null);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      onSubmit();
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <div className="jb-mention-input">
      <textarea
        ref={ref}
        data-testid={testId}
        value={value}
        placeholder={placeholder}
        rows={2}
        maxLength={4000}
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={suggestions.length > 0 ? listId : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setHighlighted(0);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={handleKeyDown}
      />
      {suggestions.length > 0 ? (
        <ul className="jb-mention-list" id={listId} role="listbox" aria-label={suggestionsLabel} data-testid="mention-suggestions">
          {suggestions.map((person, index) => (
            <li
              key={person.id}
              role="option"
              aria-selected={index === active}
              data-testid="mention-suggestion"
              onPointerDown={(event) => {
                // Keep the textarea focused: pick on pointer down, before the blur.
                event.preventDefault();
                pick(person);
              }}
            >
              {person.name}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
