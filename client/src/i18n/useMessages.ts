import { useValue } from 'tldraw';
import { $uiLocale } from '../user/userPreferences.ts';
import { MESSAGES, type Messages } from './messages.ts';

export function useMessages(): Messages {
  const locale = useValue($uiLocale);
  return MESSAGES[locale];
}
