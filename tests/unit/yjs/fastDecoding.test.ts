import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { utf8TextDecoder } from 'lib0/string';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fastYjsDecodingInstalled, installFastYjsDecoding } from '../../../shared/src/yjs/fastDecoding.ts';

const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const decoderPrototype = Y.UpdateDecoderV1.prototype as unknown as Record<'readAny' | 'readString' | 'readKey', unknown>;
// Each test file has its own module instances: these are Yjs' own methods.
const yjsOwn = { readAny: decoderPrototype.readAny, readString: decoderPrototype.readString, readKey: decoderPrototype.readKey };
// Restored onto lib0's decoder, which it is then called on.
// eslint-disable-next-line @typescript-eslint/unbound-method
const textDecoderOwn = TextDecoder.prototype.decode;

/** Runs `body` with Yjs and lib0 as they come, without the fast path. */
function withoutFastPath<T>(body: () => T): T {
  const decoder = utf8TextDecoder as TextDecoder;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back on the same decoder below
  const installed = { readAny: decoderPrototype.readAny, readString: decoderPrototype.readString, readKey: decoderPrototype.readKey, decode: decoder.decode };
  Object.assign(decoderPrototype, yjsOwn);
  decoder.decode = textDecoderOwn;
  try {
    return body();
  } finally {
    Object.assign(decoderPrototype, { readAny: installed.readAny, readString: installed.readString, readKey: installed.readKey });
    decoder.decode = installed.decode;
  }
}

const samples: unknown[] = [
  '',
  'x',
  'props',
  'shape:abc-DEF_123',
  'Grüße',
  'Kündigung 😀',
  'a'.repeat(32),
  'b'.repeat(33),
  '\u007f\u0000',
  'ß'.repeat(20),
  0,
  -1,
  2 ** 31,
  -(2 ** 40),
  0.5,
  -123.456,
  Number.MAX_SAFE_INTEGER,
  10n ** 15n,
  true,
  false,
  null,
  undefined,
  new Uint8Array([1, 2, 250]),
  [],
  [1, 'two', [3, { four: 4 }], null],
  { id: 'shape:1', type: 'note', x: 12.5, y: -3, props: { text: 'Kasse wartet zu lange', color: 'yellow', size: 'm' }, meta: { lane: 'pain', tags: ['a', 'b'] } },
  { 'Größe': 'groß', '': '', nested: { deeper: { deepest: 'ok' } } },
];

function encodedAny(value: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeAny(encoder, value as Parameters<typeof encoding.writeAny>[1]);
  return encoding.toUint8Array(encoder);
}

function fastReadAny(bytes: Uint8Array): unknown {
  return new Y.UpdateDecoderV1(decoding.createDecoder(bytes)).readAny();
}

function contentOf(doc: Y.Doc): unknown {
  return { records: doc.getArray('records').toJSON(), meta: doc.getMap('meta').toJSON(), notes: doc.getText('notes').toJSON() };
}

