import type { Locale, Role } from '../../../shared/src/index.ts';
import { useLocalized } from '../i18n/useMessages.ts';

/** Strings of the comments UI; the English table defines the keys. */
const en = {
  comments: 'Comments',
  addComment: 'Comment',
  addCommentHint: 'Click a card or a spot on the canvas to start a thread. Esc cancels.',
  cancel: 'Cancel',
  close: 'Close',
  post: 'Post',
  reply: 'Reply',
  save: 'Save',
  edit: 'Edit',
  delete: 'Delete',
  remove: 'Remove',
  removeThread: 'Remove thread',
  removeThreadConfirm: 'Remove this thread and all its comments for everyone?',
  deleteConfirm: 'Delete this comment?',
  resolve: 'Resolve',
  reopen: 'Reopen',
  resolved: 'Resolved',
  resolvedBy: 'Resolved by {name}',
  edited: 'edited',
  deletedComment: 'Comment deleted',
  newThreadPlaceholder: 'Write a comment… type @ to mention someone',
  replyPlaceholder: 'Reply… type @ to mention someone',
  filterOpen: 'Open',
  filterResolved: 'Resolved',
  filterMentions: 'Mentions of me',
  markAllRead: 'Mark all as read',
  noThreads: 'No threads here yet.',
  unread: 'unread',
  unreadCount: '{count} unread',
  replies: '{count} replies',
  oneReply: '1 reply',
  onCanvas: 'On the canvas',
  shapeRemoved: 'The item this thread was on was removed',
  notYours: 'This comment was written in another browser; it can only be changed there.',
  noMoreEdits: 'This comment cannot be edited any more.',
  readOnly: 'You can read comments with this link, but not write them.',
  someone: 'Someone',
  roleFacilitator: 'facilitator',
  roleEditor: 'editor',
  roleCommenter: 'commenter',
  roleViewer: 'viewer',
  mentionSuggestions: 'People to mention',
};

export type CommentsMessages = typeof en;

const de = {
  comments: 'Kommentare',
  addComment: 'Kommentieren',
  addCommentHint: 'Klick auf eine Karte oder eine Stelle der Fläche, um einen Thread zu beginnen. Esc bricht ab.',
  cancel: 'Abbrechen',
  close: 'Schließen',
  post: 'Senden',
  reply: 'Antworten',
  save: 'Speichern',
  edit: 'Bearbeiten',
  delete: 'Löschen',
  remove: 'Entfernen',
  removeThread: 'Thread entfernen',
  removeThreadConfirm: 'Diesen Thread mit allen Kommentaren für alle entfernen?',
  deleteConfirm: 'Diesen Kommentar löschen?',
  resolve: 'Erledigt',
  reopen: 'Wieder öffnen',
  resolved: 'Erledigt',
  resolvedBy: 'Erledigt von {name}',
  edited: 'bearbeitet',
  deletedComment: 'Kommentar gelöscht',
  newThreadPlaceholder: 'Kommentar schreiben… mit @ jemanden erwähnen',
  replyPlaceholder: 'Antworten… mit @ jemanden erwähnen',
  filterOpen: 'Offen',
  filterResolved: 'Erledigt',
  filterMentions: 'Erwähnungen von mir',
  markAllRead: 'Alle als gelesen markieren',
  noThreads: 'Hier gibt es noch keine Threads.',
  unread: 'ungelesen',
  unreadCount: '{count} ungelesen',
  replies: '{count} Antworten',
  oneReply: '1 Antwort',
  onCanvas: 'Auf der Fläche',
  shapeRemoved: 'Das Element dieses Threads wurde entfernt',
  notYours: 'Dieser Kommentar wurde in einem anderen Browser geschrieben und lässt sich nur dort ändern.',
  noMoreEdits: 'Dieser Kommentar lässt sich nicht mehr bearbeiten.',
  readOnly: 'Mit diesem Link kannst du Kommentare lesen, aber nicht schreiben.',
  someone: 'Jemand',
  roleFacilitator: 'Moderation',
  roleEditor: 'Bearbeiten',
  roleCommenter: 'Kommentieren',
  roleViewer: 'Ansehen',
  mentionSuggestions: 'Personen zum Erwähnen',
} satisfies CommentsMessages;

export const COMMENTS_MESSAGES: Record<Locale, CommentsMessages> = { en, de };

export function useCommentsMessages(): CommentsMessages {
  return useLocalized(COMMENTS_MESSAGES);
}

export { useUiLocale as useCommentsLocale } from '../i18n/useMessages.ts';

/** Kept under this name for the feature's components; one implementation for the whole client. */
export { formatMessage as formatComments } from '../i18n/messages.ts';

export function roleName(t: CommentsMessages, role: Role): string {
  const names: Record<Role, string> = { facilitator: t.roleFacilitator, editor: t.roleEditor, commenter: t.roleCommenter, viewer: t.roleViewer };
  return names[role];
}
