import { randomBytes } from 'node:crypto';
import type { TLSchema } from '@tldraw/tlschema';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import {
  AUTOMATIC_VERSION_KINDS,
  countCards,
  CURRENT_BOARD,
  summarizeChanges,
  type ChangeSummary,
  type RestoreResult,
  type VersionKind,
  type VersionSummary,
} from '../../../shared/src/history.ts';
import type { Role } from '../../../shared/src/index.ts';
import { GUARD_ORIGIN, type GuardedWriter } from '../guard/recordGuard.ts';
import { docFromUpdates } from '../journey/boardRecords.ts';
import type { Room } from '../rooms/room.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { DocStore } from '../storage/types.ts';
import type { HistoryOptions } from './historyConfig.ts';
import { contentHash, readBoardState, recordsForRestore, writeBoardRecords } from './boardState.ts';
import type { StoredVersion, StoredVersionWithSnapshot, VersionSnapshot, VersionStore } from './versionStore.ts';


/** Who a restore writes as: the caller's role, checked by the board's guards like a participant. */
class RestoreWriter implements GuardedWriter {
  readonly role: Role;

  constructor(role: Role) {
    this.role = role;
  }
}

/** Transaction origin of restores: not a participant, so the record guard leaves it alone. */
export const HISTORY_ORIGIN = Symbol('version history');

export interface HistoryDeps {
  rooms: RoomManager;
  docs: DocStore;
  versions: VersionStore;
  /** The board schema, to migrate records of versions saved by an older release. */
  schema: TLSchema;
  log: Logger;
}

interface Watch {
  doc: Y.Doc;
  /** Edited since the last checkpoint. */
  dirty: boolean;
  dirtySince: number | undefined;
  quietTimer: NodeJS.Timeout | undefined;
  onUpdate: (update: Uint8Array, origin: unknown) => void;
}

interface CheckpointOptions {
  name?: string | null;
  createdBy?: string | null;
  restoredVersionId?: string | null;
  /** Automatic checkpoints skip a board that looks exactly like its latest version. */
  skipIfUnchanged?: boolean;
}

function newVersionId(): string {
  return randomBytes(16).toString('base64url');
}

export function toSummary(version: StoredVersion): VersionSummary {
  return {
    id: version.id,
    boardId: version.boardId,
    kind: version.kind,
    name: version.name,
    createdBy: version.createdBy,
    createdAt: version.createdAt,
    recordCount: version.recordCount,
    cardCount: version.cardCount,
    restoredVersionId: version.restoredVersionId,
  };
}

/**
 * Versions of boards: named versions on request, automatic checkpoints after a burst of
 * edits and when the last participant leaves, and restores. A restore is one server-side
 * transaction on the board's live doc, so it is persisted and reaches every participant
 * like any other change; the board as it was just before is kept as a checkpoint first,
 * so a restore can be undone by restoring that.
 *
 * Work on one board runs one job at a time, in order (checkpoints, restores).
 */
export class HistoryService {
  private readonly watches = new Map<string, Watch>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly deps: HistoryDeps;
  private readonly options: HistoryOptions;
  private removeLifecycleListener: (() => void) | undefined;
  private closed = false;

  constructor(deps: HistoryDeps, options: HistoryOptions) {
    this.deps = deps;
    this.options = options;
  }

  get keepAutomatic(): number {
    return this.options.keepAutomatic;
  }

  /** Starts watching boards as they load, for automatic checkpoints. */
  start(): void {
    this.removeLifecycleListener = this.deps.rooms.addLifecycleListener({
      loaded: (room) => this.watch(room),
      emptied: (room) => this.onEmptied(room),
    });
    for (const room of this.deps.rooms.all()) this.watch(room);
  }

  async list(boardId: string): Promise<VersionSummary[]> {
    return (await this.deps.versions.list(boardId)).map(toSummary);
  }

  get(boardId: string, versionId: string): Promise<StoredVersionWithSnapshot | undefined> {
    return this.deps.versions.get(boardId, versionId);
  }

