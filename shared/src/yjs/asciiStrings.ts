import { utf8TextDecoder } from 'lib0/string';

/** Longer strings are rare in records (texts, data URLs) and TextDecoder is fast per byte. */
const MAX_SHORT_STRING = 32;

// Always called on the decoder it replaces the method of (decodeUtf8's `this`).
// eslint-disable-next-line @typescript-eslint/unbound-method
const nativeDecode = TextDecoder.prototype.decode;

/** Recently decoded short strings, by a hash of their bytes: most repeat across records ("yellow", "m"). */
const INTERN_BITS = 12;
const INTERN_MASK = (1 << INTERN_BITS) - 1;
const interned: (string | undefined)[] = new Array<string | undefined>(1 << INTERN_BITS).fill(undefined);

function sameText(text: string, bytes: Uint8Array): boolean {
  if (text.length !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (text.charCodeAt(i) !== bytes[i]) return false;
  return true;
}

/**
 * A record's keys and most of its values are short ASCII strings ("props", "geo", "a1"), hundreds
 * of thousands per large board. lib0 decodes each with TextDecoder, whose fixed cost per call (a
 * trip into native code) was half of the time a 10,000-shape board took to decode on the server. Pure ASCII
 * needs no UTF-8 decoding: the bytes are the char codes. A string decoded a moment ago is returned
 * again instead of a copy, so a large board holds one "yellow", not ten thousand.
 */
function decodeShortAscii(bytes: Uint8Array): string | undefined {
  let hash = 0;
  for (let i = 0; i < bytes.length; i++) {
    const code = bytes[i] as number;
    if (code > 0x7f) return undefined;
    hash = (Math.imul(hash, 31) + code) | 0;
  }
  const slot = (hash ^ (hash >>> INTERN_BITS)) & INTERN_MASK;
  const known = interned[slot];
  if (known !== undefined && sameText(known, bytes)) return known;
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i] as number);
  interned[slot] = text;
  return text;
}

function decodeUtf8(this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
  if (options === undefined && input instanceof Uint8Array && input.length <= MAX_SHORT_STRING) {
    const ascii = decodeShortAscii(input);
    if (ascii !== undefined) return ascii;
  }
  return nativeDecode.call(this, input, options);
}

/**
 * Gives the TextDecoder that lib0 (and so Yjs) reads every string with an ASCII fast path. Only
 * that one instance changes, and only for input that is ASCII, which any UTF-8 decoder returns
 * unchanged; everything else, invalid UTF-8 included, still goes to TextDecoder (and still throws).
 * Returns whether the fast path is in place (false where lib0 found no TextDecoder).
 */
export function installAsciiStringFastPath(): boolean {
  if (!utf8TextDecoder) return false;
  if (utf8TextDecoder.decode !== decodeUtf8) utf8TextDecoder.decode = decodeUtf8;
  return true;
}

/** Whether lib0 reads strings through the fast path (a lib0 upgrade could take it away silently). */
export function asciiStringFastPathInstalled(): boolean {
  return utf8TextDecoder?.decode === decodeUtf8;
}
