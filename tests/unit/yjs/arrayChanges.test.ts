/**
 * What a transaction added to and deleted from an array, read from the transaction, must be what
 * Yjs's own `YEvent.changes` reports (which walks the whole array): checked under random local
 * and remote inserts, multi-entry pushes and range deletes.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrayChangesIn } from '../../../shared/src/yjs/arrayChanges.ts';
import { seededRandom } from '../../support/random.ts';

const SEED = process.env.ARRAY_SEED ? Number(process.env.ARRAY_SEED) : randomInt(2 ** 31);

describe('array changes read from the transaction', () => {
  it(`are the items YEvent.changes reports as added and deleted [ARRAY_SEED=${SEED}]`, () => {
    const random = seededRandom(SEED);
    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const observed = docs[0]!;
    const array = observed.getArray<unknown>('records');
    // Another type in the same doc, changed in the same transactions: its items are not ours.
    const other = observed.getArray<unknown>('comments');
    let compared = 0;
    array.observe((event, transaction) => {
      const ours = arrayChangesIn(transaction, array);
      expect(new Set(ours.added)).toEqual(event.changes.added);
      expect(new Set(ours.deleted)).toEqual(event.changes.deleted);
      expect(ours.addedToOlderItems).toEqual([]);
      compared += 1;
    });

    const edit = (target: Y.Array<unknown>) => {
      const roll = random();
      const length = target.length;
      if (roll < 0.4 || length === 0) {
        const count = 1 + Math.floor(random() * 3);
        target.insert(Math.floor(random() * (length + 1)), Array.from({ length: count }, (_, i) => ({ n: i, r: random() })));
      } else if (roll < 0.7) {
        const at = Math.floor(random() * length);
        target.delete(at, 1 + Math.floor(random() * Math.min(3, length - at)));
      } else {
        target.push([{ pushed: random() }]);
      }
    };

    for (let step = 0; step < 600; step++) {
      const roll = random();
      if (roll < 0.35) {
        // A local transaction of several edits, sometimes touching the other type too.
        observed.transact(() => {
          for (let k = 0; k < 1 + Math.floor(random() * 3); k++) edit(random() < 0.8 ? array : other);
        });
      } else if (roll < 0.8) {
        const doc = docs[1 + Math.floor(random() * 2)]!;
        doc.transact(() => {
          for (let k = 0; k < 1 + Math.floor(random() * 3); k++) edit(doc.getArray('records'));
        });
      } else {
        // Exchange: what a peer did arrives as one remote transaction (often concurrent edits).
        const [from, to] = random() < 0.5 ? [docs[1]!, observed] : [docs[2]!, observed];
        Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
        Y.applyUpdate(from, Y.encodeStateAsUpdate(to, Y.encodeStateVector(from)));
        const third = docs[1 + Math.floor(random() * 2)]!;
        Y.applyUpdate(third, Y.encodeStateAsUpdate(observed, Y.encodeStateVector(third)));
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('include what a transaction opened inside an observer pushed, after Yjs merged it into an older item', () => {
    const doc = new Y.Doc();
    const array = doc.getArray<unknown>('records');
    array.push(['a', 'b']);
    const reported: unknown[][][] = [];
    let restore = true;
    array.observe((_event, transaction) => {
      const changes = arrayChangesIn(transaction, array);
      reported.push([
        changes.added.flatMap((item): unknown[] => item.content.getContent()),
        changes.addedToOlderItems.flatMap(({ item, offset }): unknown[] => item.content.getContent().slice(offset)),
      ]);
      // As the record guard restores what a participant deleted: in a transaction of its own.
      if (restore) {
        restore = false;
        doc.transact(() => array.push(['a again']));
      }
    });

    // Splits 'a' off 'b'; the enclosing clean-up then merges the restore's push into 'b'.
    array.delete(0, 1);

    let items = 0;
    for (let item = array._start; item !== null; item = item.right) if (!item.deleted) items += 1;
    expect(items).toBe(1);
    expect(array.toArray()).toEqual(['b', 'a again']);
    // The delete's transaction added nothing; the restore's item was merged before its observer ran.
    expect(reported).toEqual([
      [[], []],
      [[], ['a again']],
    ]);
  });
});
