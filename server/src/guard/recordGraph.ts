/**
 * Rules that only the whole board shows: every shape hangs off a page through parents that
 * exist, without a cycle; every binding joins two different shapes on one page; nothing is
 * deleted while something still hangs off it or is bound to it. tldraw trusts its store on all of
 * this: a shape that is its own parent, or two that are each other's, hangs the tab before the
 * editor mounts; an arrow bound to itself shows "Something went wrong". So a board the server
 * accepted must never hold one.
 */

/** One record change of a participant's transaction and, once checked, why it is refused. */
export interface RecordVerdict {
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** Deeper nesting than any board needs; also bounds the walk on a crafted chain. */
const MAX_DEPTH = 100;

interface Fields {
  typeName?: unknown;
  parentId?: unknown;
  fromId?: unknown;
  toId?: unknown;
}

function fieldsOf(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? value : {};
}

function isShapeOrPage(value: unknown): boolean {
  const { typeName } = fieldsOf(value);
  return typeName === 'shape' || typeName === 'page';
}

/**
 * Refuses, in `verdicts`, the changes that would leave the board's record graph broken. `stored`
 * reads a record as the board holds it before the transaction; `storedKeys` lists them (read only
 * when the transaction deletes something). Refusing one change can break another, so this runs
 * until nothing changes.
 */
export function checkRecordGraph(verdicts: Map<string, RecordVerdict>, stored: (key: string) => unknown, storedKeys: () => Iterable<string>): void {
  const valueAfter = (key: unknown): unknown => {
    if (typeof key !== 'string') return undefined;
    const verdict = verdicts.get(key);
    if (verdict) return verdict.reason === null ? verdict.after : verdict.before;
    return stored(key);
  };

  /** The page a shape ends at, or why it does not. */
  const pageOf = (key: string): { page: string } | { problem: string } => {
    const seen = new Set<string>([key]);
    let current = valueAfter(key);
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const { typeName, parentId } = fieldsOf(current);
      if (typeName === 'page') return { page: [...seen].at(-1) ?? key };
      if (typeof parentId !== 'string') return { problem: 'a shape needs a parent' };
      if (seen.has(parentId)) return { problem: 'a shape cannot be its own ancestor' };
      const parent = valueAfter(parentId);
      if (!isShapeOrPage(parent)) return { problem: `the parent ${parentId.slice(0, 80)} does not exist` };
      seen.add(parentId);
      current = parent;
    }
    return { problem: `shapes may be nested at most ${MAX_DEPTH} deep` };
  };

  const bindingProblem = (binding: unknown): string | null => {
    const { fromId, toId } = fieldsOf(binding);
    if (typeof fromId !== 'string' || typeof toId !== 'string') return 'a binding joins two shapes';
    if (fromId === toId) return 'a shape cannot be bound to itself';
    if (fieldsOf(valueAfter(fromId)).typeName !== 'shape' || fieldsOf(valueAfter(toId)).typeName !== 'shape') return 'a binding joins two shapes that exist';
    const from = pageOf(fromId);
    const to = pageOf(toId);
    if ('problem' in from || 'problem' in to || from.page !== to.page) return 'a binding joins two shapes on the same page';
    return null;
  };

  const recordProblem = (key: string, after: unknown): string | null => {
    const { typeName } = fieldsOf(after);
    if (typeName === 'shape') {
      const result = pageOf(key);
      return 'problem' in result ? result.problem : null;
    }
    if (typeName === 'binding') return bindingProblem(after);
    return null;
  };

  const hasDeletes = [...verdicts.values()].some((v) => v.after === undefined && isShapeOrPage(v.before));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, verdict] of verdicts) {
      if (verdict.reason !== null || verdict.after === undefined) continue;
      const problem = recordProblem(key, verdict.after);
      if (problem) {
        verdict.reason = problem;
        changed = true;
      }
    }
    if (!hasDeletes) continue;
    // What still hangs off, or is bound to, each record the transaction deletes.
    const dependents = new Map<string, string>();
    for (const key of new Set([...storedKeys(), ...verdicts.keys()])) {
      const { typeName, parentId, fromId, toId } = fieldsOf(valueAfter(key));
      if (typeName === 'shape' && typeof parentId === 'string') dependents.set(parentId, key);
      if (typeName === 'binding') {
        if (typeof fromId === 'string') dependents.set(fromId, key);
        if (typeof toId === 'string') dependents.set(toId, key);
      }
    }
    for (const [key, verdict] of verdicts) {
      if (verdict.reason !== null || verdict.after !== undefined || !isShapeOrPage(verdict.before)) continue;
      const dependent = dependents.get(key);
      if (dependent !== undefined) {
        verdict.reason = `${key.slice(0, 80)} cannot be deleted while ${dependent.slice(0, 80)} depends on it`;
        changed = true;
      }
    }
  }
}
