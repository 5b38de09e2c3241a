/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its shared types by their event type */
import * as Y from 'yjs';
import { DOC_STRUCTURES, docStructure } from '../../../shared/src/index.ts';
import type { GuardedWriter, Rejection } from './recordGuard.ts';

export interface StructureGuardOptions {
  /** Called once per refused structure and transaction, after the revert is applied. */
  onRejected: (rejection: Rejection) => void;
  isWriter: (origin: unknown) => origin is GuardedWriter;
}

/** Transaction origin of the structure guard's reverts. */
export const STRUCTURE_GUARD_ORIGIN = Symbol('structure guard');

/** The top-level type an item finally belongs to, or undefined when it hangs off a deleted type. */
function rootTypeOf(item: Y.Item): Y.AbstractType<any> | undefined {
  let type = item.parent;
  while (type instanceof Y.AbstractType && type._item !== null) type = type._item.parent;
  return type instanceof Y.AbstractType ? type : undefined;
}

/**
 * Holds the board's document to its declared layout (shared/src/docLayout.ts, DOC_STRUCTURES)
 * for every participant's transaction:
 * - anything written under a top-level name that is not declared is deleted;
 * - the server-owned maps (stored schema, session, live metrics) are put back as they were;
 * - a declared array gets no keyed entries and a declared map no list entries, which no observer
 *   of that structure would see but every load would carry.
 * What the participant wrote inside a participant-owned structure is for that structure's own
 * guard (records, comments). Reverts are a server change in the same broadcast, as for records.
 */
export class StructureGuard {
  private readonly doc: Y.Doc;
  private readonly options: StructureGuardOptions;
  private readonly serverMaps: { name: string; map: Y.Map<unknown>; observer: (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => void }[] = [];
  /**
   * Top-level type -> its name, read from `doc.share` again when a type is not in it: the doc gained
   * a top-level type, or Yjs replaced a placeholder type under the same name by a typed one.
   */
  private namesOfTypes = new Map<Y.AbstractType<any>, string>();

  constructor(doc: Y.Doc, options: StructureGuardOptions) {
    this.doc = doc;
    this.options = options;
    for (const [name, structure] of Object.entries(DOC_STRUCTURES)) {
      if (structure.writer !== 'server' || structure.kind !== 'map') continue;
      const map = doc.getMap<unknown>(name);
      const observer = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => this.restoreServerMap(name, map, event, transaction);
      map.observe(observer);
      this.serverMaps.push({ name, map, observer });
    }
  }

  destroy(): void {
    for (const { map, observer } of this.serverMaps) map.unobserve(observer);
  }

  /**
   * Deletes what `transaction` (a participant's) added outside the layout. Call it from the
   * doc's 'afterTransaction' event, before Yjs merges the new items into their neighbours.
   */
  check(transaction: Y.Transaction): void {
    const writer: unknown = transaction.origin;
    if (!this.options.isWriter(writer)) return;
    let refused: Map<string, { items: Y.Item[]; reason: string }> | undefined;
    // At most once per transaction, however many new names it brings.
    let reread = this.namesOfTypes.size !== this.doc.share.size;
    if (reread) this.readTypeNames();
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      const structs = this.doc.store.clients.get(client);
      if (!structs) continue;
      for (let index = Y.findIndexSS(structs, before); index < structs.length; index++) {
        const struct = structs[index];
        if (!struct || struct.id.clock >= after) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const root = rootTypeOf(struct);
        if (!root) continue;
        let name = this.namesOfTypes.get(root);
        if (name === undefined && !reread) {
          reread = true;
          this.readTypeNames();
          name = this.namesOfTypes.get(root);
        }
        name ??= '';
        const reason = this.refusal(name, root, struct);
        if (!reason) continue;
        refused ??= new Map();
        const entry = refused.get(name) ?? { items: [], reason };
        entry.items.push(struct);
        refused.set(name, entry);
      }
    }
    if (!refused) return;
    const refusedItems = refused;
    this.doc.transact((removal) => {
      for (const { items } of refusedItems.values()) for (const item of items) item.delete(removal);
    }, STRUCTURE_GUARD_ORIGIN);
    for (const [name, { reason }] of refused) this.options.onRejected({ writer, key: `structure:${name}`, reason });
  }

  private readTypeNames(): void {
    this.namesOfTypes = new Map();
    for (const [name, type] of this.doc.share) this.namesOfTypes.set(type, name);
  }

  private refusal(name: string, root: Y.AbstractType<any>, item: Y.Item): string | null {
    const structure = docStructure(name);
    if (!structure) return `the board has no part named "${name.slice(0, 60)}"`;
    if (structure.writer === 'server') return `"${name}" is written by the server only`;
    if (item.parent !== root) return null;
    if (structure.kind === 'array' && item.parentSub !== null) return `"${name}" is a list: keyed entries are not allowed`;
    if (structure.kind === 'map' && item.parentSub === null) return `"${name}" is a map: list entries are not allowed`;
    return null;
  }

  private restoreServerMap(name: string, map: Y.Map<unknown>, event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void {
    const writer: unknown = transaction.origin;
    if (!this.options.isWriter(writer)) return;
    const reverts = [...event.changes.keys].map(([key, change]) => ({ key, restore: change.action === 'add' ? undefined : (change.oldValue as unknown) }));
    if (reverts.length === 0) return;
    this.doc.transact(() => {
      for (const { key, restore } of reverts) {
        // The server writes plain values only; a shared type cannot be put back once deleted.
        if (restore === undefined || restore instanceof Y.AbstractType) map.delete(key);
        else map.set(key, restore);
      }
    }, STRUCTURE_GUARD_ORIGIN);
    this.options.onRejected({ writer, key: `structure:${name}`, reason: `"${name}" is written by the server only` });
  }
}
