import type { Locale } from '../../../shared/src/index.ts';
import { useLocalized } from '../i18n/useMessages.ts';

/** Strings of the Share dialog's expiry; the English table defines the keys. */
const en = {
  expiry: 'Expires',
  expiryNever: 'Never',
  expiryOneDay: 'In 1 day',
  expirySevenDays: 'In 7 days',
  expiryThirtyDays: 'In 30 days',
  expiryOnDate: 'On a date…',
  expiryDate: 'Expiry date',
  expiresOn: 'expires {time}',
  expired: 'expired {time}',
  neverExpires: 'never expires',
};
export type ShareMessages = typeof en;

const de = {
  expiry: 'Gültig bis',
  expiryNever: 'Unbegrenzt',
  expiryOneDay: '1 Tag',
  expirySevenDays: '7 Tage',
  expiryThirtyDays: '30 Tage',
  expiryOnDate: 'Datum wählen…',
  expiryDate: 'Ablaufdatum',
  expiresOn: 'gültig bis {time}',
  expired: 'abgelaufen am {time}',
  neverExpires: 'läuft nicht ab',
} satisfies ShareMessages;

export const SHARE_MESSAGES: Record<Locale, ShareMessages> = { en, de };

export function useShareMessages(): ShareMessages {
  return useLocalized(SHARE_MESSAGES);
}
