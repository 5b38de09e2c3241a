import { useCallback, useEffect, useState } from 'react';
import { ROLES, type Role, type ShareLink } from '../../../shared/src/index.ts';
import { createShareLink, describeError, listShareLinks, revokeShareLink } from '../api/apiClient.ts';
import type { Messages } from '../i18n/messages.ts';
import { useMessages } from '../i18n/useMessages.ts';

export function roleLabel(messages: Messages, role: Role): string {
  const labels: Record<Role, string> = {
    facilitator: messages.roleFacilitator,
    editor: messages.roleEditor,
    commenter: messages.roleCommenter,
    viewer: messages.roleViewer,
  };
  return labels[role];
}

const stop = { onPointerDown: (e: React.PointerEvent) => e.stopPropagation(), onKeyDown: (e: React.KeyboardEvent) => e.stopPropagation() };

/** The facilitator's share links: create one per role, copy, revoke. */
export function ShareDialog({ boardId, onClose }: { boardId: string; onClose: () => void }) {
  const messages = useMessages();
  const [links, setLinks] = useState<ShareLink[] | null>(null);
  const [role, setRole] = useState<Role>('editor');
  const [label, setLabel] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const reload = useCallback(() => {
    listShareLinks(boardId).then(setLinks, (error: unknown) => setFailure(describeError(error)));
  }, [boardId]);
  useEffect(reload, [reload]);

  const create = async () => {
    setFailure(null);
    try {
      await createShareLink(boardId, role, label);
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
      <div className="dialog share-dialog" role="dialog" aria-label={messages.shareTitle} data-testid="share-dialog">
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
          <button type="button" data-testid="share-create" onClick={() => void create()}>
            {messages.shareCreate}
          </button>
        </div>
        {failure ? <p role="alert">{failure}</p> : null}
        {links?.length === 0 ? <p>{messages.shareEmpty}</p> : null}
        <ul className="share-links" data-testid="share-links">
          {links?.map((link) => (
            <li key={link.id} data-testid="share-link" data-role={link.role} data-revoked={link.revokedAt ? 'true' : 'false'}>
              <span className="share-link-role">{roleLabel(messages, link.role)}</span>
              <span className="share-link-label">{link.label}</span>
              {link.revokedAt ? (
                <span className="share-link-revoked">{messages.shareRevoked}</span>
              ) : (
                <>
                  <input readOnly className="share-link-url" data-testid="share-link-url" value={new URL(link.path, window.location.origin).toString()} />
                  <button type="button" onClick={() => void copy(link)}>
                    {copied === link.id ? messages.shareCopied : messages.shareCopy}
                  </button>
                  <button type="button" data-testid="share-revoke" onClick={() => void revoke(link.id)}>
                    {messages.shareRevoke}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
        <button type="button" onClick={onClose}>
          {messages.shareClose}
        </button>
      </div>
    </div>
  );
}
