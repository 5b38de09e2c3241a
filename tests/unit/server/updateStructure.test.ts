import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { assertWellFormedUpdate, MalformedUpdate } from '../../../server/src/sync/updateStructure.ts';
import { seededDoc, seededRandom } from '../../support/random.ts';

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Every kind of value lib0's writeAny encodes, nested a little. */
function anyValue(random: Random, depth = 0): unknown {
  const kinds = ['int', 'negative', 'big int', 'float', 'bigint', 'string', 'unicode', 'true', 'false', 'null', 'bytes', ...(depth < 2 ? ['object', 'array'] : [])];
  switch (pick(random, kinds)) {
    case 'int':
      return Math.floor(random() * 200);
    case 'negative':
      return -Math.floor(random() * 1e6);
    case 'big int':
      return Math.floor(random() * 2 ** 40);
    case 'float':
      return (random() - 0.5) * 1e4;
    case 'bigint':
      return BigInt(Math.floor(random() * 1e9)) * 1000n;
    case 'string':
      return `text ${Math.floor(random() * 1000)}`;
    case 'unicode':
      return pick(random, ['Überblick', 'Kundenreise 😀', '顧客', '']);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    case 'bytes':
      return new Uint8Array([1, 2, 3, Math.floor(random() * 256)]);
    case 'object':
      return Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => [`k${i}`, anyValue(random, depth + 1)]));
    default:
      return Array.from({ length: Math.floor(random() * 4) }, () => anyValue(random, depth + 1));
  }
}

/** A document edited in every way Yjs can encode: the updates it emitted, and its whole state. */
function editedDocument(random: Random): { updates: Uint8Array[]; state: Uint8Array } {
  const doc = seededDoc(random);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const map = doc.getMap<unknown>('map');
  const array = doc.getArray<unknown>('records');
  const text = doc.getText('text');
  const xml = doc.getXmlFragment('xml');
  for (let step = 0; step < 40; step++) {
    const roll = random();
    if (roll < 0.2) map.set(`key${Math.floor(random() * 6)}`, anyValue(random));
    else if (roll < 0.25) map.delete(`key${Math.floor(random() * 6)}`);
    else if (roll < 0.45) array.insert(Math.floor(random() * (array.length + 1)), [{ key: `shape:${step}`, val: anyValue(random) }]);
    else if (roll < 0.55 && array.length > 0) array.delete(Math.floor(random() * array.length), 1);
    else if (roll < 0.65) text.insert(Math.floor(random() * (text.length + 1)), pick(random, ['Kaufen', 'ä', '😀 Hi']), random() < 0.5 ? { bold: true } : {});
    else if (roll < 0.7 && text.length > 1) text.format(0, Math.ceil(random() * text.length), { italic: random() < 0.5 ? true : null });
    else if (roll < 0.72) text.insertEmbed(Math.floor(random() * (text.length + 1)), { image: 'card.png' });
    else if (roll < 0.75 && text.length > 0) text.delete(Math.floor(random() * text.length), 1);
    else if (roll < 0.8) {
      const element = new Y.XmlElement('p');
      element.setAttribute('class', 'stage');
      element.insert(0, [new Y.XmlText('Stage')]);
      xml.insert(0, [element]);
    } else if (roll < 0.82) map.set(`hook${step}`, new Y.XmlHook('hook'));
    else if (roll < 0.85) map.set(`sub${step}`, new Y.Doc({ guid: `subdoc-${step}`, meta: { kind: 'board' } }));
    else if (roll < 0.9) map.set(`nested${step}`, new Y.Map([['x', anyValue(random)]]));
    // Another client's edit, so updates and states hold several clients.
    else {
      const other = seededDoc(random);
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      other.getArray('records').push([{ key: `other:${step}`, val: anyValue(random) }]);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    }
  }
  return { updates, state: Y.encodeStateAsUpdate(doc) };
}

function wellFormed(update: Uint8Array): boolean {
  try {
    assertWellFormedUpdate(update);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedUpdate);
    return false;
  }
}

/** What the walk refuses on purpose although Yjs would decode it: content no encoder writes, which breaks Yjs later. */
const STRICTER_THAN_YJS = /empty delete range|empty struct|__proto__/;

function refusedOnPurpose(update: Uint8Array): boolean {
  try {
    assertWellFormedUpdate(update);
    return false;
  } catch (error) {
    return STRICTER_THAN_YJS.test((error as Error).message);
  }
}

