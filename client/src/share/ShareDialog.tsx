import { useCallback, useEffect, useRef, useState } from 'react';
import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel } from 'tldraw';
import { ROLES, type Role, type ShareLink } from '../../../shared/src/index.ts';
import { createShareLink, describeError, listShareLinks, revokeShareLink } from '../api/apiClient.ts';
import { formatMessage, type Messages } from '../i18n/messages.ts';
import { useMessages, useUiLocale } from '../i18n/useMessages.ts';
import { useShareMessages, type ShareMessages } from './shareMessages.ts';

export function roleLabel(messages: Messages, role: Role): string {
  const labels: Record<Role, string> = {
    facilitator: messages.roleFacilitator,
    editor: messages.roleEditor,
    commenter: messages.roleCommenter,
    viewer: messages.roleViewer,
  };
  return labels[role];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRY_CHOICES = ['never', '1', '7', '30', 'date'] as const;
type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

function expiryChoiceLabel(t: ShareMessages, choice: ExpiryChoice): string {
  const labels: Record<ExpiryChoice, string> = {
    never: t.expiryNever,
    '1': t.expiryOneDay,
    '7': t.expirySevenDays,
    '30': t.expiryThirtyDays,
    date: t.expiryOnDate,
  };
  return labels[choice];
}

/** When a link made now with this choice expires; a chosen date lasts through that day (local time). Undefined: no date picked yet. */
function expiryOf(choice: ExpiryChoice, date: string): Date | null | undefined {
  if (choice === 'never') return null;
  if (choice !== 'date') return new Date(Date.now() + Number(choice) * DAY_MS);
  const [year, month, day] = date.split('-').map(Number);
  if (!year || !month || !day) return undefined;
  return new Date(year, month - 1, day, 23, 59, 59, 999);
}

/** yyyy-mm-dd of today in local time, the earliest date the picker offers. */
function todayForDateInput(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function expiryText(link: ShareLink, t: ShareMessages, formatTime: (iso: string) => string): string {
  if (!link.expiresAt) return t.neverExpires;
  const template = Date.parse(link.expiresAt) <= Date.now() ? t.expired : t.expiresOn;
  return formatMessage(template, { time: formatTime(link.expiresAt) });
}

const stop = { onPointerDown: (e: React.PointerEvent) => e.stopPropagation(), onKeyDown: (e: React.KeyboardEvent) => e.stopPropagation() };

/** The facilitator's share links: create one per role with an optional expiry, copy, revoke. */
export function ShareDialog({ boardId, onClose }: { boardId: string; onClose: () => void }) {
  const messages = useMessages();
  const t = useShareMessages();
  const locale = useUiLocale();
  const formatTime = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const [links, setLinks] = useState<ShareLink[] | null>(null);
  const [role, setRole] = useState<Role>('editor');
  const [label, setLabel] = useState('');
  const [expiryChoice, setExpiryChoice] = useState<ExpiryChoice>('never');
  const [expiryDate, setExpiryDate] = useState('');
  const dialogRef = useRef<HTMLDivElement>(null);
  // Keyboard users land in the dialog when it opens and return to what opened it when it closes.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.focus();
    return () => opener?.focus();
  }, []);
  const [failure, setFailure] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const reload = useCallback(() => {
    listShareLinks(boardId).then(setLinks, (error: unknown) => setFailure(describeError(error)));
  }, [boardId]);
  useEffect(reload, [reload]);

  const expiresAt = expiryOf(expiryChoice, expiryDate);
  const create = async () => {
    if (expiresAt === undefined) return;
    setFailure(null);
    try {
      await createShareLink(boardId, { role, label, expiresAt: expiresAt?.toISOString() ?? null });
      setLabel('');
      reload();
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  const revoke = async (linkId: string) => {
    try {
      await revokeShareLink(boardId, linkId);
      reload();
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  const copy = async (link: ShareLink) => {
    const url = new URL(link.path, window.location.origin).toString();
    await navigator.clipboard.writeText(url).catch(() => undefined);
    setCopied(link.id);
  };

  return (
    <div className="dialog-backdrop" {...stop}>
      <div
        ref={dialogRef}
        className="dialog share-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={messages.shareTitle}
        data-testid="share-dialog"
        tabIndex={-1}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            onClose();
          }
        }}
      >
        <h2>{messages.shareTitle}</h2>
        <div className="share-create">
          <label>
            {messages.shareRole}
            <select data-testid="share-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(messages, r)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {messages.shareLabel}
            <input data-testid="share-label" value={label} onChange={(e) => setLabel(e.target.value)} maxLength={100} />
          </label>
          <label>
            {t.expiry}
            <select data-testid="share-expiry" value={expiryChoice} onChange={(e) => setExpiryChoice(e.target.value as ExpiryChoice)}>
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {expiryChoiceLabel(t, choice)}
                </option>
              ))}
            </select>
          </label>
          {expiryChoice === 'date' ? (
            <label>
              {t.expiryDate}
              <input type="date" data-testid="share-expiry-date" min={todayForDateInput()} value={expiryDate} onChange={(e) => setExpiryDate(e.target.value)} />
            </label>
          ) : null}
          <TldrawUiButton type="primary" data-testid="share-create" disabled={expiresAt === undefined} onClick={() => void create()}>
            <TldrawUiButtonLabel>{messages.shareCreate}</TldrawUiButtonLabel>
          </TldrawUiButton>
        </div>
        {failure ? <p role="alert">{failure}</p> : null}
        {links?.length === 0 ? <p>{messages.shareEmpty}</p> : null}
        <ul className="share-links" data-testid="share-links">
          {links?.map((link) => {
            const expired = link.expiresAt !== null && Date.parse(link.expiresAt) <= Date.now();
            return (
              <li key={link.id} data-testid="share-link" data-role={link.role} data-revoked={link.revokedAt ? 'true' : 'false'} data-expired={expired ? 'true' : 'false'}>
                <span className="share-link-role">{roleLabel(messages, link.role)}</span>
                {/* The facilitator link the server makes with a board is labelled with its role's id: the role already says it. */}
                <span className="share-link-label">{link.label === link.role ? null : link.label}</span>
                <span className={expired ? 'share-link-expiry share-link-expired' : 'share-link-expiry'} data-testid="share-link-expiry">
                  {expiryText(link, t, formatTime)}
                </span>
                {link.revokedAt ? (
                  <span className="share-link-revoked">{messages.shareRevoked}</span>
                ) : expired ? null : (
                  <>
                    <input
                      readOnly
                      className="share-link-url"
                      data-testid="share-link-url"
                      aria-label={formatMessage(messages.shareLinkUrl, { role: roleLabel(messages, link.role) })}
                      value={new URL(link.path, window.location.origin).toString()}
                    />
                    <TldrawUiButton type="normal" onClick={() => void copy(link)}>
                      <TldrawUiButtonIcon icon={copied === link.id ? 'clipboard-copied' : 'clipboard-copy'} small />
                      <TldrawUiButtonLabel>{copied === link.id ? messages.shareCopied : messages.shareCopy}</TldrawUiButtonLabel>
                    </TldrawUiButton>
                    <TldrawUiButton type="danger" data-testid="share-revoke" onClick={() => void revoke(link.id)}>
                      <TldrawUiButtonLabel>{messages.shareRevoke}</TldrawUiButtonLabel>
                    </TldrawUiButton>
                  </>
                )}
              </li>
            );
          })}
        </ul>
        <div className="share-footer">
          <TldrawUiButton type="normal" data-testid="share-close" onClick={onClose}>
            <TldrawUiButtonLabel>{messages.shareClose}</TldrawUiButtonLabel>
          </TldrawUiButton>
        </div>
      </div>
    </div>
  );
}