describe('fast decoding of what Yjs updates carry', () => {
  it('is in place after installing, on the TextDecoder lib0 uses and on Yjs update decoder', () => {
    expect(fastYjsDecodingInstalled()).toBe(false);
    expect(installFastYjsDecoding()).toBe(true);
    expect(fastYjsDecodingInstalled()).toBe(true);
  });

  it('reads every kind of value exactly as lib0 reads it, also from views into larger buffers', () => {
    installFastYjsDecoding();
    for (const value of samples) {
      const bytes = encodedAny(value);
      expect(fastReadAny(bytes)).toEqual(decoding.readAny(decoding.createDecoder(bytes)));
      expect(fastReadAny(bytes)).toEqual(value);
      const padded = new Uint8Array(bytes.length + 6);
      padded.set(bytes, 3);
      const decoder = new Y.UpdateDecoderV1(decoding.createDecoder(padded.subarray(3, 3 + bytes.length)));
      expect(decoder.readAny()).toEqual(value);
      // It stops where lib0 stops: the next value starts right after.
      expect(decoder.restDecoder.pos).toBe(bytes.length);
    }
  });

  it('reads random values (strings of every length, nested arrays and objects) as lib0 does, keys in order and arrays dense', () => {
    installFastYjsDecoding();
    let seed = 24;
    const random = (): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = ['a', 'Z', '0', ':', '-', ' ', '"', '\\', 'ü', 'ß', '€', '😀', '\u0000'];
    const randomString = (): string => {
      const length = Math.floor(random() * 40);
      const ascii = random() < 0.7;
      let text = '';
      for (let i = 0; i < length; i++) text += ascii ? String.fromCharCode(32 + Math.floor(random() * 95)) : (alphabet[Math.floor(random() * alphabet.length)] ?? 'x');
      return text;
    };
    const randomValue = (depth: number): unknown => {
      const roll = random();
      if (depth > 3 || roll < 0.35) return randomString();
      if (roll < 0.45) return Math.floor(random() * 2_000_000) - 1_000_000;
      if (roll < 0.5) return random() * 1e6 - 5e5;
      if (roll < 0.55) return [null, true, false, undefined][Math.floor(random() * 4)];
      if (roll < 0.75) return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 14) }, () => [randomString(), randomValue(depth + 1)]));
    };
    const shapeOf = (value: unknown): unknown =>
      Array.isArray(value)
        ? { dense: Object.keys(value).length === value.length, items: value.map(shapeOf) }
        : typeof value === 'object' && value !== null
          ? Object.entries(value).map(([key, field]) => [key, shapeOf(field)])
          : value;
    for (let i = 0; i < 2_000; i++) {
      const bytes = encodedAny(randomValue(0));
      const fast = fastReadAny(bytes);
      expect(shapeOf(fast)).toEqual(shapeOf(decoding.readAny(decoding.createDecoder(bytes))));
      expect(encodedAny(fast)).toEqual(bytes);
    }
  });

  it('refuses what lib0 refuses: truncated values, unknown types, invalid UTF-8', () => {
    installFastYjsDecoding();
    for (const value of samples) {
      const bytes = encodedAny(value);
      for (let cut = 0; cut < bytes.length; cut++) {
        const truncated = bytes.subarray(0, cut);
        let lib0Threw = false;
        try {
          decoding.readAny(decoding.createDecoder(truncated));
        } catch {
          lib0Threw = true;
        }
        if (lib0Threw) expect(() => fastReadAny(truncated)).toThrow();
      }
    }
    expect(() => fastReadAny(new Uint8Array([42]))).toThrow();
    // A string of two bytes: 0xc3 alone is not UTF-8.
    expect(() => fastReadAny(new Uint8Array([119, 2, 0xc3, 0x41]))).toThrow(TypeError);
    expect(() => (utf8TextDecoder as TextDecoder).decode(new Uint8Array([0xff, 0x41]))).toThrow(TypeError);
  });

  it('returns the right string when many different short strings share the table of recent ones', () => {
    installFastYjsDecoding();
    const decoder = utf8TextDecoder as TextDecoder;
    const encoder = new TextEncoder();
    const texts = Array.from({ length: 20_000 }, (_, i) => `k${(i * 7919).toString(36)}`);
    for (let round = 0; round < 2; round++) {
      for (const text of texts) {
        expect(decoder.decode(encoder.encode(text))).toBe(reference.decode(encoder.encode(text)));
        expect(fastReadAny(encodedAny(text))).toBe(text);
      }
    }
  });

  it('decodes a board, and damaged copies of it, exactly as Yjs does by itself', () => {
    installFastYjsDecoding();
    const source = new Y.Doc();
    const records = source.getArray<{ key: string; val: unknown }>('records');
    const meta = source.getMap('meta');
    source.transact(() => {
      records.push(samples.map((val, index) => ({ key: `shape:${index}`, val })));
      meta.set('schema', { version: 3, 'Größe': 'm' });
      source.getText('notes').insert(0, 'Zahlung 💳 erfolgreich');
    });
    records.delete(2, 3);
    const update = Y.encodeStateAsUpdate(source);
    const decodeAll = (bytes: Uint8Array): unknown => {
      try {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, bytes);
        return contentOf(doc);
      } catch {
        return 'refused';
      }
    };
    expect(decodeAll(update)).toEqual(contentOf(source));
    // Single-byte damage at every position: the same board, or refused by both.
    for (let position = 0; position < update.length; position++) {
      const damaged = update.slice();
      damaged[position] = (damaged[position] as number) ^ 0x5a;
      expect(decodeAll(damaged)).toEqual(withoutFastPath(() => decodeAll(damaged)));
    }
  });
});
