import * as Y from 'yjs';

export type Random = () => number;

/** Small seeded PRNG (mulberry32) so generated workloads are reproducible from the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Y.Doc whose client id comes from `random`: Yjs orders concurrent inserts and encodes updates by it, so a seed alone replays a run only with this. */
export function seededDoc(random: () => number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1 + Math.floor(random() * 2 ** 30);
  return doc;
}

/** A whole number in [0, below). */
export function int(random: Random, below: number): number {
  return Math.floor(random() * below);
}

/** One of `items`, chosen by `random`. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[int(random, items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
