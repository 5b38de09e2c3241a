/**
 * Generated inputs for fuzzing the sync endpoint. Input `i` depends only on
 * (seed, i), so a failing input can be regenerated from the printed seed and its
 * index, whatever socket it happened to be sent on.
 */
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import { DocLayout } from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';
import { int, pick, seededRandom, type Random } from './random.ts';

export const FUZZ_KINDS = [
  'random-bytes',
  'truncated-varint',
  'overlong-varint',
  'huge-length',
  'wrong-type',
  'garbage-update',
  'mutated-update',
  'bogus-step1',
  'garbage-awareness',
  'text-frame',
  'empty-frame',
  'at-max-garbage',
  'oversized',
  'non-record-entry',
  'undeclared-update',
  'valid-update',
  'valid-delete',
  'valid-step1',
  'valid-awareness',
  'odd-awareness',
  'valid-other',
  'at-max-valid',
] as const;

export type FuzzKind = (typeof FUZZ_KINDS)[number];

/**
 * Relative weights of each kind. About 40 % of the inputs are refused; every
 * refusal costs the server a new socket, which is what bounds the run time.
 */
const WEIGHTS: Record<FuzzKind, number> = {
  'random-bytes': 60,
  'truncated-varint': 30,
  'overlong-varint': 12,
  'huge-length': 30,
  'wrong-type': 30,
  'garbage-update': 35,
  'mutated-update': 150,
  'bogus-step1': 20,
  'garbage-awareness': 40,
  'text-frame': 12,
  'empty-frame': 6,
  'at-max-garbage': 3,
  'oversized': 4,
  'non-record-entry': 5,
  'undeclared-update': 10,
  'valid-update': 150,
  'valid-delete': 40,
  // Few: the reply to an unknown state vector is the whole document.
  'valid-step1': 5,
  'valid-awareness': 40,
  'odd-awareness': 150,
  'valid-other': 180,
  'at-max-valid': 1,
};

export type Expectation = 'accept' | 'refuse' | 'any';

const EXPECTATION: Record<FuzzKind, Expectation> = {
  'random-bytes': 'any',
  'truncated-varint': 'refuse',
  'overlong-varint': 'refuse',
  'huge-length': 'refuse',
  'wrong-type': 'refuse',
  'garbage-update': 'any',
  'mutated-update': 'any',
  'bogus-step1': 'any',
  'garbage-awareness': 'any',
  'text-frame': 'refuse',
  'empty-frame': 'refuse',
  'at-max-garbage': 'refuse',
  'oversized': 'refuse',
  // The server must refuse or revert these; the records check looks at the outcome.
  'non-record-entry': 'any',
  // Reverted (and the sender closed after too many); the check of undeclared structures looks at the outcome.
  'undeclared-update': 'any',
  'valid-update': 'accept',
  'valid-delete': 'accept',
  'valid-step1': 'accept',
  'valid-awareness': 'accept',
  'odd-awareness': 'accept',
  'valid-other': 'accept',
  'at-max-valid': 'accept',
};

export interface FuzzInput {
  index: number;
  kind: FuzzKind;
  /** What exactly was generated, for failure messages. */
  detail: string;
  data: Uint8Array;
  /** Sent as a text frame instead of a binary one. */
  text: boolean;
  /**
   * accept: well-formed with valid content, the socket must stay open;
   * refuse: malformed, the server must close the socket (with a reason);
   * any: either is fine (random bytes may happen to be a valid message).
   */
  expect: Expectation;
}

export interface FuzzGeneratorOptions {
  seed: number;
  /** The server's MAX_MESSAGE_BYTES. */
  maxMessageBytes: number;
  /** Kinds not to generate (to check whether a failure needs them). */
  exclude?: readonly FuzzKind[];
}


const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** Client ids: the long-lived writers, and one-off docs (one per input that needs one). */
const VALID_CLIENT_BASE = 2_000_000;
const ONE_OFF_CLIENT_BASE = 3_000_000;
const WRITERS = 6;


function bytes(random: Random, length: number): Uint8Array {
  const result = new Uint8Array(length);
  for (let i = 0; i < length; i++) result[i] = int(random, 256);
  return result;
}

function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncFrame(subtype: number, payload: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, subtype);
    encoding.writeVarUint8Array(e, payload);
  });
}

