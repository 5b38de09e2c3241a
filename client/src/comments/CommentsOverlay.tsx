import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { TldrawUiButton, TldrawUiButtonIcon, useEditor, useValue, type Editor } from 'tldraw';
import {
  AUTHOR_NAME_MAX,
  mentionedIds,
  OWNER_CHAIN_LENGTH,
  type CommentAnchor,
  type CommentRecord,
  type CommentsRecord,
} from '../../../shared/src/index.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { useChrome } from '../board/chrome/chromeContext.ts';
import { anchorAt, anchorAtCorner, anchorLabel, anchorPosition } from './anchors.ts';
import {
  createReply,
  createThread,
  deleteOwnComment,
  editComment,
  moderateComment,
  setThreadResolved,
  type CommentIdentity,
} from './commentRecords.ts';
import { getCommentsDoc } from './commentsDoc.ts';
import { formatComments, useCommentsMessages, type CommentsMessages } from './commentsMessages.ts';
import {
  buildThreadViews,
  markAllRead,
  markThreadRead,
  mentionCandidates,
  pruneReadState,
  seenAt,
  unreadTotal,
  type Person,
  type ThreadFilter,
  type ThreadView,
} from './commentsModel.ts';
import { CommentsPanel } from './CommentsPanel.tsx';
import { createReadStateStore, ownerSecret } from './localState.ts';
import { keepProfileRecord } from './profileRecord.ts';
import { ThreadPopover, type ThreadActions } from './ThreadPopover.tsx';
import './comments.css';

interface Pin {
  id: string;
  x: number;
  y: number;
  count: number;
  unread: boolean;
  resolved: boolean;
}

function titleOf(editor: Editor, t: CommentsMessages, anchor: CommentAnchor): string {
  const label = anchorLabel(editor, anchor);
  return label.kind === 'shape' ? label.text : label.kind === 'point' ? t.onCanvas : t.shapeRemoved;
}

/** Where an anchor is on screen (viewport pixels), or why not. */
function viewportPoint(editor: Editor, anchor: CommentAnchor): { x: number; y: number } | 'missing' | 'elsewhere' {
  const at = anchorPosition(editor, anchor);
  if (!at) return 'missing';
  if (at.pageId !== editor.getCurrentPageId()) return 'elsewhere';
  const point = editor.pageToViewport(at.point);
  return { x: point.x, y: point.y };
}

/**
 * Comments on the board: pins on the canvas that follow their shape, a thread popover, the
 * comments panel, the unread badge and the "Comment" tool. Works the same for every role that
 * can write (commenters included: comments are not canvas edits); viewers read.
 */
