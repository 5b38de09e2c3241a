import * as Y from 'yjs';

/**
 * Items a transaction integrated into a list that is not their own.
 *
 * Yjs (13.6) gap: when an update holds a struct that starts at a clock the document already has
 * (a legitimate overlap), Yjs links the struct's new part right after the client's previous item,
 * wherever that item lives, while counting its length and reporting the change on the parent the
 * struct declares. A crafted update can so place a value in the records array that the array's
 * length, its events and its observers never see; peers that apply the server's re-encoded update
 * (which names the neighbour as origin) get it as a normal addition. In every list Yjs builds,
 * neighbours share their parent and key, so an item whose neighbour does not is such a struct.
 * Costs in proportion to the structs the transaction added.
 *
 * Call it from the transaction's 'afterTransaction' event: right after, Yjs merges each new struct
 * into its left neighbour where it can, without comparing their parents, and the stray value is
 * then part of a records entry's own struct.
 */
export function findCrossLinkedItems(doc: Y.Doc, transaction: Y.Transaction): Y.Item[] {
  const found: Y.Item[] = [];
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    for (let index = Y.findIndexSS(structs, before); index < structs.length; index++) {
      const struct = structs[index];
      if (!struct || struct.id.clock >= after) break;
      if (!(struct instanceof Y.Item) || struct.deleted) continue;
      if ((!sameList(struct, struct.left) || !sameList(struct, struct.right)) && !sitsInItsOwnList(struct)) found.push(struct);
    }
  }
  return found;
}

function sameList(item: Y.Item, neighbour: Y.Item | null): boolean {
  return neighbour === null || (neighbour.parent === item.parent && neighbour.parentSub === item.parentSub);
}

/**
 * Whether the list `item` is linked into is its parent's own: walking to the list's end reaches
 * the parent's first item (a list) or the key's current item (a map). A neighbour of another
 * parent does not settle it alone: a stray item removed earlier stays in the list it was linked
 * into, deleted, and the next honest item written beside it has it as a neighbour. Costs the
 * list's length, only for items a neighbour made suspect.
 */
function sitsInItsOwnList(item: Y.Item): boolean {
  const parent = item.parent;
  if (!(parent instanceof Y.AbstractType)) return false;
  if (item.parentSub === null) {
    let first = item;
    while (first.left) first = first.left;
    return parent._start === first;
  }
  let last = item;
  while (last.right) last = last.right;
  return parent._map.get(item.parentSub) === last;
}

/**
 * Deletes the cross-linked items of `transaction` in one transaction of `origin` (Yjs runs it
 * after `transaction`, whose update it follows); returns how many. Deleted before the merge,
 * each stays in the list it was linked into, hidden, and its length leaves the parent that
 * counted it, so every list's length matches what it shows again.
 */
export function removeCrossLinkedItems(doc: Y.Doc, transaction: Y.Transaction, origin: unknown): number {
  const items = findCrossLinkedItems(doc, transaction);
  if (items.length > 0) {
    doc.transact((removal) => {
      for (const item of items) item.delete(removal);
    }, origin);
  }
  return items.length;
}
