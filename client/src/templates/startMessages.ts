import type { Locale } from '../../../shared/src/index.ts';
import { useLocalized } from '../i18n/useMessages.ts';

/** Strings of the start panel an empty board shows to people who may edit it; English defines the keys. */
const en = {
  startTitle: 'Start your workshop',
  startIntro: 'Pick a template to place it in the middle of the board, or start drawing with any tool.',
  startJourneyMap: 'Journey map',
  startBlank: 'Start with a blank board',
};

export type StartMessages = typeof en;

const de = {
  startTitle: 'Starte deinen Workshop',
  startIntro: 'Wähle eine Vorlage, um sie in der Mitte des Boards einzufügen, oder fang mit einem beliebigen Werkzeug an.',
  startJourneyMap: 'Journey Map',
  startBlank: 'Mit leerem Board beginnen',
} satisfies StartMessages;

export const START_MESSAGES: Record<Locale, StartMessages> = { en, de };

export function useStartMessages(): StartMessages {
  return useLocalized(START_MESSAGES);
}
