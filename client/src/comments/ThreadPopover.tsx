import { useState, type ReactNode } from 'react';
import type { CommentRecord, Role } from '../../../shared/src/index.ts';
import type { Person, ThreadView } from './commentsModel.ts';
import { formatComments, roleName, useCommentsLocale, useCommentsMessages } from './commentsMessages.ts';
import { MentionTextarea } from './MentionTextarea.tsx';

export const stopCanvasEvents = {
  onPointerDown: (e: React.PointerEvent) => e.stopPropagation(),
  onKeyDown: (e: React.KeyboardEvent) => e.stopPropagation(),
  onWheel: (e: React.WheelEvent) => e.stopPropagation(),
};

export interface ThreadActions {
  post: (body: string) => void;
  edit: (comment: CommentRecord, body: string) => void;
  remove: (comment: CommentRecord) => void;
  setResolved: (resolved: boolean) => void;
  removeThread: () => void;
  close: () => void;
}

interface ThreadPopoverProps {
  /** Undefined while a new thread is being written. */
  view: ThreadView | undefined;
  title: string;
  /** Where to show it, in viewport pixels; null when the anchor is not on this page (or gone). */
  position: { x: number; y: number } | null;
  /** The shape the thread was on was removed. */
  missing: boolean;
  viewport: { w: number; h: number };
  me: string;
  role: Role;
  people: readonly Person[];
  namesById: ReadonlyMap<string, string>;
  /** Comments by others newer than this are marked unread (when I last looked, before opening). */
  unreadSince: number;
  notice: string | null;
  actions: ThreadActions;
}

const POPOVER_WIDTH = 340;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The body with the @names of the mentioned people highlighted. */
function CommentBody({ comment, namesById }: { comment: CommentRecord; namesById: ReadonlyMap<string, string> }) {
  const names = comment.mentions.map((id) => namesById.get(id)).filter((name): name is string => Boolean(name));
  if (names.length === 0) return <p className="jb-comment-body">{comment.body}</p>;
  const pattern = new RegExp(`(@(?:${names.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')}))`, 'u');
  const parts: ReactNode[] = comment.body.split(pattern).map((part, index) =>
    index % 2 === 1 ? (
      <span key={index} className="jb-mention">
        {part}
      </span>
    ) : (
      part
    ),
  );
  return <p className="jb-comment-body">{parts}</p>;
}

