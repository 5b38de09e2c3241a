import { useValue } from 'tldraw';
import type { Locale } from '../../../shared/src/index.ts';
import { $uiLocale } from '../user/userPreferences.ts';
import { MESSAGES, type Messages } from './messages.ts';

/** The language the interface is shown in; re-renders when it changes. */
export function useUiLocale(): Locale {
  return useValue($uiLocale);
}

/** The table of `catalog` in the language the interface is shown in. */
export function useLocalized<T>(catalog: Readonly<Record<Locale, T>>): T {
  return catalog[useUiLocale()];
}

export function useMessages(): Messages {
  return useLocalized(MESSAGES);
}
