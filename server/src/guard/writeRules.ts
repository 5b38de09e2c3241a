import type { Role } from '../../../shared/src/index.ts';

/** One record change as the guard sees it; undefined means "did not exist". */
export interface RecordChange {
  role: Role;
  key: string;
  before: unknown;
  after: unknown;
}

/** Returns why the change is not allowed, or null when it is. */
export type WriteRule = (change: RecordChange) => string | null;

function isLocked(record: unknown): boolean {
  return typeof record === 'object' && record !== null && (record as { isLocked?: unknown }).isLocked === true;
}

/**
 * tldraw keeps each participant's profile (name, colour) as a `user` record in the
 * document and rewrites it on every visit; it is presence, not board content.
 */
function isProfile(change: RecordChange): boolean {
  const record = (change.after ?? change.before) as { typeName?: unknown } | undefined;
  return record?.typeName === 'user';
}

export const viewersCannotWrite: WriteRule = (change) =>
  change.role === 'viewer' && !isProfile(change) ? 'viewers cannot change the board' : null;

/** Commenters write comments (their own records); the canvas stays read-only to them. */
export const commentersCannotEditBoard: WriteRule = (change) =>
  change.role === 'commenter' && !isProfile(change) ? 'commenters can only write comments' : null;

/** Locked shapes (template structure a facilitator locked) change only by a facilitator. */
export const onlyFacilitatorsChangeLocked: WriteRule = ({ role, before, after }) => {
  if (role === 'facilitator') return null;
  if (isLocked(before)) return 'this item is locked by the facilitator';
  if (isLocked(after)) return 'only a facilitator can lock items';
  return null;
};

export const DEFAULT_WRITE_RULES: readonly WriteRule[] = [viewersCannotWrite, commentersCannotEditBoard, onlyFacilitatorsChangeLocked];
