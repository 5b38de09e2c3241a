/** Yjs updates no Yjs encoder writes, built byte by byte for the server's guards to meet. */
import * as encoding from 'lib0/encoding';

/**
 * One struct of `client` starting at `clock`, a clock the board already has, holding `values`
 * (the first of which the board has), its parent declared as the root type `parent` and no
 * origins: Yjs links the new values after the client's previous item, wherever that lives, while
 * it counts and reports them on `parent` (see server/src/guard/crossLinkedItems.ts).
 */
export function overlappingStructUpdate(client: number, clock: number, parent: string, values: readonly unknown[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // clients
  encoding.writeVarUint(e, 1); // structs
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeUint8(e, 8); // any content, no origins, no key
  encoding.writeVarUint(e, 1); // the parent is a root type, by name
  encoding.writeVarString(e, parent);
  encoding.writeVarUint(e, values.length);
  for (const value of values) encoding.writeAny(e, value as Parameters<typeof encoding.writeAny>[1]);
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}
