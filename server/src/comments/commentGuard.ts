import type * as Y from 'yjs';
import { COMMENT_TYPE, DocLayout, THREAD_TYPE } from '../../../shared/src/index.ts';
import type { GuardedWriter, Rejection } from '../guard/recordGuard.ts';
import { RecordsIndex, type RecordChanges } from '../../../shared/src/yjs/recordsIndex.ts';
import { checkCommentChange, COMMENT_RULES, type CommentRule } from './commentRules.ts';

export interface CommentGuardOptions {
  /** Called once per reverted thread or comment, after the revert is applied. */
  onRejected: (rejection: Rejection) => void;
  isWriter: (origin: unknown) => origin is GuardedWriter;
  rules?: readonly CommentRule[];
}

/** Transaction origin of the comment guard's own writes (reverts, clean-ups). */
export const COMMENT_GUARD_ORIGIN = Symbol('comment guard');

interface Verdict {
  key: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

const typeNameOf = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as { typeName?: unknown }).typeName : undefined);
const threadIdOf = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as { threadId?: unknown }).threadId : undefined);

/** A rule that throws on a value it did not expect refuses the change instead of breaking the board. */
function guardedCheck(check: () => string | null): string | null {
  try {
    return check();
  } catch (error) {
    return `invalid comment: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable value'}`;
  }
}

/**
 * Watches the board's comments array (DocLayout.comments) the way the RecordGuard watches
 * its records: every thread or comment a participant adds, changes or removes is checked
 * against the comment schemas and rules (commentRules.ts); a change that fails is reverted
 * by a server change that every participant receives, in the same broadcast as the
 * participant's update, and the sender is told why.
 *
 * Beyond single records it checks what only the whole change shows: a new comment needs a
 * thread that exists once the change is applied, and a new thread needs its first comment.
 */
export class CommentGuard {
  private readonly index: RecordsIndex;
  private readonly doc: Y.Doc;
  private readonly options: CommentGuardOptions;

  constructor(doc: Y.Doc, options: CommentGuardOptions) {
    this.doc = doc;
    this.options = options;
    this.index = new RecordsIndex(doc.getArray(DocLayout.comments), COMMENT_GUARD_ORIGIN, this.handleChange);
  }

  destroy(): void {
    this.index.destroy();
  }

  private readonly handleChange = (changes: RecordChanges, malformed: number, transaction: Y.Transaction): void => {
    const writer: unknown = transaction.origin;
    if (!this.options.isWriter(writer)) return;
    if (malformed > 0) this.options.onRejected({ writer, key: '', reason: 'invalid comments entry: entries must be { key, val } objects' });
    const rules = this.options.rules ?? COMMENT_RULES;
    const verdicts = new Map<string, Verdict>();
    for (const [key, change] of changes) {
      const before = change.action === 'add' ? undefined : change.oldValue;
      const after = change.action === 'delete' ? undefined : change.newValue;
      verdicts.set(key, { key, before, after, reason: guardedCheck(() => checkCommentChange(writer.role, key, before, after, rules)) });
    }
    this.checkThreadLinks(verdicts);

    const reverts = [...verdicts.values()].filter((v): v is Verdict & { reason: string } => v.reason !== null);
    if (reverts.length === 0) return;
    this.doc.transact(() => {
      for (const { key, before } of reverts) {
        if (before === undefined) this.index.delete(key);
        else this.index.set(key, before);
      }
    }, COMMENT_GUARD_ORIGIN);
    for (const { key, reason } of reverts) this.options.onRejected({ writer, key, reason });
  };

  /**
   * New comments need a thread that will exist, new threads need an accepted first comment.
   * Refusing one can refuse the other, so this runs until nothing changes.
   */
  private checkThreadLinks(verdicts: Map<string, Verdict>): void {
    const threadWillExist = (threadId: unknown): boolean => {
      if (typeof threadId !== 'string') return false;
      const verdict = verdicts.get(threadId);
      const value = verdict ? (verdict.reason === null ? verdict.after : verdict.before) : this.index.get(threadId)?.val;
      return typeNameOf(value) === THREAD_TYPE;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (const verdict of verdicts.values()) {
        if (verdict.reason !== null || verdict.before !== undefined || verdict.after === undefined) continue;
        const typeName = typeNameOf(verdict.after);
        if (typeName === COMMENT_TYPE && !threadWillExist(threadIdOf(verdict.after))) {
          verdict.reason = 'a comment belongs to an existing thread';
          changed = true;
        } else if (
          typeName === THREAD_TYPE &&
          ![...verdicts.values()].some(
            (c) => c.reason === null && c.before === undefined && typeNameOf(c.after) === COMMENT_TYPE && threadIdOf(c.after) === verdict.key,
          )
        ) {
          verdict.reason = 'a new thread starts with its first comment';
          changed = true;
        }
      }
    }
  }
}