function awarenessFrame(payload: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** A varuint of up to 53 bits, biased towards edge values. */
function interestingNumber(random: Random): number {
  return pick(random, [
    0,
    1,
    127,
    128,
    255,
    16_383,
    16_384,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 53 - 1,
    int(random, 1000),
    int(random, 2 ** 30),
  ]);
}

/** A deterministic, schema-valid note record. */
export function fuzzNote(id: string, random: Random): Record<string, unknown> {
  return { ...note(id, int(random, 4000) - 2000, int(random, 4000) - 2000, `fuzz ${id}`), index: 'a1' };
}

function freshDoc(clientId: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  return doc;
}

/** Changes of the kinds a board sees, applied to `doc`: notes added (also at the front of the array), overwritten, deleted. */
interface Writer {
  doc: Y.Doc;
  kv: YKeyValue<unknown>;
}

function writer(clientId: number): Writer {
  const doc = freshDoc(clientId);
  return { doc, kv: new YKeyValue<unknown>(doc.getArray(DocLayout.records)) };
}

/** The edit variant that writes outside the board's layout: never a valid input, which the server reverts. */
const UNDECLARED_EDIT = 6;

function edit({ doc, kv }: Writer, random: Random, label: string, variant = int(random, 6)): string {
  const own = [...kv.map.keys()];
  if (variant === 0 && own.length > 0) {
    const key = pick(random, own);
    kv.set(key, fuzzNote(key.slice('shape:'.length), random));
    return `overwrite ${key}`;
  }
  if (variant === 1 && own.length > 0) {
    const key = pick(random, own);
    kv.delete(key);
    return `delete ${key}`;
  }
  if (variant === 2) {
    // New keys inserted before every other entry, which YKeyValue never does but any client may.
    doc.getArray<unknown>(DocLayout.records).insert(
      0,
      [`${label}f0`, `${label}f1`].map((id) => ({ key: `shape:${id}`, val: fuzzNote(id, random) })),
    );
    return 'two notes at the front';
  }
  if (variant === 3) {
    const id = `${label}t`;
    kv.set(`shape:${id}`, { ...note(id, 0, 0, `text ${label} `.repeat(1 + int(random, 20))), index: 'a1', meta: { label, nested: [1, `s`, null, true] } });
    return 'long text and nested meta';
  }
  if (variant === UNDECLARED_EDIT) {
    doc.getArray<string>('fuzz-list').insert(0, [`item ${label}`, `more ${label}`]);
    const text = doc.getText('fuzz-text');
    text.insert(int(random, text.length + 1), `text ${label} `.repeat(1 + int(random, 20)));
    doc.getMap<unknown>('fuzz-map').set(`k${int(random, 50)}`, { label, nested: [1, `s`, null, true] });
    return 'list, text and map outside the board layout';
  }
  if (variant === 4) {
    doc.transact(() => {
      for (let k = 0; k < 3; k++) kv.set(`shape:${label}x${k}`, fuzzNote(`${label}x${k}`, random));
    });
    return 'three notes';
  }
  kv.set(`shape:${label}`, fuzzNote(label, random));
  return `add shape:${label}`;
}

/** The update that `change` makes to the writer's doc. */
function updateOf(w: Writer, change: () => string): { detail: string; update: Uint8Array } {
  const before = Y.encodeStateVector(w.doc);
  const detail = change();
  return { detail, update: Y.encodeStateAsUpdate(w.doc, before) };
}

/** Finds the payload length for which `build` makes a frame of exactly `size` bytes. */
function frameOfSize(size: number, build: (payloadLength: number) => Uint8Array): Uint8Array {
  let length = size - 64;
  for (let attempt = 0; attempt < 10; attempt++) {
    const frame = build(length);
    if (frame.length === size) return frame;
    length += size - frame.length;
  }
  throw new Error(`could not build a frame of exactly ${size} bytes`);
}

/** The per-input generator: input i draws from its own stream. */
function inputRandom(seed: number, index: number): Random {
  return seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0);
}

function kindFromDraw(draw: number, kinds: readonly FuzzKind[]): FuzzKind {
  const total = kinds.reduce((sum, kind) => sum + WEIGHTS[kind], 0);
  let remaining = draw * total;
  for (const kind of kinds) {
    remaining -= WEIGHTS[kind];
    if (remaining < 0) return kind;
  }
  return kinds[0] ?? 'random-bytes';
}

