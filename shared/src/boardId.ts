import { z } from 'zod';

/** Board ids are URL-safe and long enough to be unguessable (see newBoardId). */
export const BoardIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{10,64}$/, 'board id must be 10-64 characters of A-Z, a-z, 0-9, _ or -');

export type BoardId = z.infer<typeof BoardIdSchema>;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** 21 characters from a 64-symbol alphabet: 126 bits of randomness. */
export function newBoardId(): BoardId {
  const bytes = new Uint8Array(21);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
