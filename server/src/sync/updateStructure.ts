/**
 * Checks that a Yjs update (format v1, what the sync protocol carries) is well formed, without
 * building what it holds.
 *
 * Why it is needed: Y.applyUpdate reads all of an update's structs before it integrates any,
 * so a broken struct section changes nothing; but it reads the delete set only after the structs
 * are integrated, so an update whose delete set is broken would be half applied. Finding where
 * the delete set starts means walking the structs. Y.decodeUpdate does that by building every
 * struct with its content (each record's object, each string decoded): as much work again as
 * applying the update. This walk reads the same bytes with lib0's primitives in the order Yjs
 * reads them (UpdateDecoderV1, readItemContent, lib0's readAny), skipping strings, binaries and
 * numbers by their length; it is stricter only where lib0 would read past the update's end.
 */
import { isUtf8 } from 'node:buffer';
import * as decoding from 'lib0/decoding';

/** Any failure to read the update; the caller turns it into a protocol error. */
export class MalformedUpdate extends Error {
  override readonly name = 'MalformedUpdate';
}

const BITS5 = 0b11111;
const BIT6 = 0b100000;
const BIT7 = 0b1000000;
const BIT8 = 0b10000000;

/** Content kinds of an item (Yjs' contentRefs), by the low five bits of its info byte. */
const ContentRef = { Deleted: 1, Json: 2, Binary: 3, String: 4, Embed: 5, Format: 6, Type: 7, Any: 8, Doc: 9 } as const;
const STRUCT_GC = 0;
const STRUCT_SKIP = 10;

/** Type refs (Yjs' typeRefs) whose reader also reads a key: YXmlElement and YXmlHook. */
const TYPE_REF_XML_ELEMENT = 3;
const TYPE_REF_XML_HOOK = 5;
const TYPE_REF_LAST = 6;

export function assertWellFormedUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  try {
    skipStructs(decoder);
    skipDeleteSet(decoder);
  } catch (error) {
    if (error instanceof MalformedUpdate) throw error;
    throw new MalformedUpdate(error instanceof Error ? error.message : String(error));
  }
  if (decoder.pos > update.length) throw new MalformedUpdate('update ends inside its last value');
}

function skipStructs(decoder: decoding.Decoder): void {
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // client
    decoding.readVarUint(decoder); // clock of the first struct
    for (let s = 0; s < structs; s++) {
      // Past the end lib0 reads undefined, which Yjs takes for a GC struct; its length read then fails.
      const info = (decoding.readUint8(decoder) as number | undefined) ?? 0;
      const kind = info & BITS5;
      if (kind === STRUCT_GC || kind === STRUCT_SKIP) {
        // Y.applyUpdate takes any info byte with these five low bits for a skip; Y.decodeUpdate
        // only 10 itself, as every encoder writes it: flags on a skip are refused.
        if (kind === STRUCT_SKIP && info !== STRUCT_SKIP) throw new MalformedUpdate('skip struct with flags');
        if (decoding.readVarUint(decoder) === 0) throw new MalformedUpdate('empty struct');
        continue;
      }
      if ((info & BIT8) === BIT8) skipId(decoder); // origin
      if ((info & BIT7) === BIT7) skipId(decoder); // right origin
      if ((info & (BIT7 | BIT8)) === 0) {
        // Parent: a root type's name, or the id of the item holding the type.
        if (decoding.readVarUint(decoder) === 1) skipString(decoder);
        else skipId(decoder);
        if ((info & BIT6) === BIT6) skipString(decoder); // key in a map
      }
      skipContent(decoder, kind);
    }
  }
}

function skipDeleteSet(decoder: decoding.Decoder): void {
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    decoding.readVarUint(decoder); // client
    const deletes = decoding.readVarUint(decoder);
    for (let d = 0; d < deletes; d++) {
      decoding.readVarUint(decoder); // clock
      // No encoder writes an empty range; Yjs keeps one for an unknown client as pending and
      // fails on it with a later update.
      if (decoding.readVarUint(decoder) === 0) throw new MalformedUpdate('empty delete range');
    }
  }
}

