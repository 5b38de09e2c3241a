import * as decoding from 'lib0/decoding';
import { utf8TextDecoder } from 'lib0/string';
import * as Y from 'yjs';

/**
 * Faster reading of the values a Yjs update carries, exactly as lib0 reads them.
 *
 * A board's records are JSON values (Yjs' ContentAny): a 10,000-shape board holds some 400,000
 * short strings ("props", "geo", "a1"). lib0 reads each one by creating a view of its bytes and
 * passing it to TextDecoder: the view and the trip into native code, not the bytes, were most of
 * what a large board cost to decode on the server and in the browser. Pure ASCII needs no UTF-8
 * decoding (the bytes are the char codes) and needs no view; everything else, invalid UTF-8
 * included, still goes to lib0's TextDecoder and still throws.
 */

/** Longer strings are rare in records (texts, data URLs) and TextDecoder is fast per byte. */
const MAX_SHORT_STRING = 32;

/** Recently decoded short strings, by a hash of their bytes: most repeat across records ("yellow", "m"). */
const INTERN_BITS = 12;
const INTERN_MASK = (1 << INTERN_BITS) - 1;
const interned: (string | undefined)[] = new Array<string | undefined>(1 << INTERN_BITS).fill(undefined);

function sameText(text: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let i = start; i < end; i++) if (text.charCodeAt(i - start) !== bytes[i]) return false;
  return true;
}

/**
 * The ASCII string in `bytes[start, end)`, or undefined if a byte is not ASCII. A string decoded
 * a moment ago is returned again instead of a copy, so a large board holds one "yellow", not ten thousand.
 */
function readShortAscii(bytes: Uint8Array, start: number, end: number): string | undefined {
  let hash = 0;
  for (let i = start; i < end; i++) {
    const code = bytes[i] as number;
    if (code > 0x7f) return undefined;
    hash = (Math.imul(hash, 31) + code) | 0;
  }
  const slot = (hash ^ (hash >>> INTERN_BITS)) & INTERN_MASK;
  const known = interned[slot];
  if (known !== undefined && sameText(known, bytes, start, end)) return known;
  const text = asciiText(bytes, start, end);
  interned[slot] = text;
  return text;
}

/**
 * Appending character by character builds strings of 13 or more characters as chains of V8 cons
 * strings (a record's ids and indices): ~190 bytes for a 20-character id that a flat string holds
 * in ~40, and kept that way for as long as the board is loaded.
 */
const MIN_CONS_STRING_LENGTH = 13;

function asciiText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start >= MIN_CONS_STRING_LENGTH) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i] as number);
  return text;
}

// Always called on the decoder it replaces the method of (decodeUtf8's `this`).
// eslint-disable-next-line @typescript-eslint/unbound-method
const nativeDecode = TextDecoder.prototype.decode;

/** For strings lib0 reads itself (y-protocols' messages, awareness): the view exists already. */
function decodeUtf8(this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
  if (options === undefined && input instanceof Uint8Array && input.length <= MAX_SHORT_STRING) {
    const ascii = readShortAscii(input, 0, input.length);
    if (ascii !== undefined) return ascii;
  }
  return nativeDecode.call(this, input, options);
}

const errorUnexpectedEnd = (): Error => new Error('Unexpected end of array');

/** lib0's readVarString, without a view for short ASCII strings. */
function readString(decoder: decoding.Decoder): string {
  const length = decoding.readVarUint(decoder);
  const bytes = decoder.arr;
  const start = decoder.pos;
  const end = start + length;
  if (end > bytes.length) throw errorUnexpectedEnd();
  decoder.pos = end;
  if (length <= MAX_SHORT_STRING) {
    const ascii = readShortAscii(bytes, start, end);
    if (ascii !== undefined) return ascii;
  }
  return (utf8TextDecoder as TextDecoder).decode(bytes.subarray(start, end));
}

/** lib0's readAny (same tags, same results, throws where it throws), reading strings with readString. */
function readAny(decoder: decoding.Decoder): unknown {
  switch (decoding.readUint8(decoder)) {
    case 119:
      return readString(decoder);
    case 118: {
      const length = decoding.readVarUint(decoder);
      // As lib0 builds it, a "__proto__" key included, so every peer decodes the same value.
      const object: Record<string, unknown> = {};
      for (let i = 0; i < length; i++) {
        const key = readString(decoder);
        object[key] = readAny(decoder);
      }
      return object;
    }
    case 117: {
      const length = decoding.readVarUint(decoder);
      // Every value takes at least a byte: lib0 would run past the end, so fail before allocating.
      if (length > decoder.arr.length - decoder.pos) throw errorUnexpectedEnd();
      // Sized up front: an array grown by push from empty reserves 17 slots for its first value, and
      // a note's rich text holds two one-value arrays (3 MB of a 10,000-shape board).
      const array: unknown[] = new Array<unknown>(length);
      for (let i = 0; i < length; i++) array[i] = readAny(decoder);
      return array;
    }
    case 127:
      return undefined;
    case 126:
      return null;
    case 125:
      return decoding.readVarInt(decoder);
    case 124:
      return decoding.readFloat32(decoder);
    case 123:
      return decoding.readFloat64(decoder);
    case 122:
      return decoding.readBigInt64(decoder);
    case 121:
      return false;
    case 120:
      return true;
    case 116:
      return decoding.readVarUint8Array(decoder);
    default:
      // lib0 fails here too (its lookup table has no reader), as at the end of the input.
      throw new Error('Unknown value type in update');
  }
}

interface DecoderV1 {
  restDecoder: decoding.Decoder;
}

const fastDecoderMethods = {
  readAny(this: DecoderV1): unknown {
    return readAny(this.restDecoder);
  },
  readString(this: DecoderV1): string {
    return readString(this.restDecoder);
  },
  readKey(this: DecoderV1): string {
    return readString(this.restDecoder);
  },
};

/**
 * Installs the fast path, once per process or page, before the first board is decoded: on the
 * TextDecoder lib0 reads every string with, and on Yjs' update decoder (the format y-websocket
 * speaks and the server stores). Returns whether both are in place (false where lib0 found no TextDecoder).
 */
export function installFastYjsDecoding(): boolean {
  if (!utf8TextDecoder) return false;
  utf8TextDecoder.decode = decodeUtf8;
  Object.assign(Y.UpdateDecoderV1.prototype, fastDecoderMethods);
  return fastYjsDecodingInstalled();
}

/** Whether lib0 and Yjs read through the fast path (an upgrade of either could take it away silently). */
export function fastYjsDecodingInstalled(): boolean {
  const decoder = Y.UpdateDecoderV1.prototype as unknown as typeof fastDecoderMethods;
  return (
    utf8TextDecoder?.decode === decodeUtf8 &&
    decoder.readAny === fastDecoderMethods.readAny &&
    decoder.readString === fastDecoderMethods.readString &&
    decoder.readKey === fastDecoderMethods.readKey
  );
}