function CommentItem({
  comment,
  me,
  role,
  people,
  namesById,
  unread,
  actions,
}: {
  comment: CommentRecord;
  me: string;
  role: Role;
  people: readonly Person[];
  namesById: ReadonlyMap<string, string>;
  unread: boolean;
  actions: ThreadActions;
}) {
  const t = useCommentsMessages();
  const locale = useCommentsLocale();
  const [editing, setEditing] = useState<string | null>(null);
  const mine = comment.author.id === me;
  const canWrite = role !== 'viewer';
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(comment.createdAt);

  if (comment.deleted) {
    return (
      <li className="jb-comment jb-comment-deleted" data-testid="comment" data-deleted="true">
        {t.deletedComment}
      </li>
    );
  }
  return (
    <li className="jb-comment" data-testid="comment" data-comment-id={comment.id} data-unread={unread || undefined}>
      <div className="jb-comment-meta">
        <strong data-testid="comment-author">{comment.author.name || t.someone}</strong>
        {comment.author.role !== 'editor' ? <span className="jb-comment-role">{roleName(t, comment.author.role)}</span> : null}
        <time dateTime={new Date(comment.createdAt).toISOString()}>{time}</time>
        {comment.editedAt !== null ? <span className="jb-comment-edited">({t.edited})</span> : null}
        {unread ? <span className="jb-unread-dot" title={t.unread} /> : null}
      </div>
      {editing !== null ? (
        <div className="jb-comment-compose">
          <MentionTextarea
            value={editing}
            onChange={setEditing}
            onSubmit={() => {
              if (editing.trim()) actions.edit(comment, editing);
              setEditing(null);
            }}
            onCancel={() => setEditing(null)}
            people={people}
            placeholder={t.replyPlaceholder}
            suggestionsLabel={t.mentionSuggestions}
            testId="comment-edit-input"
            autoFocus
          />
          <div className="jb-comment-buttons">
            <button type="button" onClick={() => setEditing(null)}>
              {t.cancel}
            </button>
            <button
              type="button"
              data-testid="comment-edit-save"
              disabled={!editing.trim()}
              onClick={() => {
                actions.edit(comment, editing);
                setEditing(null);
              }}
            >
              {t.save}
            </button>
          </div>
        </div>
      ) : (
        <CommentBody comment={comment} namesById={namesById} />
      )}
      {canWrite && editing === null && (mine || role === 'facilitator') ? (
        <div className="jb-comment-buttons">
          {mine ? (
            <button type="button" data-testid="comment-edit" onClick={() => setEditing(comment.body)}>
              {t.edit}
            </button>
          ) : null}
          <button
            type="button"
            data-testid="comment-delete"
            onClick={() => {
              if (window.confirm(t.deleteConfirm)) actions.remove(comment);
            }}
          >
            {mine ? t.delete : t.remove}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** One thread next to its pin: the comments, a reply box, resolve / reopen; or a new thread's first comment. */
export function ThreadPopover({ view, title, position, missing, viewport, me, role, people, namesById, unreadSince, notice, actions }: ThreadPopoverProps) {
  const t = useCommentsMessages();
  const [draft, setDraft] = useState('');
  const canWrite = role !== 'viewer';
  const resolved = view?.thread.resolved ?? false;

  const submit = () => {
    if (!draft.trim()) return;
    actions.post(draft);
    setDraft('');
  };

  const left = position ? Math.min(Math.max(8, position.x + 20), Math.max(8, viewport.w - POPOVER_WIDTH - 8)) : Math.max(8, (viewport.w - POPOVER_WIDTH) / 2);
  const top = position ? Math.min(Math.max(56, position.y - 24), Math.max(56, viewport.h * 0.45)) : 110;
  return (
    <section
      className="jb-thread"
      data-testid={view ? 'comment-thread' : 'comment-new-thread'}
      data-thread-id={view?.thread.id}
      data-resolved={resolved || undefined}
      style={{ left, top, width: POPOVER_WIDTH, maxHeight: Math.max(200, viewport.h - top - 72) }}
      aria-label={title}
      {...stopCanvasEvents}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Escape' && !event.defaultPrevented) actions.close();
      }}
    >
      <header className="jb-thread-header">
        <span className="jb-thread-title" data-testid="comment-thread-title">
          {title}
        </span>
        {view && canWrite ? (
          <button type="button" data-testid={resolved ? 'comment-reopen' : 'comment-resolve'} onClick={() => actions.setResolved(!resolved)}>
            {resolved ? t.reopen : `✓ ${t.resolve}`}
          </button>
        ) : null}
        <button type="button" className="jb-thread-close" data-testid="comment-thread-close" aria-label={t.close} title={t.close} onClick={actions.close}>
          ×
        </button>
      </header>
      {view?.thread.resolvedBy ? (
        <p className="jb-thread-resolved" data-testid="comment-thread-resolved">
          {formatComments(t.resolvedBy, { name: view.thread.resolvedBy.name || t.someone })}
        </p>
      ) : null}
      {missing ? <p className="jb-thread-notice">{t.shapeRemoved}</p> : null}
      {view ? (
        <ol className="jb-comment-list">
          {view.comments.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              me={me}
              role={role}
              people={people}
              namesById={namesById}
              unread={comment.author.id !== me && comment.createdAt > unreadSince}
              actions={actions}
            />
          ))}
        </ol>
      ) : null}
      {notice ? (
        <p className="jb-thread-notice" role="alert" data-testid="comment-notice">
          {notice}
        </p>
      ) : null}
      {canWrite ? (
        <div className="jb-comment-compose">
          <MentionTextarea
            value={draft}
            onChange={setDraft}
            onSubmit={submit}
            onCancel={view ? undefined : actions.close}
            people={people}
            placeholder={view ? t.replyPlaceholder : t.newThreadPlaceholder}
            suggestionsLabel={t.mentionSuggestions}
            testId="comment-input"
            autoFocus={!view}
          />
          <div className="jb-comment-buttons">
            {view ? null : (
              <button type="button" onClick={actions.close}>
                {t.cancel}
              </button>
            )}
            <button type="button" data-testid="comment-submit" disabled={!draft.trim()} onClick={submit}>
              {view ? t.reply : t.post}
            </button>
          </div>
        </div>
      ) : (
        <p className="jb-thread-notice">{t.readOnly}</p>
      )}
      {view && role === 'facilitator' ? (
        <button
          type="button"
          className="jb-thread-remove"
          data-testid="comment-thread-remove"
          onClick={() => {
            if (window.confirm(t.removeThreadConfirm)) actions.removeThread();
          }}
        >
          {t.removeThread}
        </button>
      ) : null}
    </section>
  );
}
