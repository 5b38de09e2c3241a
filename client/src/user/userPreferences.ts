import {
  atom,
  computed,
  createTLCurrentUser,
  createUserId,
  defaultUserPreferences,
  getFreshUserPreferences,
  userTypeValidator,
  type TLCurrentUser,
  type TLUserPreferences,
  type TLUserStore,
  UserRecordType,
} from 'tldraw';
import { isProfileKey, LocaleSchema, newProfileKey, userIdFromProfileKey, type Locale } from '../../../shared/src/index.ts';

/**
 * The person using this browser: id, display name, colour and locale, kept in localStorage.
 * tldraw reads and edits the same record (people menu, language menu), so the app and the
 * canvas never disagree about the user's name or language.
 */

const STORAGE_KEY = 'journeyboard.user';
const PROFILE_KEY_STORAGE_KEY = 'journeyboard.profileKey';

function readOrCreateProfileKey(): string {
  try {
    const stored = localStorage.getItem(PROFILE_KEY_STORAGE_KEY);
    if (isProfileKey(stored)) return stored;
    const created = newProfileKey();
    localStorage.setItem(PROFILE_KEY_STORAGE_KEY, created);
    return created;
  } catch {
    return newProfileKey();
  }
}

/**
 * This browser's profile key: the user id is derived from it, and the server lets a connection
 * that shows it write that user's profile record and no other (shared/src/profileKey.ts).
 */
const PROFILE_KEY = readOrCreateProfileKey();

export function profileKey(): string {
  return PROFILE_KEY;
}

function readStoredPreferences(): TLUserPreferences | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw === null ? null : userTypeValidator.validate(JSON.parse(raw));
  } catch {
    return null;
  }
}

function storePreferences(preferences: TLUserPreferences): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(preferences));
  } catch {
    // Storage can be full or disabled (private mode); the session still works without it.
  }
}

function localeFromBrowser(): Locale {
  return navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en';
}

// A user id from before profile keys (or one edited by hand) is replaced by the key's: the
// server lets this browser write only that profile.
const $preferences = atom<TLUserPreferences>('journeyboard user preferences', {
  ...(readStoredPreferences() ?? { ...getFreshUserPreferences(), locale: localeFromBrowser() }),
  id: userIdFromProfileKey(PROFILE_KEY),
});

function updatePreferences(preferences: TLUserPreferences): void {
  $preferences.set(preferences);
  storePreferences(preferences);
}

/** Pass to every `<Tldraw user>` so tldraw's own UI uses and edits these preferences. */
export const currentUser: TLCurrentUser = createTLCurrentUser({
  userPreferences: $preferences,
  setUserPreferences: updatePreferences,
});

/**
 * The app shell speaks English or German. tldraw may be switched to any of its languages in its
 * own menu; the shell then follows the closest of the two.
 */
/**
 * The user tldraw writes to a board's store (attribution, its own `user:` record): this browser's,
 * with the id its profile key proves. Without it tldraw writes a user of its own choosing, whose
 * profile record the server refuses (a participant writes only its own).
 */
export const boardUserStore: TLUserStore = {
  currentUser: computed('journeyboard current user', () => {
    const preferences = $preferences.get();
    return UserRecordType.create({
      id: createUserId(preferences.id),
      name: preferences.name ?? '',
      color: preferences.color ?? defaultUserPreferences.color,
    });
  }),
};

export const $uiLocale = computed<Locale>('ui locale', () => {
  const locale = $preferences.get().locale ?? localeFromBrowser();
  const language = locale.toLowerCase().split('-')[0];
  const parsed = LocaleSchema.safeParse(language);
  return parsed.success ? parsed.data : 'en';
});

export function setUiLocale(locale: Locale): void {
  updatePreferences({ ...$preferences.get(), locale });
}

export const $displayName = computed('display name', () => $preferences.get().name?.trim() ?? '');

export function setDisplayName(name: string): void {
  updatePreferences({ ...$preferences.get(), name: name.trim() });
}
