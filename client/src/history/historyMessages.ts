import { useValue } from 'tldraw';
import type { Locale } from '../../../shared/src/index.ts';
import { $uiLocale } from '../user/userPreferences.ts';

/** Strings of the version history; the English table defines the keys. */
const en = {
  history: 'History',
  historyTitle: 'Version history',
  close: 'Close',
  saveHeading: 'Save this moment',
  versionName: 'Version name',
  versionNamePlaceholder: 'e.g. Before the workshop',
  save: 'Save version',
  saving: 'Saving…',
  loading: 'Loading versions…',
  empty: 'No versions yet. The board is saved as a version automatically after a burst of edits and when everyone has left.',
  retentionHint: 'Named versions are kept; of the automatic ones, the latest {count}.',
  kindActivity: 'Automatic: after editing',
  kindLastLeft: 'Automatic: everyone had left',
  kindBeforeRestore: 'Before restoring “{name}”',
  kindBeforeRestoreUnknown: 'Before a restore',
  kindBeforeUndo: 'Before undoing a restore',
  byAuthor: 'by {name}',
  cards: '{count} cards',
  oneCard: '1 card',
  view: 'View',
  compare: 'Changes since',
  restore: 'Restore',
  restoreConfirm: 'Restore “{name}”? The board changes for everyone. Its current state is saved as a version first, so you can go back.',
  restoreYes: 'Restore for everyone',
  cancel: 'Cancel',
  restoring: 'Restoring…',
  restored: 'Restored “{name}”.',
  undoRestore: 'Undo restore',
  restoreUndone: 'Restore undone.',
  changesTitle: 'What changed since “{name}”',
  noChanges: 'No changes: the board looks exactly like this version.',
  layoutOnly: 'No cards, stages or lanes changed; only the layout or other shapes.',
  cardsAdded: 'Cards added',
  cardsRemoved: 'Cards removed',
  cardsEdited: 'Cards edited',
  cardsMoved: 'Cards moved',
  stagesChanged: 'Stages',
  lanesChanged: 'Lanes',
  added: 'added',
  removed: 'removed',
  renamed: 'renamed',
  changedText: 'text',
  changedTouchpoint: 'touchpoint',
  changedColor: 'colour',
  unplaced: 'not on a map',
  untitled: '(empty card)',
  otherShapes: 'Other shapes: {added} added, {removed} removed, {changed} changed',
  viewerTitle: '“{name}”, {time} (read-only)',
  failed: 'Something went wrong: {reason}',
  retry: 'Try again',
};

export type HistoryMessages = typeof en;

const de = {
  history: 'Verlauf',
  historyTitle: 'Versionsverlauf',
  close: 'Schließen',
  saveHeading: 'Diesen Stand sichern',
  versionName: 'Name der Version',
  versionNamePlaceholder: 'z. B. Vor dem Workshop',
  save: 'Version speichern',
  saving: 'Wird gespeichert…',
  loading: 'Versionen werden geladen…',
  empty: 'Noch keine Versionen. Das Board wird nach einer Reihe von Änderungen und wenn alle gegangen sind automatisch als Version gesichert.',
  retentionHint: 'Benannte Versionen bleiben erhalten; von den automatischen die letzten {count}.',
  kindActivity: 'Automatisch: nach Änderungen',
  kindLastLeft: 'Automatisch: alle waren gegangen',
  kindBeforeRestore: 'Vor dem Wiederherstellen von „{name}“',
  kindBeforeRestoreUnknown: 'Vor einer Wiederherstellung',
  kindBeforeUndo: 'Vor dem Rückgängigmachen einer Wiederherstellung',
  byAuthor: 'von {name}',
  cards: '{count} Karten',
  oneCard: '1 Karte',
  view: 'Ansehen',
  compare: 'Änderungen seitdem',
  restore: 'Wiederherstellen',
  restoreConfirm:
    '„{name}“ wiederherstellen? Das Board ändert sich für alle. Der aktuelle Stand wird vorher als Version gesichert, du kannst also zurück.',
  restoreYes: 'Für alle wiederherstellen',
  cancel: 'Abbrechen',
  restoring: 'Wird wiederhergestellt…',
  restored: '„{name}“ wiederhergestellt.',
  undoRestore: 'Wiederherstellen rückgängig machen',
  restoreUndone: 'Wiederherstellung rückgängig gemacht.',
  changesTitle: 'Was sich seit „{name}“ geändert hat',
  noChanges: 'Keine Änderungen: Das Board sieht genau so aus wie diese Version.',
  layoutOnly: 'Keine Karten, Phasen oder Zeilen geändert, nur das Layout oder andere Formen.',
  cardsAdded: 'Neue Karten',
  cardsRemoved: 'Entfernte Karten',
  cardsEdited: 'Geänderte Karten',
  cardsMoved: 'Verschobene Karten',
  stagesChanged: 'Phasen',
  lanesChanged: 'Zeilen',
  added: 'hinzugefügt',
  removed: 'entfernt',
  renamed: 'umbenannt',
  changedText: 'Text',
  changedTouchpoint: 'Touchpoint',
  changedColor: 'Farbe',
  unplaced: 'nicht auf einer Map',
  untitled: '(leere Karte)',
  otherShapes: 'Andere Formen: {added} hinzugefügt, {removed} entfernt, {changed} geändert',
  viewerTitle: '„{name}“, {time} (nur lesen)',
  failed: 'Etwas ist schiefgegangen: {reason}',
  retry: 'Erneut versuchen',
} satisfies HistoryMessages;

const HISTORY_MESSAGES: Record<Locale, HistoryMessages> = { en, de };

export function useHistoryMessages(): HistoryMessages {
  const locale = useValue($uiLocale);
  return HISTORY_MESSAGES[locale];
}

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => String(values[key] ?? match));
}
