import { digest } from 'lib0/hash/sha256';

/**
 * Who may write a participant's profile record (`user:<id>`, name and colour). The browser keeps
 * a random profile key and derives its user id from it; it shows the key to the server only, as
 * the sync URL's `profile` parameter. The server derives the same id and lets the connection write
 * that one profile record and no other. The id is public (every peer sees it); the key is not, so
 * nobody can write another person's profile.
 */
export const PROFILE_KEY_QUERY_PARAM = 'profile';

const KEY_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function isProfileKey(value: unknown): value is string {
  return typeof value === 'string' && KEY_PATTERN.test(value);
}

/** A fresh random profile key (128 bits or more). */
export function newProfileKey(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(18)));
}

/** The user id a profile key stands for. */
export function userIdFromProfileKey(key: string): string {
  return base64Url(digest(new TextEncoder().encode(`journeyboard profile:${key}`))).slice(0, 22);
}

/** The profile record id (`user:<id>`) a profile key allows its holder to write. */
export function profileRecordIdFromKey(key: string): string {
  return `user:${userIdFromProfileKey(key)}`;
}
