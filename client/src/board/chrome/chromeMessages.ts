import type { Locale } from '../../../../shared/src/index.ts';
import { useLocalized } from '../../i18n/useMessages.ts';

/** Strings of the board's chrome (top bar, side panel, facilitator bar); the English table defines the keys. */
const en = {
  sidePanel: 'Side panel',
  panelTabs: 'Panels',
  tabInspector: 'Inspector',
  tabData: 'Data',
  tabComments: 'Comments',
  tabHistory: 'History',
  tabLive: 'Live data & webhooks',
  liveImport: 'Import & metrics',
  liveWebhooks: 'Webhooks',
  closePanel: 'Close panel',
  inspectorEmpty: 'Select a card, an emotion point or a journey map to see and edit its details here.',
  inspectorReadonly: 'You can look at the board but not change it.',
  people: 'People on this board',
  followPerson: 'Follow {name}',
  stopFollowing: 'Stop following {name}',
  you: 'You',
  addComment: 'Add a comment',
  facilitate: 'Facilitate',
  session: 'Workshop session',
  boardTitle: 'Board title',
  renameBoard: 'Rename board',
  renameFailed: 'The board could not be renamed.',
  moreSession: 'More',
  reactions: 'Reactions',
} as const;

export type ChromeMessages = { [K in keyof typeof en]: string };

const de = {
  sidePanel: 'Seitenleiste',
  panelTabs: 'Bereiche',
  tabInspector: 'Eigenschaften',
  tabData: 'Daten',
  tabComments: 'Kommentare',
  tabHistory: 'Verlauf',
  tabLive: 'Live-Daten & Webhooks',
  liveImport: 'Import & Kennzahlen',
  liveWebhooks: 'Webhooks',
  closePanel: 'Seitenleiste schließen',
  inspectorEmpty: 'Wähle eine Karte, einen Emotionspunkt oder eine Journey Map aus, um ihre Details hier zu sehen und zu bearbeiten.',
  inspectorReadonly: 'Du kannst das Board ansehen, aber nicht ändern.',
  people: 'Personen auf diesem Board',
  followPerson: '{name} folgen',
  stopFollowing: '{name} nicht mehr folgen',
  you: 'Du',
  addComment: 'Kommentar hinzufügen',
  facilitate: 'Moderieren',
  session: 'Workshop-Sitzung',
  boardTitle: 'Board-Titel',
  renameBoard: 'Board umbenennen',
  renameFailed: 'Das Board konnte nicht umbenannt werden.',
  moreSession: 'Mehr',
  reactions: 'Reaktionen',
} satisfies ChromeMessages;

export const CHROME_MESSAGES: Record<Locale, ChromeMessages> = { en, de };

export function useChromeMessages(): ChromeMessages {
  return useLocalized(CHROME_MESSAGES);
}

export { formatMessage as formatChrome } from '../../i18n/messages.ts';