  /** Saves the board as it is now under `name`. */
  async createNamed(boardId: string, name: string, createdBy: string | null): Promise<VersionSummary> {
    const version = await this.enqueue(boardId, async () => {
      const version = await this.checkpoint(boardId, 'named', { name, createdBy });
      if (!version) throw new Error('a named version is never skipped');
      return version;
    });
    return toSummary(version);
  }

  /** Takes an automatic checkpoint now unless the board is unchanged since its latest version. */
  async checkpointNow(boardId: string, kind: 'activity' | 'last-left'): Promise<VersionSummary | undefined> {
    const version = await this.enqueue(boardId, () => this.checkpoint(boardId, kind, { skipIfUnchanged: true }));
    return version ? toSummary(version) : undefined;
  }

  /**
   * Brings the board back to the version. Undefined when the version is unknown.
   * The live board is held in memory meanwhile (loaded if nobody is on it).
   */
  restore(boardId: string, versionId: string, createdBy: string | null, role: Role = 'editor'): Promise<RestoreResult | undefined> {
    return this.enqueue(boardId, async () => {
      const version = await this.deps.versions.get(boardId, versionId);
      if (!version) return undefined;
      return this.deps.rooms.withRoom(boardId, async (room) => {
        let before = readBoardState(room.doc);
        let checkpoint = await this.store(boardId, 'before-restore', before, { createdBy, restoredVersionId: versionId });
        // Edits that arrived while the checkpoint was written must not be lost by the restore.
        for (let attempt = 0; attempt < 3; attempt++) {
          const now = readBoardState(room.doc);
          if (contentHash(now.records) === checkpoint.contentHash) break;
          before = now;
          checkpoint = await this.store(boardId, 'before-restore', before, { createdBy, restoredVersionId: versionId });
        }
        const restored = recordsForRestore(version.snapshot, before.schema, this.deps.schema);
        // A version saved before the board had a page (older boards got theirs from the first
        // browser) keeps today's document and page: every shape must hang off a page.
        const skeleton = (record: Record<string, unknown>): boolean => record.typeName === 'document' || record.typeName === 'page';
        const records = restored.some(skeleton) ? restored : [...before.records.filter(skeleton), ...restored];
        // With the caller's rights: an editor's restore cannot undo a facilitator's lock.
        const writer = new RestoreWriter(role);
        const { result: changedRecords, refused } = room.writeAs(writer, (doc) => writeBoardRecords(doc, records, writer));
        this.deps.log.info({ boardId, versionId, checkpointId: checkpoint.id, changedRecords, refused: refused.length }, 'restored a version');
        await this.deps.versions.prune(boardId, this.options.keepAutomatic);
        return { restored: toSummary(version), checkpoint: toSummary(checkpoint), changedRecords };
      });
    });
  }

  /** What changed from one version (or `current`) to another. Undefined when a version is unknown. */
  async diff(boardId: string, from: string, to: string): Promise<ChangeSummary | undefined> {
    const [before, after] = await Promise.all([this.recordsOf(boardId, from), this.recordsOf(boardId, to)]);
    if (!before || !after) return undefined;
    return summarizeChanges(before, after);
  }

