import { useEffect, useState } from 'react';
import { BoardStatusSchema, type BoardDamage, type Locale } from '../../../shared/src/index.ts';
import { requestJson } from '../api/apiClient.ts';
import { useLocalized } from '../i18n/useMessages.ts';
import { authHeaders } from '../share/boardTokens.ts';

const en = {
  title: 'This board is damaged in storage and read-only.',
  rebuilt: {
    snapshot: 'Some saved edits could not be read and are missing.',
    'previous-snapshot': 'Its last saved state could not be read; it was rebuilt from the state saved before it and the edits since.',
    'updates-only': 'Its saved states could not be read; it was rebuilt from the edits stored after them and may miss older content.',
  },
  unreadable: 'It cannot be read at all right now.',
  whatNext: 'Nothing was deleted. A facilitator can accept the board as it is shown to make it editable again.',
};

type DamageMessages = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : Record<keyof (typeof en)['rebuilt'], string> };

const de = {
  title: 'Dieses Board ist im Speicher beschädigt und nur lesbar.',
  rebuilt: {
    snapshot: 'Einige gespeicherte Änderungen konnten nicht gelesen werden und fehlen.',
    'previous-snapshot': 'Der zuletzt gespeicherte Stand war nicht lesbar; das Board wurde aus dem Stand davor und den Änderungen seither wiederhergestellt.',
    'updates-only': 'Die gespeicherten Stände waren nicht lesbar; das Board wurde aus den danach gespeicherten Änderungen wiederhergestellt und kann ältere Inhalte vermissen.',
  },
  unreadable: 'Es kann gerade gar nicht gelesen werden.',
  whatNext: 'Es wurde nichts gelöscht. Eine Moderation kann das Board so übernehmen, wie es angezeigt wird, damit es wieder bearbeitbar ist.',
} satisfies DamageMessages;

const DAMAGE_MESSAGES: Record<Locale, DamageMessages> = { en, de };

/** The board's storage damage as the API reports it; null while unknown or intact. */
export function useBoardDamage(boardId: string): BoardDamage | null {
  const [damage, setDamage] = useState<BoardDamage | null>(null);
  useEffect(() => {
    let cancelled = false;
    requestJson(`/api/boards/${encodeURIComponent(boardId)}`, BoardStatusSchema, { headers: authHeaders(boardId) }).then(
      (status) => {
        if (!cancelled) setDamage(status.damage);
      },
      // The board page reports failures of the same request; without an answer nothing is known to be damaged.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [boardId]);
  return damage;
}

/** Above the canvas (which fills the window), at the bottom where tldraw's toolbar would be. */
const BANNER_STYLE = {
  position: 'fixed',
  left: '50%',
  bottom: '1rem',
  transform: 'translateX(-50%)',
  zIndex: 1000,
  maxWidth: 'min(40rem, calc(100vw - 2rem))',
  padding: '0.75rem 1rem',
  borderRadius: '0.5rem',
  background: '#fff4e5',
  border: '1px solid #e08a00',
  color: '#4a2c00',
  boxShadow: '0 2px 8px rgb(0 0 0 / 15%)',
} as const;

/** Says a damaged board is read-only and why (the server refuses edits to it). */
export function BoardDamageBanner({ damage }: { damage: BoardDamage | null }) {
  const t = useLocalized(DAMAGE_MESSAGES);
  if (!damage) return null;
  const cause = damage.state === 'unreadable' || !damage.rebuiltFrom ? t.unreadable : t.rebuilt[damage.rebuiltFrom];
  return (
    <div className="board-damage-banner" role="alert" data-testid="board-damaged" style={BANNER_STYLE}>
      <strong>{t.title}</strong> {cause} {t.whatNext}
    </div>
  );
}