/** Valid JSON that is unusual as an awareness state: extreme numbers, odd keys and strings, deep nesting. */
function oddJson(random: Random, depth: number): unknown {
  // Scalars only below the second level, so that a state stays far below MAX_AWARENESS_BYTES.
  switch (int(random, depth > 1 ? 4 : 9)) {
    case 0:
      return null;
    case 1:
      return pick(random, [0, -0, 1e308, -1e308, 2 ** 53 + 1, 5e-324, -1]);
    case 2:
      return pick(random, ['', '\u0000', '\ud83d\ude00 emoji', 'ä'.repeat(100), '</script>', '{"not":"parsed"}']);
    case 3:
      return random() < 0.5;
    case 4: {
      let nested: unknown = 'bottom';
      for (let level = 0; level < 50; level++) nested = [nested];
      return nested;
    }
    case 5:
      return { user: { name: pick(random, ['', 'fuzz', 'x'.repeat(500)]), color: pick(random, ['#fff', 'not a color', '']) } };
    case 6:
      return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown;
    case 7:
      return Array.from({ length: 1 + int(random, 5) }, () => oddJson(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: 1 + int(random, 5) }, (_, k) => [pick(random, ['user', 'cursor', 'selection', '', 'toString', `k${k}`]), oddJson(random, depth + 1)]));
  }
}

/** Byte-level mutations: bit flips, interesting bytes, inserts, deletes, truncation, duplication. */
function mutate(random: Random, input: Uint8Array): { bytes: Uint8Array; ops: string[] } {
  let data = Array.from(input);
  const ops: string[] = [];
  const count = 1 + int(random, 4);
  for (let n = 0; n < count; n++) {
    const op = int(random, 8);
    const at = int(random, Math.max(1, data.length));
    switch (op) {
      case 0:
      case 1:
      case 2: {
        const bit = int(random, 8);
        data[at] = (data[at] ?? 0) ^ (1 << bit);
        ops.push(`flip ${at}.${bit}`);
        break;
      }
      case 3: {
        const value = pick(random, [0, 1, 0x7f, 0x80, 0xff, int(random, 256)]);
        data[at] = value;
        ops.push(`set ${at}=${value}`);
        break;
      }
      case 4: {
        const value = int(random, 256);
        data.splice(at, 0, value);
        ops.push(`insert ${at}=${value}`);
        break;
      }
      case 5:
        data.splice(at, 1);
        ops.push(`delete ${at}`);
        break;
      case 6:
        data = data.slice(0, at);
        ops.push(`truncate ${at}`);
        break;
      default: {
        const length = 1 + int(random, 16);
        data.splice(at, 0, ...data.slice(at, at + length));
        ops.push(`duplicate ${at}+${length}`);
        break;
      }
    }
  }
  return { bytes: new Uint8Array(data), ops };
}

/** Values that are not `{ key, val }` records, as a buggy or hostile client could put them in the records array. */
const NON_RECORD_ENTRIES: readonly { name: string; make: () => unknown }[] = [
  { name: 'null', make: () => null },
  { name: 'string', make: () => 'not a record' },
  { name: 'number', make: () => 42 },
  { name: 'array', make: () => [1, 2] },
  { name: 'non-string key', make: () => ({ key: 7, val: {} }) },
  { name: 'key without val', make: () => ({ key: 'shape:nofield' }) },
  { name: 'nested Y.Map', make: () => new Y.Map() },
  { name: 'bytes', make: () => new Uint8Array([1, 2, 3]) },
];

/**
 * Valid updates come from a few long-lived writers (as real participants are),
 * so their updates depend on each other and may reach the server out of order.
 * That makes the generator stateful: call it with 0, 1, 2, ... exactly once each.
 * Everything is still a function of the seed.
 */
