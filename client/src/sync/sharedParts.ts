/**
 * Structural sharing for records that arrive from the doc. Yjs hands every remote change over as
 * freshly decoded objects, so a card dragged by someone else arrives with new `props` and
 * `richText` objects although only x and y changed. tldraw caches geometry, label measurement and
 * rendered text by object identity; keeping the parts that did not change as the objects the store
 * already holds turns a remote drag back into what it is: a move.
 */

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `next`, with each part that is deep-equal to the same part of `previous` replaced by the
 * previous object; `previous` itself when everything is equal. Neither argument is modified.
 */
export function shareEqualParts<T>(previous: unknown, next: T): T {
  if (Object.is(previous, next)) return next;
  if (Array.isArray(previous) && Array.isArray(next)) {
    let same = previous.length === next.length;
    const parts = next.map((value: unknown, index) => {
      const shared = shareEqualParts(previous[index], value);
      if (!Object.is(shared, previous[index])) same = false;
      return shared;
    });
    return (same ? previous : parts) as T;
  }
  if (isPlainObject(previous) && isPlainObject(next)) {
    const keys = Object.keys(next);
    let same = keys.length === Object.keys(previous).length;
    const parts: Plain = {};
    for (const key of keys) {
      const shared = shareEqualParts(previous[key], next[key]);
      if (!Object.hasOwn(previous, key) || !Object.is(shared, previous[key])) same = false;
      parts[key] = shared;
    }
    return (same ? previous : parts) as T;
  }
  return next;
}
