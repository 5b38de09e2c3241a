import type { TLSchema } from '@tldraw/tlschema';
import type * as Y from 'yjs';
import { DocLayout, type Role } from '../../../shared/src/index.ts';
import { RecordsIndex, type RecordChanges } from '../../../shared/src/yjs/recordsIndex.ts';
import { checkRecordGraph, type RecordVerdict } from './recordGraph.ts';
import type { WriteRule } from './writeRules.ts';

/** Who made a change, as far as the guard is concerned. */
export interface GuardedWriter {
  readonly role: Role;
  /** The one profile record this writer may write (see shared/src/profileKey.ts). */
  readonly profileRecordId?: string;
}

export interface Rejection {
  writer: GuardedWriter;
  key: string;
  reason: string;
}

export interface RecordGuardOptions {
  schema: TLSchema;
  rules: readonly WriteRule[];
  /** Called once per reverted record, after the revert is applied. */
  onRejected: (rejection: Rejection) => void;
  isWriter: (origin: unknown) => origin is GuardedWriter;
  /** The board whose records these are (rules check asset URLs against it). */
  boardId?: string;
}

/** Transaction origin of the guard's own reverts, so they are never guarded themselves. */
export const GUARD_ORIGIN = Symbol('record guard');

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/**
 * Watches the board's records. Every record a participant adds, changes or
 * deletes is checked against the board schema and the write rules; a change that
 * fails is reverted by a server change that every participant receives (a delete
 * is undone by writing the old record back, an invalid add is deleted).
 */
export class RecordGuard {
  private readonly records: RecordsIndex;
  private readonly doc: Y.Doc;
  private readonly options: RecordGuardOptions;

  constructor(doc: Y.Doc, options: RecordGuardOptions) {
    this.doc = doc;
    this.options = options;
    this.records = new RecordsIndex(doc.getArray(DocLayout.records), GUARD_ORIGIN, this.handleChange);
  }

  destroy(): void {
    this.records.destroy();
  }

  /** Why `after` may not replace `before` (both possibly undefined), or null. */
  check(writer: GuardedWriter, key: string, before: unknown, after: unknown): string | null {
    const change = { role: writer.role, key, before, after, profileRecordId: writer.profileRecordId, boardId: this.options.boardId };
    try {
      for (const rule of this.options.rules) {
        const reason = rule(change);
        if (reason) return reason;
      }
      if (after === undefined) return null;
      return this.validate(key, after);
    } catch (error) {
      // A value no rule expected (a bigint, say) is refused like any invalid record; a throw here
      // would count as an update that broke the board and reload it.
      return `invalid record: ${describeError(error)}`;
    }
  }

  private validate(key: string, record: unknown): string | null {
    if (typeof record !== 'object' || record === null) return 'a record must be an object';
    const { id, typeName } = record as { id?: unknown; typeName?: unknown };
    if (id !== key) return `record id ${String(id)} does not match its key ${key}`;
    const recordType = typeof typeName === 'string' ? this.options.schema.types[typeName as keyof TLSchema['types']] : undefined;
    // Session and presence records (cameras, cursors) are per-browser and never synced through the doc.
    if (recordType?.scope !== 'document') return `records of type ${String(typeName)} do not belong in the document`;
    try {
      recordType.validate(record);
      return null;
    } catch (error) {
      return `invalid ${recordType.typeName}: ${describeError(error)}`;
    }
  }

  private readonly handleChange = (changes: RecordChanges, malformed: number, transaction: Y.Transaction): void => {
    const writer: unknown = transaction.origin;
    if (!this.options.isWriter(writer)) return;
    // Malformed entries were already removed by the index; the writer still hears why.
    if (malformed > 0) this.options.onRejected({ writer, key: '', reason: 'invalid records entry: entries must be { key, val } objects' });
    const verdicts = new Map<string, RecordVerdict>();
    for (const [key, change] of changes) {
      const before = change.action === 'add' ? undefined : change.oldValue;
      const after = change.action === 'delete' ? undefined : change.newValue;
      verdicts.set(key, { before, after, reason: this.check(writer, key, before, after) });
    }
    checkRecordGraph(verdicts, (key) => this.records.get(key)?.val, () => this.records.map.keys());
    const reverts = [...verdicts].flatMap(([key, { before, reason }]) => (reason === null ? [] : [{ key, restore: before, reason }]));
    if (reverts.length === 0) return;
    this.doc.transact(() => {
      for (const { key, restore } of reverts) {
        if (restore === undefined) this.records.delete(key);
        else this.records.set(key, restore);
      }
    }, GUARD_ORIGIN);
    for (const { key, reason } of reverts) this.options.onRejected({ writer, key, reason });
  };
}