function decodesInYjs(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}

/** Truncations, bit flips, byte replacements, insertions and deletions of one update. */
function mutations(random: Random, update: Uint8Array, count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const copy = Uint8Array.from(update);
    const at = Math.floor(random() * update.length);
    switch (Math.floor(random() * 5)) {
      case 0:
        out.push(update.slice(0, at));
        break;
      case 1:
        copy[at] = (copy[at] ?? 0) ^ (1 << Math.floor(random() * 8));
        out.push(copy);
        break;
      case 2:
        copy[at] = Math.floor(random() * 256);
        out.push(copy);
        break;
      case 3:
        out.push(Uint8Array.from([...update.slice(0, at), Math.floor(random() * 256), ...update.slice(at)]));
        break;
      default:
        out.push(Uint8Array.from([...update.slice(0, at), ...update.slice(at + 1)]));
    }
  }
  return out;
}

describe('well-formed Yjs updates, checked without decoding their content', () => {
  // Fixed seeds, and more each run: Yjs' encoding varies with the client ids the seed picks.
  const seeds = [1, 2, 3, 4, 5, 6, ...Array.from({ length: 4 }, () => randomInt(2 ** 31))];

  it('accepts every update and state a document emits, merged ones (with skips) and empty ones', () => {
    for (const seed of seeds) {
      const { updates, state } = editedDocument(seededRandom(seed));
      for (const update of [...updates, state, Y.mergeUpdates(updates.filter((_, i) => i % 3 === 0)), Y.mergeUpdates(updates)]) {
        expect(decodesInYjs(update)).toBe(true);
        expect(wellFormed(update)).toBe(true);
      }
      expect(wellFormed(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    }
  });

  // What Yjs can only find out while integrating (a struct that refers to one that is not there)
  // is beyond any reading of the update, Y.decodeUpdate's included: the room then sends on what was
  // integrated as one update and refuses the sender.
  it('agrees with Y.decodeUpdate on mutated updates, but for empty ranges and structs, which it refuses', () => {
    let refused = 0;
    let checked = 0;
    for (const seed of seeds) {
      const random = seededRandom(seed * 7919);
      const { updates, state } = editedDocument(seededRandom(seed));
      for (const update of [...updates.filter(() => random() < 0.3), state]) {
        for (const mutated of mutations(random, update, 40)) {
          checked += 1;
          const verdict = wellFormed(mutated);
          if (!verdict) refused += 1;
          // Never laxer than Yjs; stricter only by the rules above.
          const yjs = decodesInYjs(mutated);
          if (verdict !== yjs) expect(!verdict && refusedOnPurpose(mutated), `seed ${seed}, bytes ${Buffer.from(mutated).toString('hex')}`).toBe(true);
        }
      }
    }
    // The mutations are varied enough to exercise both verdicts.
    expect(checked).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(checked / 5);
  });

  it('refuses a delete set cut short after whole structs, which Yjs would apply halfway', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getArray('records').push(['a', 'b', 'c']);
    doc.transact(() => {
      doc.getArray('records').push(['d']);
      doc.getArray('records').delete(0, 1);
    });
    const both = updates[1];
    if (!both) throw new Error('no update');
    // The update ends with the delete set: [clients=1, client, deletes=1, clock, length].
    const cut = both.slice(0, both.length - 1);
    expect(() => assertWellFormedUpdate(cut)).toThrow(MalformedUpdate);
    // Inside a larger buffer (as a socket frame is), lib0 would read the missing byte from beyond the update.
    const frame = new Uint8Array(cut.length + 8);
    frame.set(cut);
    expect(() => assertWellFormedUpdate(frame.subarray(0, cut.length))).toThrow(MalformedUpdate);
  });
});

describe('content no encoder writes', () => {
  it('refuses an empty delete range, which Yjs decodes but fails to apply', () => {
    const update = Uint8Array.from([0x00, 0x01, 0xb9, 0x60, 0x01, 0x05, 0x00]);
    expect(() => assertWellFormedUpdate(update)).toThrow(/empty delete range/);
    // Yjs decodes it, and throws only once it applies it: the server's doc would need a reload.
    expect(() => Y.decodeUpdate(update)).not.toThrow();
    expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow(/Unexpected case/);
  });
});
