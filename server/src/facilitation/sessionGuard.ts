import type * as Y from 'yjs';
import { DocLayout } from '../../../shared/src/index.ts';
import type { GuardedWriter, Rejection } from '../guard/recordGuard.ts';

export interface SessionGuardOptions {
  onRejected: (rejection: Rejection) => void;
  isWriter: (origin: unknown) => origin is GuardedWriter;
}

/**
 * The session map (timer, vote rounds, private mode) belongs to the server: facilitators
 * change it through HTTP commands. Any participant's write to it, whatever their role, is
 * reverted in the same broadcast, like the record guard does for records.
 */
export class SessionGuard {
  private readonly map: Y.Map<unknown>;
  private readonly doc: Y.Doc;
  private readonly options: SessionGuardOptions;

  constructor(doc: Y.Doc, options: SessionGuardOptions) {
    this.doc = doc;
    this.options = options;
    this.map = doc.getMap(DocLayout.session);
    this.map.observe(this.handleEvent);
  }

  destroy(): void {
    this.map.unobserve(this.handleEvent);
  }

  private readonly handleEvent = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    const writer: unknown = transaction.origin;
    if (!this.options.isWriter(writer)) return;
    const reverts = [...event.changes.keys].map(([key, change]) => ({ key, restore: change.action === 'add' ? undefined : (change.oldValue as unknown) }));
    if (reverts.length === 0) return;
    this.doc.transact(() => {
      for (const { key, restore } of reverts) {
        if (restore === undefined) this.map.delete(key);
        else this.map.set(key, restore);
      }
    }, SESSION_GUARD_ORIGIN);
    for (const { key } of reverts) {
      this.options.onRejected({ writer, key: `session:${key}`, reason: 'the workshop session is changed only by a facilitator, through the server' });
    }
  };
}

/** Transaction origin of the session guard's reverts. */
export const SESSION_GUARD_ORIGIN = Symbol('session guard');