export function CommentsOverlay({ boardId }: { boardId: string }) {
  const editor = useEditor();
  const { session, role } = useBoardContext();
  const t = useCommentsMessages();
  const commentsDoc = useMemo(() => getCommentsDoc(session.connection.doc), [session]);
  const readStore = useMemo(() => createReadStateStore(boardId), [boardId]);
  useEffect(() => readStore.follow(), [readStore]);
  useEffect(() => keepProfileRecord(editor), [editor]);

  const me = useValue('comments: my id', () => editor.user.getRecordId() as string, [editor]);
  const myName = useValue('comments: my name', () => editor.user.getName(), [editor]);
  const records = useValue(commentsDoc.$records);
  const read = useValue(readStore.$read);
  const views = useMemo(() => buildThreadViews(records.values(), me, read), [records, me, read]);
  const unread = unreadTotal(views);
  const canWrite = role !== 'viewer';

  const [open, setOpen] = useState<{ id: string; since: number } | null>(null);
  const [draft, setDraft] = useState<CommentAnchor | null>(null);
  const [placing, setPlacing] = useState(false);
  const chrome = useChrome();
  const panelOpen = chrome.tab === 'comments';
  const [filter, setFilter] = useState<ThreadFilter>('open');
  const [notice, setNotice] = useState<string | null>(null);
  const openView = open ? views.find((v) => v.thread.id === open.id) : undefined;

  const identity = useMemo<CommentIdentity>(
    () => ({ author: { id: me, name: (myName.trim() || t.someone).slice(0, AUTHOR_NAME_MAX), role }, secret: ownerSecret() }),
    [me, myName, role, t.someone],
  );

  // Everyone known to have been on the board: profile records, who is here now, comment authors.
  const profiles = useValue(
    'comments: people',
    () => [
      ...editor.store.query.records('user').get().map((user): Person => ({ id: user.id, name: user.name })),
      ...editor.store.query.records('instance_presence').get().map((presence): Person => ({ id: presence.userId, name: presence.userName })),
    ],
    [editor],
  );
  const { people, namesById } = useMemo(() => {
    const authors: Person[] = [];
    for (const record of records.values()) {
      const author = record.typeName === 'comment' ? record.author : record.createdBy;
      authors.push({ id: author.id, name: author.name });
    }
    const all = [...authors, ...profiles, { id: me, name: myName }];
    return { people: mentionCandidates(all, me), namesById: new Map(all.filter((p) => p.name.trim()).map((p) => [p.id, p.name.trim()])) };
  }, [records, profiles, me, myName]);

  // Opening a thread reads it; so do comments arriving while it is open.
  useEffect(() => {
    if (openView && openView.unread > 0) readStore.set(markThreadRead(readStore.$read.get(), openView, Date.now()));
  }, [openView, readStore]);
  // Read marks of threads that are gone are dropped.
  useEffect(() => {
    if (records.size === 0) return;
    const current = readStore.$read.get();
    const pruned = pruneReadState(current, new Set(views.map((v) => v.thread.id)));
    if (Object.keys(pruned.threads).length !== Object.keys(current.threads).length) readStore.set(pruned);
  }, [records, views, readStore]);

  useEffect(() => {
    if (!placing) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setPlacing(false);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [placing]);

  const titles = useValue('comments: titles', () => new Map(views.map((v) => [v.thread.id, titleOf(editor, t, v.thread.anchor)])), [editor, views, t]);
  const viewport = useValue(
    'comments: viewport',
    () => {
      const bounds = editor.getViewportScreenBounds();
      return { w: bounds.w, h: bounds.h };
    },
    [editor],
  );
  const pins = useValue(
    'comments: pins',
    () => {
      const result: Pin[] = [];
      const { w, h } = editor.getViewportScreenBounds();
      for (const view of views) {
        if (view.thread.resolved && view.thread.id !== open?.id) continue;
        const point = viewportPoint(editor, view.thread.anchor);
        if (typeof point === 'string' || point.x < -40 || point.y < -40 || point.x > w + 40 || point.y > h + 40) continue;
        result.push({ id: view.thread.id, ...point, count: view.liveCount, unread: view.unread > 0, resolved: view.thread.resolved });
      }
      return result;
    },
    [editor, views, open?.id],
  );
  const focusAnchor = draft ?? openView?.thread.anchor ?? null;
  const focus = useValue('comments: popover position', () => (focusAnchor ? viewportPoint(editor, focusAnchor) : null), [editor, focusAnchor]);

  const write = (...changes: [string, CommentsRecord | undefined][]) => commentsDoc.write(changes);
  const close = () => {
    setDraft(null);
    setOpen(null);
    setNotice(null);
  };
  const openThread = (view: ThreadView) => {
    setDraft(null);
    setNotice(null);
    setOpen({ id: view.thread.id, since: seenAt(readStore.$read.get(), view.thread.id) });
  };
  const jumpTo = (view: ThreadView) => {
    const at = anchorPosition(editor, view.thread.anchor);
    if (at) {
      if (at.pageId !== editor.getCurrentPageId()) editor.setCurrentPage(at.pageId);
      editor.centerOnPoint(at.point, { animation: { duration: 240 } });
    }
    openThread(view);
  };
  const startComment = () => {
    if (placing) {
      setPlacing(false);
      return;
    }
    close();
    const selected = editor.getOnlySelectedShape();
    if (selected) setDraft(anchorAtCorner(editor, selected));
    else setPlacing(true);
  };
  const place = (event: React.MouseEvent) => {
    setPlacing(false);
    setDraft(anchorAt(editor, editor.screenToPage({ x: event.clientX, y: event.clientY })));
  };
  const cannotChange = (comment: CommentRecord) => setNotice(comment.lock.step >= OWNER_CHAIN_LENGTH ? t.noMoreEdits : t.notYours);

  const actions: ThreadActions = {
    post(body) {
      const mentions = mentionedIds(body, people);
      if (draft) {
        const { thread, comment } = createThread(identity, draft, body, mentions);
        write([thread.id, thread], [comment.id, comment]);
        setDraft(null);
        setOpen({ id: thread.id, since: Date.now() });
      } else if (openView) {
        const reply = createReply(identity, openView.thread.id, body, mentions);
        write([reply.id, reply]);
      }
    },
    edit(comment, body) {
      const next = editComment(identity, comment, body, mentionedIds(body, people));
      if (next) write([next.id, next]);
      else cannotChange(comment);
    },
    remove(comment) {
      const own = comment.author.id === me ? deleteOwnComment(identity, comment) : null;
      if (own) write([own.id, own]);
      else if (role === 'facilitator') write([comment.id, moderateComment(comment)]);
      else cannotChange(comment);
    },
    setResolved(resolved) {
      if (openView) write([openView.thread.id, setThreadResolved(openView.thread, resolved, identity.author)]);
    },
    removeThread() {
      if (!openView) return;
      write([openView.thread.id, undefined], ...openView.comments.map((c): [string, undefined] => [c.id, undefined]));
      close();
    },
    close,
  };

  const popover = draft || openView ? (
    <ThreadPopover
      key={openView?.thread.id ?? 'new'}
      view={openView}
      title={draft ? titleOf(editor, t, draft) : (titles.get(openView?.thread.id ?? '') ?? '')}
      position={focus && typeof focus !== 'string' ? focus : null}
      missing={focus === 'missing'}
      viewport={viewport}
      me={me}
      role={role}
      people={people}
      namesById={namesById}
      unreadSince={open?.since ?? Number.POSITIVE_INFINITY}
      notice={notice}
      actions={actions}
    />
  ) : null;

  return (
    <>
      {pins.map((pin) => (
        <button
          key={pin.id}
          type="button"
          className="jb-comment-pin"
          style={{ left: pin.x, top: pin.y }}
          data-testid="comment-pin"
          data-thread-id={pin.id}
          data-unread={pin.unread || undefined}
          data-resolved={pin.resolved || undefined}
          aria-pressed={pin.id === open?.id}
          aria-label={`${t.comments}: ${titles.get(pin.id) ?? ''}`}
          onPointerDown={(event) => event.stopPropagation()}
          onClick={() => {
            const view = views.find((v) => v.thread.id === pin.id);
            if (pin.id === open?.id) close();
            else if (view) openThread(view);
          }}
        >
          {pin.count}
        </button>
      ))}
      {draft && focus && typeof focus !== 'string' ? <span className="jb-comment-pin jb-comment-pin-draft" style={{ left: focus.x, top: focus.y }} /> : null}
      {placing ? (
        <div className="jb-comment-placement" data-testid="comment-placement" onPointerDown={(event) => event.stopPropagation()} onClick={place}>
          <span className="jb-comment-placement-hint">{t.addCommentHint}</span>
        </div>
      ) : null}
      {popover}
      {panelOpen && chrome.commentsTab
        ? createPortal(
            <CommentsPanel
              views={views}
              filter={filter}
              onFilter={setFilter}
              openThreadId={open?.id ?? null}
              titleOf={(view) => titles.get(view.thread.id) ?? ''}
              onJump={jumpTo}
              onMarkAllRead={() => readStore.set(markAllRead(views, Date.now()))}
              onClose={chrome.closePanel}
            />,
            chrome.commentsTab,
          )
        : null}
      {/* The rail of the side panel: the comments tab (with the unread count) and the "Comment" tool. */}
      {chrome.commentsRail
        ? createPortal(
            <>
              <TldrawUiButton
                type="icon"
                className="jb-rail-button"
                data-testid="comments-toggle"
                aria-pressed={panelOpen}
                aria-expanded={panelOpen}
                isActive={panelOpen}
                title={unread > 0 ? `${t.comments}: ${formatComments(t.unreadCount, { count: unread })}` : t.comments}
                onClick={() => chrome.toggleTab('comments')}
              >
                <TldrawUiButtonIcon icon="comment" />
                {unread > 0 ? (
                  <span className="jb-comments-badge" data-testid="comments-badge">
                    {unread}
                  </span>
                ) : null}
              </TldrawUiButton>
              {canWrite ? (
                <TldrawUiButton
                  type="icon"
                  className="jb-rail-button"
                  data-testid="comment-add"
                  aria-pressed={placing}
                  isActive={placing}
                  title={t.addComment}
                  onClick={startComment}
                >
                  <TldrawUiButtonIcon icon="plus" />
                </TldrawUiButton>
              ) : null}
            </>,
            chrome.commentsRail,
          )
        : null}
    </>
  );
}
