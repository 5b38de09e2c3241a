import { utf8TextDecoder } from 'lib0/string';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asciiStringFastPathInstalled, installAsciiStringFastPath } from '../../../shared/src/yjs/asciiStrings.ts';

const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

describe('ASCII fast path for the strings Yjs decodes', () => {
  it('is in place after installing, on the decoder lib0 reads every string with', () => {
    expect(installAsciiStringFastPath()).toBe(true);
    expect(asciiStringFastPathInstalled()).toBe(true);
  });

  it('decodes exactly what TextDecoder decodes, and still refuses invalid UTF-8', () => {
    installAsciiStringFastPath();
    const decoder = utf8TextDecoder as TextDecoder;
    const samples = ['', 'x', 'props', 'shape:abc-DEF_123', 'Grüße', 'Kündigung 😀', 'a'.repeat(32), 'b'.repeat(33), '\u007f\u0000', 'ß'.repeat(20)];
    for (const text of samples) {
      const bytes = new TextEncoder().encode(text);
      expect(decoder.decode(bytes)).toBe(reference.decode(bytes));
      // A view into a larger buffer, as lib0 passes them.
      const padded = new Uint8Array(bytes.length + 4);
      padded.set(bytes, 2);
      expect(decoder.decode(padded.subarray(2, 2 + bytes.length))).toBe(text);
    }
    for (const invalid of [[0xc3], [0xff, 0x41], [0x41, 0xe2, 0x82]]) {
      expect(() => decoder.decode(new Uint8Array(invalid))).toThrow(TypeError);
    }
  });

  it('returns the right string when many different short strings share the table of recent ones', () => {
    installAsciiStringFastPath();
    const decoder = utf8TextDecoder as TextDecoder;
    const encoder = new TextEncoder();
    const texts = Array.from({ length: 20_000 }, (_, i) => `k${(i * 7919).toString(36)}`);
    for (let round = 0; round < 2; round++) {
      for (const text of texts) expect(decoder.decode(encoder.encode(text))).toBe(text);
    }
  });

  it('leaves a board that Yjs encodes and decodes unchanged', () => {
    installAsciiStringFastPath();
    const source = new Y.Doc();
    const records = source.getArray<{ key: string; val: unknown }>('records');
    records.push([
      { key: 'shape:1', val: { id: 'shape:1', type: 'note', props: { text: 'Kasse wartet zu lange', color: 'yellow', size: 'm' }, meta: { lane: 'pain' } } },
      { key: 'shape:2', val: { id: 'shape:2', type: 'note', props: { text: 'Zahlung 💳 erfolgreich', color: 'green' }, meta: {} } },
    ]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
    expect(copy.getArray('records').toJSON()).toEqual(records.toJSON());
  });
});
