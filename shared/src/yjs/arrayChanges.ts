import * as Y from 'yjs';

export interface ArrayChanges {
  /** Items this transaction inserted into the array and left in it. */
  added: Y.Item[];
  /** Items that were in the array before this transaction and are deleted by it. */
  deleted: Y.Item[];
  /**
   * What this transaction inserted that Yjs had merged into an older item of the same client
   * before this observer ran, from `offset` on: a transaction opened inside an observer (a guard's
   * revert) runs its observers after the enclosing transaction's clean-up, which merges the items
   * it split with their right neighbours, the nested transaction's new item among them.
   * `YEvent.changes` does not report these. (What such a transaction deleted may be collected
   * before its observer runs and cannot be read back at all: RecordsIndex re-reads its map after
   * writing from inside its change handler.)
   */
  addedToOlderItems: { item: Y.Item; offset: number }[];
}

/**
 * What a transaction added to and deleted from an array, as `YEvent.changes` reports it
 * (`added`, `deleted`), found from the transaction itself: a look per client that wrote in the
 * doc's history plus a search per changed range, instead of `YEvent.changes`'s walk over every
 * item of the array, tombstones included (on a board's records array, a pass over the whole
 * board for every update).
 *
 * Call it from an observer of `array`, as `YEvent.changes` must be: then the transaction's
 * structs are split at the boundaries of its deletions and not yet merged, so every deleted item
 * begins inside a deleted range.
 *
 * One difference: items that an earlier observer inserted in a transaction of its own are that
 * transaction's, and reported there; `YEvent.changes` also counts them as added by this one.
 */
export function arrayChangesIn(transaction: Y.Transaction, array: Y.Array<unknown>): ArrayChanges {
  const { clients } = transaction.doc.store;
  const added: Y.Item[] = [];
  const addedToOlderItems: { item: Y.Item; offset: number }[] = [];
  for (const [client, clockAfter] of transaction.afterState) {
    const clockBefore = transaction.beforeState.get(client) ?? 0;
    const structs = clients.get(client);
    if (clockAfter <= clockBefore || !structs) continue;
    for (let i = Y.findIndexSS(structs, clockBefore); i < structs.length; i++) {
      const struct = structs[i];
      if (!struct || struct.id.clock >= clockAfter) break;
      if (!(struct instanceof Y.Item) || struct.parent !== array || struct.deleted) continue;
      if (struct.id.clock >= clockBefore) added.push(struct);
      else addedToOlderItems.push({ item: struct, offset: clockBefore - struct.id.clock });
    }
  }
  const deleted: Y.Item[] = [];
  for (const [client, ranges] of transaction.deleteSet.clients) {
    const structs = clients.get(client);
    const clockBefore = transaction.beforeState.get(client) ?? 0;
    if (!structs) continue;
    for (const { clock, len } of ranges) {
      // Deleting what this transaction inserted is no change of what was there.
      const end = Math.min(clock + len, clockBefore);
      if (clock >= end) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const struct = structs[i];
        if (!struct || struct.id.clock >= end) break;
        // As YEvent.deletes: an item counts when its first clock is in the deleted range.
        if (struct instanceof Y.Item && struct.id.clock >= clock && struct.parent === array) deleted.push(struct);
      }
    }
  }
  return { added, deleted, addedToOlderItems };
}
