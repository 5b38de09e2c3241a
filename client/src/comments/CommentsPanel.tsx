import { filterThreads, type ThreadFilter, type ThreadView } from './commentsModel.ts';
import { formatComments, useCommentsMessages } from './commentsMessages.ts';
import { stopCanvasEvents } from './ThreadPopover.tsx';

interface CommentsPanelProps {
  views: readonly ThreadView[];
  filter: ThreadFilter;
  onFilter: (filter: ThreadFilter) => void;
  openThreadId: string | null;
  titleOf: (view: ThreadView) => string;
  onJump: (view: ThreadView) => void;
  onMarkAllRead: () => void;
  onClose: () => void;
}

const FILTERS: readonly ThreadFilter[] = ['open', 'resolved', 'mentions'];

/** Every thread of the board: open, resolved, or mentioning me; a click jumps to its place. */
export function CommentsPanel({ views, filter, onFilter, openThreadId, titleOf, onJump, onMarkAllRead, onClose }: CommentsPanelProps) {
  const t = useCommentsMessages();
  const labels: Record<ThreadFilter, string> = { open: t.filterOpen, resolved: t.filterResolved, mentions: t.filterMentions };
  const shown = filterThreads(views, filter);
  const anyUnread = views.some((v) => v.unread > 0);
  return (
    <aside className="jb-comments-panel" data-testid="comments-panel" aria-label={t.comments} {...stopCanvasEvents}>
      <header>
        <h3>{t.comments}</h3>
        <button type="button" onClick={onClose} aria-label={t.close} title={t.close}>
          ×
        </button>
      </header>
      <div className="jb-comments-filters" role="tablist">
        {FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            role="tab"
            aria-selected={f === filter}
            data-testid={`comments-filter-${f}`}
            onClick={() => onFilter(f)}
          >
            {labels[f]} <span className="jb-comments-count">{filterThreads(views, f).length}</span>
          </button>
        ))}
      </div>
      {anyUnread ? (
        <button type="button" className="jb-comments-mark-read" data-testid="comments-mark-all-read" onClick={onMarkAllRead}>
          {t.markAllRead}
        </button>
      ) : null}
      {shown.length === 0 ? <p className="jb-comments-empty">{t.noThreads}</p> : null}
      <ul className="jb-comments-list">
        {shown.map((view) => {
          const first = view.comments.find((c) => !c.deleted);
          const replies = view.liveCount - 1;
          return (
            <li key={view.thread.id}>
              <button
                type="button"
                className="jb-comments-item"
                data-testid="comment-thread-item"
                data-thread-id={view.thread.id}
                data-unread={view.unread > 0 || undefined}
                aria-current={view.thread.id === openThreadId || undefined}
                onClick={() => onJump(view)}
              >
                <span className="jb-comments-item-title">
                  {view.unread > 0 ? <span className="jb-unread-dot" title={formatComments(t.unreadCount, { count: view.unread })} /> : null}
                  {titleOf(view)}
                  {view.thread.resolved ? <span className="jb-comments-item-resolved">✓ {t.resolved}</span> : null}
                </span>
                {first ? (
                  <span className="jb-comments-item-excerpt">
                    <strong>{first.author.name || t.someone}:</strong> {first.body.length > 120 ? `${first.body.slice(0, 119)}…` : first.body}
                  </span>
                ) : null}
                <span className="jb-comments-item-meta">
                  {replies === 1 ? t.oneReply : replies > 1 ? formatComments(t.replies, { count: replies }) : ''}
                  {view.unread > 0 ? ` · ${formatComments(t.unreadCount, { count: view.unread })}` : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
