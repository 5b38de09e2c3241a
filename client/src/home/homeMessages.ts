import type { Locale } from '../../../shared/src/index.ts';
import { useLocalized } from '../i18n/useMessages.ts';

/** Strings of the home page's first-run offer; English defines the keys. */
const en = {
  demoTitle: 'New here? Look around a finished workshop',
  demoIntro: 'A customer journey map with a persona, an emotion curve, touchpoints with owners, an empathy map and a few comments. It is an ordinary board: change anything.',
  demoOpen: 'Open the demo board',
  demoOpening: 'Opening…',
  demoFailed: 'The demo board could not be created: {reason}',
};

export type HomeMessages = typeof en;

const de = {
  demoTitle: 'Neu hier? Schau dir einen fertigen Workshop an',
  demoIntro: 'Eine Customer Journey Map mit Persona, Emotionskurve, Touchpoints mit Verantwortlichen, einer Empathy Map und ein paar Kommentaren. Ein ganz normales Board: Ändere, was du willst.',
  demoOpen: 'Demo-Board öffnen',
  demoOpening: 'Wird geöffnet…',
  demoFailed: 'Das Demo-Board konnte nicht angelegt werden: {reason}',
} satisfies HomeMessages;

export const HOME_MESSAGES: Record<Locale, HomeMessages> = { en, de };

export function useHomeMessages(): HomeMessages {
  return useLocalized(HOME_MESSAGES);
}
