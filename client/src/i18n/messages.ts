import type { Locale } from '../../../shared/src/index.ts';

/**
 * Every user-facing string of the app shell, per UI language. The English table defines the
 * keys; `satisfies` makes the compiler reject a German table that misses or adds one.
 */
const en = {
  appName: 'Journeyboard',
  languageLabel: 'Language',
  homeTitle: 'Boards',
  homeIntro: 'Map customer journeys together, live.',
  boardListEmpty: 'No boards yet. Create the first one below.',
  boardListLoading: 'Loading boards…',
  boardListFailed: 'Could not load the boards.',
  boardCreatedOn: 'created {date}',
  createBoardHeading: 'New board',
  createBoardTitleLabel: 'Board title',
  createBoardTitlePlaceholder: 'e.g. Onboarding journey – new customers',
  createBoardSubmit: 'Create board',
  createBoardSubmitting: 'Creating…',
  createBoardFailed: 'Could not create the board: {reason}',
  retry: 'Try again',
  backHome: 'Back to all boards',
  pageNotFound: 'This page does not exist.',
  boardNotFound: 'This board does not exist or was deleted.',
  boardLoading: 'Opening board…',
  configLoadFailed: 'Journeyboard could not load its configuration: {reason}',
  connectionClosed: 'The connection to this board was closed: {reason}',
  statusConnected: 'Connected',
  statusConnecting: 'Connecting…',
  statusOffline: 'Offline – changes are kept on this device',
  unsyncedEdits: '{count} unsynced edits',
  unsyncedEdit: '1 unsynced edit',
  notSaved: 'Not saved – the server cannot store changes right now',
  displayNameTitle: 'What is your name?',
  displayNameHint: 'Other participants see it next to your cursor.',
  displayNameLabel: 'Display name',
  displayNameSubmit: 'Join board',
  invalidRecordsWarning: '{count} items from other participants could not be shown.',
  changeRejected: 'The server undid one of your changes: {reason}',
  accessDenied: 'You cannot open this board: {reason}. Ask the facilitator for a share link.',
  share: 'Share',
  shareTitle: 'Share this board',
  shareRole: 'Role',
  shareLabel: 'Label (optional)',
  shareCreate: 'Create link',
  shareCopy: 'Copy link',
  shareCopied: 'Copied',
  shareRevoke: 'Revoke',
  shareRevoked: 'revoked',
  shareEmpty: 'No links yet.',
  shareClose: 'Close',
  roleFacilitator: 'Facilitator',
  roleEditor: 'Editor',
  roleCommenter: 'Commenter',
  roleViewer: 'Viewer',
  readOnlyNotice: 'You are viewing this board ({role}).',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Readonly<Record<MessageKey, string>>;

const de = {
  appName: 'Journeyboard',
  languageLabel: 'Sprache',
  homeTitle: 'Boards',
  homeIntro: 'Customer Journeys gemeinsam und live erarbeiten.',
  boardListEmpty: 'Noch keine Boards. Leg unten das erste an.',
  boardListLoading: 'Boards werden geladen…',
  boardListFailed: 'Die Boards konnten nicht geladen werden.',
  boardCreatedOn: 'erstellt am {date}',
  createBoardHeading: 'Neues Board',
  createBoardTitleLabel: 'Titel des Boards',
  createBoardTitlePlaceholder: 'z. B. Onboarding-Reise – Neukunden',
  createBoardSubmit: 'Board anlegen',
  createBoardSubmitting: 'Wird angelegt…',
  createBoardFailed: 'Das Board konnte nicht angelegt werden: {reason}',
  retry: 'Erneut versuchen',
  backHome: 'Zurück zu allen Boards',
  pageNotFound: 'Diese Seite gibt es nicht.',
  boardNotFound: 'Dieses Board gibt es nicht oder es wurde gelöscht.',
  boardLoading: 'Board wird geöffnet…',
  configLoadFailed: 'Journeyboard konnte seine Konfiguration nicht laden: {reason}',
  connectionClosed: 'Die Verbindung zu diesem Board wurde beendet: {reason}',
  statusConnected: 'Verbunden',
  statusConnecting: 'Verbindung wird aufgebaut…',
  statusOffline: 'Offline – Änderungen bleiben auf diesem Gerät',
  unsyncedEdits: '{count} nicht synchronisierte Änderungen',
  unsyncedEdit: '1 nicht synchronisierte Änderung',
  notSaved: 'Nicht gespeichert – der Server kann Änderungen gerade nicht sichern',
  displayNameTitle: 'Wie heißt du?',
  displayNameHint: 'Die anderen sehen deinen Namen neben deinem Mauszeiger.',
  displayNameLabel: 'Anzeigename',
  displayNameSubmit: 'Board betreten',
  invalidRecordsWarning: '{count} Elemente anderer Teilnehmender konnten nicht angezeigt werden.',
  changeRejected: 'Der Server hat eine deiner Änderungen rückgängig gemacht: {reason}',
  accessDenied: 'Du kannst dieses Board nicht öffnen: {reason}. Bitte die Moderation um einen Freigabelink.',
  share: 'Teilen',
  shareTitle: 'Board teilen',
  shareRole: 'Rolle',
  shareLabel: 'Bezeichnung (optional)',
  shareCreate: 'Link erstellen',
  shareCopy: 'Link kopieren',
  shareCopied: 'Kopiert',
  shareRevoke: 'Widerrufen',
  shareRevoked: 'widerrufen',
  shareEmpty: 'Noch keine Links.',
  shareClose: 'Schließen',
  roleFacilitator: 'Moderation',
  roleEditor: 'Bearbeiten',
  roleCommenter: 'Kommentieren',
  roleViewer: 'Ansehen',
  readOnlyNotice: 'Du siehst dieses Board an ({role}).',
} as const satisfies Messages;

export const MESSAGES: Readonly<Record<Locale, Messages>> = { en, de };

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a typo is noticed. */
export function formatMessage(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    return value === undefined ? placeholder : String(value);
  });
}