export function createFuzzGenerator(options: FuzzGeneratorOptions): (index: number) => FuzzInput {
  const { seed, maxMessageBytes } = options;
  const kinds = FUZZ_KINDS.filter((kind) => !options.exclude?.includes(kind));
  if (kinds.length === 0) throw new Error('every fuzz kind is excluded');
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(VALID_CLIENT_BASE + w));
  let expectedIndex = 0;

  return (index) => {
    if (index !== expectedIndex) throw new Error(`fuzz inputs must be generated in order: got ${index}, expected ${expectedIndex}`);
    expectedIndex += 1;
    const random = inputRandom(seed, index);
    const kind = kindFromDraw(random(), kinds);
    const result = (detail: string, data: Uint8Array, extra: Partial<Pick<FuzzInput, 'text' | 'expect'>> = {}): FuzzInput => ({
      index,
      kind,
      detail,
      data,
      text: extra.text ?? false,
      expect: extra.expect ?? EXPECTATION[kind],
    });

    switch (kind) {
      case 'random-bytes': {
        const size = pick(random, [1 + int(random, 16), 16 + int(random, 240), 256 + int(random, 3840)]);
        const data = bytes(random, size);
        // Half of them start like a real message, so they reach the deeper decoders.
        if (random() < 0.5) data[0] = int(random, 4);
        return result(`${size} bytes`, data);
      }
      case 'truncated-varint': {
        const prefix = pick(random, [[], [MESSAGE_SYNC], [MESSAGE_SYNC, SYNC_UPDATE], [MESSAGE_SYNC, SYNC_STEP1], [MESSAGE_AWARENESS], [MESSAGE_AUTH]]);
        const continuation = Array.from({ length: 1 + int(random, 9) }, () => 0x80 | int(random, 128));
        return result(`prefix [${prefix.join(',')}] + ${continuation.length} continuation bytes`, new Uint8Array([...prefix, ...continuation]));
      }
      case 'overlong-varint': {
        // More than 53 bits: lib0 refuses to decode it.
        const length = 9 + int(random, 8);
        const varint = Array.from({ length }, () => 0xff);
        varint.push(0x7f);
        const prefix = pick(random, [[], [MESSAGE_SYNC], [MESSAGE_SYNC, SYNC_UPDATE], [MESSAGE_AWARENESS]]);
        return result(`prefix [${prefix.join(',')}] + ${length + 1}-byte varint`, new Uint8Array([...prefix, ...varint, ...bytes(random, int(random, 8))]));
      }
      case 'huge-length': {
        const declared = pick(random, [2 ** 16, 2 ** 20, 2 ** 31, 2 ** 32 + 5, 2 ** 40, 2 ** 53 - 1, maxMessageBytes, maxMessageBytes + 1]);
        const header = pick(random, [
          [MESSAGE_SYNC, SYNC_UPDATE],
          [MESSAGE_SYNC, SYNC_STEP2],
          [MESSAGE_SYNC, SYNC_STEP1],
          [MESSAGE_AWARENESS],
          [MESSAGE_AUTH],
        ]);
        const data = encode((e) => {
          for (const b of header) encoding.writeVarUint(e, b);
          encoding.writeVarUint(e, declared);
          encoding.writeUint8Array(e, bytes(random, int(random, 64)));
        });
        return result(`header [${header.join(',')}] declares ${declared} bytes`, data);
      }
      case 'wrong-type': {
        if (random() < 0.5) {
          const type = pick(random, [4, 5, 99, 100, 101, 102, 127, 128, 16_384, 2 ** 31, 2 ** 53 - 1, 4 + int(random, 1000)]);
          const data = encode((e) => {
            encoding.writeVarUint(e, type);
            encoding.writeUint8Array(e, bytes(random, int(random, 32)));
          });
          return result(`message type ${type}`, data);
        }
        const subtype = pick(random, [3, 4, 100, 127, 128, 2 ** 31, 3 + int(random, 500)]);
        return result(`sync subtype ${subtype}`, syncFrame(subtype, bytes(random, int(random, 32))));
      }
      case 'garbage-update': {
        const subtype = random() < 0.5 ? SYNC_UPDATE : SYNC_STEP2;
        const size = int(random, 200);
        return result(`sync ${subtype} with ${size} random bytes`, syncFrame(subtype, bytes(random, size)));
      }
      case 'mutated-update': {
        // A real update from a one-off writer (its own client id), then damaged.
        const w = writer(ONE_OFF_CLIENT_BASE + index);
        const { detail, update } = updateOf(w, () => edit(w, random, `m${index}`, pick(random, [2, 3, 4, 5, UNDECLARED_EDIT])));
        const subtype = random() < 0.7 ? SYNC_UPDATE : SYNC_STEP2;
        if (random() < 0.75) {
          const mutated = mutate(random, update);
          return result(`${detail}, payload: ${mutated.ops.join(', ')}`, syncFrame(subtype, mutated.bytes));
        }
        const mutated = mutate(random, syncFrame(subtype, update));
        return result(`${detail}, frame: ${mutated.ops.join(', ')}`, mutated.bytes);
      }
      case 'bogus-step1': {
        if (random() < 0.6) {
          const size = int(random, 40);
          return result(`step1 with ${size} random bytes`, syncFrame(SYNC_STEP1, bytes(random, size)));
        }
        // Declares more entries than it has, or has trailing bytes.
        const entries = 1 + int(random, 4);
        const sv = encode((e) => {
          encoding.writeVarUint(e, entries + 1 + int(random, 3));
          for (let k = 0; k < entries; k++) {
            encoding.writeVarUint(e, interestingNumber(random));
            encoding.writeVarUint(e, interestingNumber(random));
          }
        });
        return result(`step1 state vector declaring too many entries`, syncFrame(SYNC_STEP1, sv), { expect: 'refuse' });
      }
      case 'garbage-awareness': {
        const variant = int(random, 4);
        if (variant === 0) {
          const size = int(random, 100);
          return result(`awareness with ${size} random bytes`, awarenessFrame(bytes(random, size)));
        }
        const count = 1 + int(random, 3);
        const payload = encode((e) => {
          encoding.writeVarUint(e, count + (variant === 1 ? 1 + int(random, 3) : 0));
          for (let k = 0; k < count; k++) {
            encoding.writeVarUint(e, interestingNumber(random));
            encoding.writeVarUint(e, interestingNumber(random));
            const json = variant === 2 ? pick(random, ['{', '{"user":', 'undefined', "{'a':1}", '\u0000', '[1,,2]']) : '{"user":{"name":"fuzz"}}';
            encoding.writeVarString(e, json);
          }
          if (variant === 3) encoding.writeUint8Array(e, bytes(random, 1 + int(random, 8)));
        });
        const what = ['', 'more entries declared than present', 'invalid JSON state', 'trailing bytes in awareness update'][variant] ?? '';
        return result(`awareness: ${what}`, awarenessFrame(payload), { expect: variant === 1 || variant === 2 ? 'refuse' : 'any' });
      }
      case 'text-frame': {
        const variant = int(random, 3);
        if (variant === 0) return result('text frame with JSON', new TextEncoder().encode(JSON.stringify({ type: 'sync', n: index })), { text: true });
        if (variant === 1) return result('text frame with a real sync message', syncFrame(SYNC_STEP1, new Uint8Array([0])), { text: true });
        // Not valid UTF-8: ws refuses it (1007).
        return result('text frame with invalid UTF-8', new Uint8Array([0xc3, 0x28, 0xff, 0xfe, ...bytes(random, 8)]), { text: true });
      }
      case 'empty-frame':
        return result('empty binary frame', new Uint8Array(0), { text: random() < 0.2 });
      case 'at-max-garbage': {
        const data = bytes(random, maxMessageBytes);
        data[0] = MESSAGE_SYNC;
        data[1] = SYNC_UPDATE;
        return result(`${maxMessageBytes} bytes, a sync update header and random bytes`, data);
      }
      case 'oversized': {
        const size = maxMessageBytes + 1 + int(random, 4096);
        return result(`${size} bytes, over the limit`, bytes(random, size));
      }
      case 'non-record-entry': {
        const entry = pick(random, NON_RECORD_ENTRIES);
        const doc = freshDoc(ONE_OFF_CLIENT_BASE + index);
        doc.getArray<unknown>(DocLayout.records).insert(0, [entry.make()]);
        return result(`records array entry: ${entry.name}`, syncFrame(SYNC_UPDATE, Y.encodeStateAsUpdate(doc)));
      }
      case 'undeclared-update': {
        const w = writer(ONE_OFF_CLIENT_BASE + index);
        const { detail, update } = updateOf(w, () => edit(w, random, `u${index}`, UNDECLARED_EDIT));
        return result(detail, syncFrame(SYNC_UPDATE, update));
      }
      case 'valid-update': {
        const w = pick(random, writers);
        const { detail, update } = updateOf(w, () => edit(w, random, `v${index}`));
        return result(`writer ${w.doc.clientID}: ${detail}`, syncFrame(random() < 0.8 ? SYNC_UPDATE : SYNC_STEP2, update));
      }
      case 'valid-delete': {
        const w = pick(random, writers);
        const variant = w.kv.map.size > 0 ? int(random, 2) : 5;
        const { detail, update } = updateOf(w, () => edit(w, random, `v${index}`, variant));
        return result(`writer ${w.doc.clientID}: ${detail}`, syncFrame(SYNC_UPDATE, update));
      }
      case 'valid-step1': {
        // Structurally valid, mostly unknown clients with extreme clocks.
        const entries = int(random, 4);
        const sv = encode((e) => {
          encoding.writeVarUint(e, entries);
          for (let k = 0; k < entries; k++) {
            encoding.writeVarUint(e, interestingNumber(random));
            encoding.writeVarUint(e, interestingNumber(random));
          }
        });
        return result(`step1 with ${entries} state vector entries`, syncFrame(SYNC_STEP1, sv));
      }
      case 'valid-awareness': {
        const doc = freshDoc(ONE_OFF_CLIENT_BASE + index);
        const awareness = new awarenessProtocol.Awareness(doc);
        awareness.setLocalState(random() < 0.8 ? { user: { name: `fuzz ${index}`, color: '#123456' }, cursor: { x: random(), y: random() } } : {});
        const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
        awareness.destroy();
        return result('awareness state of a new client', awarenessFrame(update));
      }
      case 'odd-awareness': {
        // Well-formed awareness updates whose states are unusual (but valid) JSON, for extreme client ids and clocks.
        const count = 1 + int(random, 3);
        const payload = encode((e) => {
          encoding.writeVarUint(e, count);
          for (let k = 0; k < count; k++) {
            encoding.writeVarUint(e, pick(random, [0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1, ONE_OFF_CLIENT_BASE + index]));
            encoding.writeVarUint(e, pick(random, [0, 1, 2 ** 31, 2 ** 53 - 1, int(random, 1000)]));
            encoding.writeVarString(e, JSON.stringify(oddJson(random, 0)));
          }
        });
        return result(`awareness with ${count} odd states`, awarenessFrame(payload));
      }
      case 'valid-other': {
        if (random() < 0.5) return result('query awareness', new Uint8Array([MESSAGE_QUERY_AWARENESS]));
        const size = int(random, 64);
        return result(`auth with ${size} bytes`, encode((e) => {
          encoding.writeVarUint(e, MESSAGE_AUTH);
          encoding.writeVarUint8Array(e, bytes(random, size));
        }));
      }
      case 'at-max-valid': {
        if (random() < 0.8) {
          // An auth frame of exactly the maximum size: accepted and ignored.
          const data = frameOfSize(maxMessageBytes, (length) =>
            encode((e) => {
              encoding.writeVarUint(e, MESSAGE_AUTH);
              encoding.writeVarUint8Array(e, new Uint8Array(length).fill(index % 256));
            }),
          );
          return result(`auth frame of ${data.length} bytes`, data);
        }
        // A real update as large as allowed: notes with long texts, each within the server's text limit per record
        // and each text shorter than 16,384 characters, so that its length prefix stays two bytes while the size is fitted.
        const notes = Math.ceil(maxMessageBytes / 12_000);
        const data = frameOfSize(maxMessageBytes, (length) => {
          const doc = freshDoc(ONE_OFF_CLIENT_BASE + index);
          doc.getArray<unknown>(DocLayout.records).push(
            Array.from({ length: notes }, (_, k) => {
              const id = `max${index}n${k}`;
              const characters = Math.floor(length / notes) + (k === notes - 1 ? length % notes : 0);
              return { key: `shape:${id}`, val: { ...note(id, 0, 0, 'x'.repeat(characters)), index: 'a1' } };
            }),
          );
          return syncFrame(SYNC_UPDATE, Y.encodeStateAsUpdate(doc));
        });
        return result(`update frame of ${data.length} bytes`, data);
      }
    }
  };
}
