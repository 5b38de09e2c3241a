import type * as Y from 'yjs';
import { DocLayout, readSessionValue, SESSION_SCHEMAS, type SessionKey } from '../../../shared/src/index.ts';
import type { z } from 'zod';

type Key = (typeof SessionKey)[keyof typeof SessionKey];
type Value<K extends Key> = z.infer<(typeof SESSION_SCHEMAS)[K]>;

/** Transaction origin of the server's own session writes (never guarded). */
export const SESSION_ORIGIN = Symbol('session command');

export function readSession<K extends Key>(doc: Y.Doc, key: K): Value<K> | null {
  return readSessionValue(doc.getMap(DocLayout.session), key);
}

/** Writes one session value (null removes it); the room persists and broadcasts it like any change. */
export function writeSession<K extends Key>(doc: Y.Doc, key: K, value: Value<K> | null): void {
  const map = doc.getMap<unknown>(DocLayout.session);
  doc.transact(() => {
    if (value === null) map.delete(key);
    else map.set(key, SESSION_SCHEMAS[key].parse(value));
  }, SESSION_ORIGIN);
}