function skipContent(decoder: decoding.Decoder, kind: number): void {
  switch (kind) {
    case ContentRef.Deleted:
      if (decoding.readVarUint(decoder) === 0) throw new MalformedUpdate('empty struct');
      return;
    case ContentRef.Json: {
      const length = decoding.readVarUint(decoder);
      if (length === 0) throw new MalformedUpdate('empty struct');
      for (let i = 0; i < length; i++) {
        const json = readString(decoder);
        if (json !== 'undefined') parseJson(json);
      }
      return;
    }
    case ContentRef.Binary:
      skipBytes(decoder, decoding.readVarUint(decoder));
      return;
    case ContentRef.String: {
      const bytes = stringBytes(decoder);
      // An empty string is an item of length 0, which no encoder writes.
      if (bytes.byteLength === 0) throw new MalformedUpdate('empty struct');
      if (!isUtf8(bytes)) throw new MalformedUpdate('string is not UTF-8');
      return;
    }
    case ContentRef.Embed:
      parseJson(readString(decoder));
      return;
    case ContentRef.Format:
      skipString(decoder);
      parseJson(readString(decoder));
      return;
    case ContentRef.Type: {
      const typeRef = decoding.readVarUint(decoder);
      if (typeRef > TYPE_REF_LAST) throw new MalformedUpdate(`unknown type ref ${typeRef}`);
      if (typeRef === TYPE_REF_XML_ELEMENT || typeRef === TYPE_REF_XML_HOOK) skipString(decoder);
      return;
    }
    case ContentRef.Any: {
      const length = decoding.readVarUint(decoder);
      if (length === 0) throw new MalformedUpdate('empty struct');
      for (let i = 0; i < length; i++) skipAny(decoder);
      return;
    }
    case ContentRef.Doc: {
      skipString(decoder);
      // Yjs spreads these options into a new Doc and reads two of them: they must be an object.
      const options: unknown = decoding.readAny(decoder);
      if (options === null || options === undefined) throw new MalformedUpdate('subdocument options missing');
      return;
    }
    default:
      throw new MalformedUpdate(`unknown content kind ${kind}`);
  }
}

/** lib0's readAny, by the type byte 127 - n of its lookup table. */
function skipAny(decoder: decoding.Decoder): void {
  const type = decoding.readUint8(decoder) as number | undefined;
  switch (type) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125:
      decoding.readVarInt(decoder);
      return;
    case 124: // float32
      skipBytes(decoder, 4);
      return;
    case 123: // float64
    case 122: // bigint64
      skipBytes(decoder, 8);
      return;
    case 119:
      skipString(decoder);
      return;
    case 118: {
      const entries = decoding.readVarUint(decoder);
      for (let i = 0; i < entries; i++) {
        skipObjectKey(decoder);
        skipAny(decoder);
      }
      return;
    }
    case 117: {
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) skipAny(decoder);
      return;
    }
    case 116:
      skipBytes(decoder, decoding.readVarUint(decoder));
      return;
    default:
      throw new MalformedUpdate(`unknown value type ${String(type)}`);
  }
}

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder); // client
  decoding.readVarUint(decoder); // clock
}

function skipBytes(decoder: decoding.Decoder, length: number): void {
  if (decoder.pos + length > decoder.arr.length) throw new MalformedUpdate('update ends inside a value');
  decoder.pos += length;
}

/** A string's bytes (lib0's readVarUint8Array, bounded by the update's end). */
function stringBytes(decoder: decoding.Decoder): Uint8Array {
  const length = decoding.readVarUint(decoder);
  const start = decoder.pos;
  skipBytes(decoder, length);
  return decoder.arr.subarray(start, start + length);
}

const PROTO_KEY = '__proto__';
const PROTO_KEY_BYTES = new TextEncoder().encode(PROTO_KEY);

/**
 * lib0's readAny builds objects by assignment, so a `__proto__` key replaces the object's
 * prototype instead of adding a property: a value holding a Uint8Array there decodes to an object
 * that Yjs then takes for binary content and cannot encode again, which stops every later update
 * of the board. No client of ours writes such a key; the whole update is refused.
 */
function skipObjectKey(decoder: decoding.Decoder): void {
  const key = stringBytes(decoder);
  if (!isUtf8(key)) throw new MalformedUpdate('string is not UTF-8');
  if (key.byteLength === PROTO_KEY_BYTES.byteLength && key.every((byte, index) => byte === PROTO_KEY_BYTES[index])) {
    throw new MalformedUpdate(`object key ${PROTO_KEY} is not allowed`);
  }
}

/** JSON.parse keeps `__proto__` as an own key, but a later Object.assign of the value would not. */
function parseJson(json: string): void {
  JSON.parse(json, (key, value: unknown) => {
    if (key === PROTO_KEY) throw new MalformedUpdate(`object key ${PROTO_KEY} is not allowed`);
    return value;
  });
}

/** lib0 decodes strings with a fatal UTF-8 decoder: invalid UTF-8 fails there too. */
function skipString(decoder: decoding.Decoder): void {
  if (!isUtf8(stringBytes(decoder))) throw new MalformedUpdate('string is not UTF-8');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** For the JSON that legacy and rich-text content holds, which Yjs parses while reading. */
function readString(decoder: decoding.Decoder): string {
  return utf8.decode(stringBytes(decoder));
}
