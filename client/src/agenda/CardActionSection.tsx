import { TldrawUiButton, TldrawUiButtonLabel, useEditor, useValue, type TLNoteShape } from 'tldraw';
import { CARD_META_ACTION, cardActionOf, type CardAction } from '../../../shared/src/index.ts';
import { useAgendaMessages } from './agendaMessages.ts';
import './agenda.css';

const KINDS = ['none', 'action', 'decision'] as const;
type Kind = (typeof KINDS)[number];

/**
 * "Action item" or "Decision" for the selected card, with owner, due date and done, kept in the
 * card's meta.action: the journey data, the exports and the workshop summary list them from there.
 */
export function CardActionSection() {
  const editor = useEditor();
  const t = useAgendaMessages();
  const note = useValue(
    'card for action',
    () => {
      const shape = editor.getOnlySelectedShape();
      return shape?.type === 'note' && !editor.getIsReadonly() ? (shape) : null;
    },
    [editor],
  );
  if (!note) return null;
  const action = cardActionOf(note.meta);
  const kind: Kind = action?.kind ?? 'none';
  // The owner as typed: the parsed one is trimmed, which would eat the space before the next word.
  const typedOwner = (note.meta[CARD_META_ACTION] as { owner?: unknown } | undefined)?.owner;

  const write = (next: CardAction | null) => {
    const { [CARD_META_ACTION]: _previous, ...rest } = note.meta;
    editor.updateShape<TLNoteShape>({ id: note.id, type: 'note', meta: next ? { ...rest, [CARD_META_ACTION]: next } : rest });
  };
  const update = (change: Partial<CardAction>) => write({ kind: 'action', owner: '', due: null, done: false, ...action, ...change });
  const labels: Record<Kind, string> = { none: t.actionNone, action: t.actionAction, decision: t.actionDecision };

  return (
    <section className="jb-card-action" aria-label={t.actionHeading} data-testid="card-action">
      <h3>{t.actionHeading}</h3>
      <div className="jb-segments" role="radiogroup" aria-label={t.actionKind}>
        {KINDS.map((option) => (
          <TldrawUiButton
            key={option}
            type="normal"
            role="radio"
            aria-checked={kind === option}
            isActive={kind === option}
            data-testid={`card-action-${option}`}
            onClick={() => (option === 'none' ? write(null) : update({ kind: option }))}
          >
            <TldrawUiButtonLabel>{labels[option]}</TldrawUiButtonLabel>
          </TldrawUiButton>
        ))}
      </div>
      {action ? (
        <>
          <label className="jb-field">
            <span>{t.actionOwner}</span>
            <input data-testid="card-action-owner" value={typeof typedOwner === 'string' ? typedOwner : action.owner} maxLength={200} onChange={(e) => update({ owner: e.target.value })} />
          </label>
          <div className="jb-agenda-field-row">
            <label className="jb-field">
              <span>{t.actionDue}</span>
              <input data-testid="card-action-due" type="date" value={action.due ?? ''} onChange={(e) => update({ due: /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) ? e.target.value : null })} />
            </label>
            <label className="jb-agenda-toggle">
              <input type="checkbox" data-testid="card-action-done" checked={action.done} onChange={(e) => update({ done: e.target.checked })} />
              <span>{t.actionDone}</span>
            </label>
          </div>
        </>
      ) : null}
    </section>
  );
}