  /** Stops taking checkpoints and waits for jobs under way; then closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.removeLifecycleListener?.();
    for (const boardId of [...this.watches.keys()]) this.unwatch(boardId);
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()]);
    await this.deps.versions.close();
  }

  private async recordsOf(boardId: string, ref: string): Promise<readonly unknown[] | undefined> {
    if (ref === CURRENT_BOARD) return (await this.currentState(boardId)).records;
    return (await this.deps.versions.get(boardId, ref))?.snapshot.records;
  }

  private async currentState(boardId: string): Promise<VersionSnapshot> {
    const room = this.deps.rooms.loaded(boardId);
    if (room) return readBoardState(room.doc);
    const stored = await this.deps.docs.load(boardId);
    const doc = docFromUpdates(stored.updates);
    try {
      return readBoardState(doc);
    } finally {
      doc.destroy();
    }
  }

  private async checkpoint(boardId: string, kind: VersionKind, options: CheckpointOptions): Promise<StoredVersion | undefined> {
    const watch = this.watches.get(boardId);
    if (watch) this.markClean(watch);
    const state = await this.currentState(boardId);
    if (options.skipIfUnchanged) {
      const [latest] = await this.deps.versions.list(boardId, { limit: 1 });
      if (latest?.contentHash === contentHash(state.records)) return undefined;
    }
    const version = await this.store(boardId, kind, state, options);
    if (AUTOMATIC_VERSION_KINDS.includes(kind)) await this.deps.versions.prune(boardId, this.options.keepAutomatic);
    return version;
  }

  private async store(boardId: string, kind: VersionKind, state: VersionSnapshot, options: CheckpointOptions): Promise<StoredVersion> {
    const version: StoredVersion = {
      id: newVersionId(),
      boardId,
      kind,
      name: options.name ?? null,
      createdBy: options.createdBy ?? null,
      createdAt: new Date().toISOString(),
      recordCount: state.records.length,
      cardCount: countCards(state.records),
      contentHash: contentHash(state.records),
      restoredVersionId: options.restoredVersionId ?? null,
    };
    await this.deps.versions.create(version, state);
    this.deps.log.debug({ boardId, versionId: version.id, kind, records: version.recordCount }, 'saved a version');
    return version;
  }

  /** Runs `job` after every earlier job of the board. */
  private enqueue<T>(boardId: string, job: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(boardId) ?? Promise.resolve();
    const run = previous.then(job, job);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(boardId, tail);
    void tail.then(() => {
      if (this.queues.get(boardId) === tail) this.queues.delete(boardId);
    });
    return run;
  }

  private automatic(boardId: string, kind: 'activity' | 'last-left'): void {
    if (this.closed) return;
    this.checkpointNow(boardId, kind).catch((error: unknown) => {
      this.deps.log.error({ boardId, kind, err: error }, 'automatic checkpoint failed');
    });
  }

  private watch(room: Room): void {
    const { boardId, doc } = room;
    if (this.closed || this.watches.get(boardId)?.doc === doc) return;
    this.unwatch(boardId);
    const watch: Watch = {
      doc,
      dirty: false,
      dirtySince: undefined,
      quietTimer: undefined,
      onUpdate: (_update, origin) => {
        // Restores and the guard's reverts are not edits anybody made.
        if (origin === HISTORY_ORIGIN || origin === GUARD_ORIGIN || origin instanceof RestoreWriter) return;
        const now = Date.now();
        watch.dirty = true;
        watch.dirtySince ??= now;
        if (now - watch.dirtySince >= this.options.maxIntervalMs) {
          this.markClean(watch);
          this.automatic(boardId, 'activity');
          return;
        }
        // Every edit pushes the quiet checkpoint back; refresh() reschedules without a new timer.
        if (watch.quietTimer) {
          watch.quietTimer.refresh();
          return;
        }
        watch.quietTimer = setTimeout(() => {
          watch.quietTimer = undefined;
          if (watch.dirty) this.automatic(boardId, 'activity');
        }, this.options.quietMs);
        watch.quietTimer.unref();
      },
    };
    doc.on('update', watch.onUpdate);
    doc.once('destroy', () => {
      if (this.watches.get(boardId) === watch) this.unwatch(boardId);
    });
    this.watches.set(boardId, watch);
  }

  private unwatch(boardId: string): void {
    const watch = this.watches.get(boardId);
    if (!watch) return;
    if (watch.quietTimer) clearTimeout(watch.quietTimer);
    watch.doc.off('update', watch.onUpdate);
    this.watches.delete(boardId);
  }

  private markClean(watch: Watch): void {
    watch.dirty = false;
    watch.dirtySince = undefined;
    if (watch.quietTimer) clearTimeout(watch.quietTimer);
    watch.quietTimer = undefined;
  }

  private onEmptied(room: Room): void {
    const watch = this.watches.get(room.boardId);
    if (!watch?.dirty) return;
    this.markClean(watch);
    this.automatic(room.boardId, 'last-left');
  }
}
