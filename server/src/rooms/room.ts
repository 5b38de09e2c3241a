import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { TLSchema } from '@tldraw/tlschema';
import { CloseCode, type SaveState } from '../../../shared/src/index.ts';
import { CommentGuard } from '../comments/commentGuard.ts';
import { removeCrossLinkedItems } from '../guard/crossLinkedItems.ts';
import { GUARD_ORIGIN, RecordGuard, type GuardedWriter, type Rejection } from '../guard/recordGuard.ts';
import { StructureGuard } from '../guard/structureGuard.ts';
import type { WriteRule } from '../guard/writeRules.ts';
import type { TurnSource, WriteBatcher, WriteSource } from '../storage/writeBatcher.ts';
import { rowKey } from '../storage/quarantine.ts';
import type { DamagedRow, DocStore, StoredDamage, StoredDoc, StoredRowRef } from '../storage/types.ts';
import {
  encodeAwareness,
  encodeRecordRejected,
  encodeSaveState,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type ClientMessage,
} from '../sync/protocol.ts';
import type { PeerRoom, RoomPeers } from './boardPeers.ts';
import { ensureStoredSchema, seedEmptyBoard } from './boardSkeleton.ts';
import { dropPendingChanges, encodeIntegratedState, pendingBytes } from './pendingChanges.ts';
import type { RoomConnection } from './connection.ts';

export interface RoomOptions {
  /** Compact the stored log once this many updates were appended since the last snapshot. */
  compactAfterUpdates: number;
  /** Board record schema every participant's records are validated against. */
  schema: TLSchema;
  writeRules: readonly WriteRule[];
  /** A participant whose writes are reverted more often than this per minute is disconnected. */
  maxRejectionsPerMinute: number;
  /** Updates that would grow the stored board beyond this are refused. */
  maxDocBytes: number;
  /**
   * How long a decoded board keeps its whole document encoded for newcomers after one last used
   * it (default 10 s): as large as the stored board, so not kept by boards nobody joins.
   */
  fullStateCacheMs?: number;
}

const DEFAULT_FULL_STATE_CACHE_MS = 10_000;

/** A message the room refuses because a limit would be crossed; the socket closes with `code`. */
export class LimitExceeded extends Error {
  override readonly name = 'LimitExceeded';
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** Counts what the room refused, for metrics. */
export interface RoomObserver {
  onRecordRejected?(reason: string): void;
  /** A participant's update broke the board's document, which was then reloaded from storage. */
  onDocumentReloaded?(): void;
  onUpdatesSent?(count: number): void;
  onCompacted?(): void;
}

/** One change of the current event-loop turn: stored and relayed together with the turn's others. */
interface TurnChange {
  update: Uint8Array;
  /** Who made it and has it already (the sender is not sent its own change); anything else: nobody. */
  origin: unknown;
}

interface HeldMessage {
  /** Sent once every update up to this sequence number is durable. */
  afterSeq: number;
  send: () => void;
}

const LOAD_ORIGIN = Symbol('load');
/** Changes waiting for what they build on, across all participants of a board (see pendingChanges.ts). */
const MAX_PENDING_BYTES = 1024 * 1024;
/** What a participant of a damaged board is told when an edit is refused. */
export const BOARD_DAMAGED_REASON = 'this board is damaged in storage and read-only until an operator accepts the rebuilt board';
/** Changes another instance made (already durable in the shared storage). */
const REMOTE_ORIGIN = Symbol('remote');

/** The origin of every change of a turn, if they all have the same one; undefined otherwise. */
function soleOrigin(changes: readonly TurnChange[]): unknown {
  const origin = changes[0]?.origin;
  for (const change of changes) if (change.origin !== origin) return undefined;
  return origin;
}

/** A client that has nothing yet (every fresh join). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0;
}

/**
 * One board in memory: its Y.Doc, awareness and participants.
 *
 * The durability rule lives here: every message that carries document content
 * (broadcast updates and sync replies) is held until the updates it may contain
 * are persisted. So no participant ever sees an edit that a crash could lose.
 * Awareness is ephemeral and goes out at once.
 *
 * With other instances holding the same board (scale-out), an update goes to them
 * only after it is durable too, and what they send is durable already: it is applied
 * and passed on to this instance's participants without being stored again.
 */
/**
 * A participant's update that could not be applied (or broke the document while applied); the board
 * was reloaded from storage without it and the sender is disconnected.
 */
export class UpdateNotApplied extends Error {
  override readonly name = 'UpdateNotApplied';
}

export class Room implements WriteSource, TurnSource, PeerRoom {
  /** Replaced only when a participant's update broke it (see recoverFrom). */
  private ydoc = new Y.Doc();
  /**
   * A compacted board's stored snapshot, not yet applied to `ydoc`. Fresh joins are served
   * from it directly, so the first participant gets the board while the server decodes its
   * own copy (the expensive part of a cold load) right after, instead of before.
   */
  private undecodedSnapshot: Uint8Array | undefined;
  private decoded = false;
  private decodeScheduled = false;
  private afterDecode: (() => void)[] = [];
  readonly awareness: awarenessProtocol.Awareness;
  private readonly connections = new Map<RoomConnection, Set<number>>();
  private readonly rejectionTimes = new Map<RoomConnection, number[]>();
  private guard: RecordGuard | undefined;
  private commentGuard: CommentGuard | undefined;
  private structureGuard: StructureGuard | undefined;
  /** Set while the doc is rebuilt from storage after an update broke it; messages wait. */
  private recovery: { queued: { connection: RoomConnection; message: ClientMessage }[]; onDone: (() => void)[] } | undefined;
  private flushWaiters: (() => void)[] = [];
  /** Something the guards reverted while a participant's update was applied. */
  private revertedDuringApply = false;
  /** The doc's state before the participant's update being applied, read from its transaction. */
  private stateBeforeApply: Map<number, number> | undefined;
  /** Server-side writers acting with a participant's rights (writeAs), and what the guards refused them. */
  private readonly delegatedWriters = new Map<GuardedWriter, string[]>();
  /** Told when the doc was replaced, so listeners follow the new one. */
  onDocumentReplaced: (() => void) | undefined;
  /** Set while the stored board is damaged: the board is read-only until its rebuild is accepted. */
  private damageState: StoredDamage | undefined;
  /** Told about a stored row that does not apply, so it is quarantined (RoomManager). */
  onStoredRowFailed: ((row: DamagedRow) => void) | undefined;
  /** While the board is damaged, each participant writes as a viewer through one of these (see readOnlyWriter). */
  private readonly readOnlyWriters = new Map<GuardedWriter, RoomConnection>();
  private undecodedSnapshotRow: StoredRowRef | undefined;
  /**
   * The whole document as one update, for clients that have nothing yet (every fresh
   * join); valid while no update was applied since. Right after loading a compacted
   * board it is the stored snapshot itself, so the first joins encode nothing.
   */
  private fullState: { seq: number; update: Uint8Array } | undefined;
  private fullStateRelease: NodeJS.Timeout | undefined;
  /** Set while a participant's update is applied: collects the doc updates it causes. */
  private capturedUpdates: Uint8Array[] | undefined;
  private readonly writersAwaitingAck = new Set<RoomConnection>();
  private heldMessages: HeldMessage[] = [];
  private appliedSeq = 0;
  private persistedSeq = 0;
  private persistedStateVector: Uint8Array = new Uint8Array([0]);
  /**
   * Everything applied is durable but `persistedStateVector` was not recomputed (nobody needed an
   * acknowledgement then): it is read from the doc when next needed, if still nothing is unsaved.
   */
  private persistedStateVectorStale = false;
  /** Changes applied in this event-loop turn, appended as one row and relayed as one message at its end. */
  private turn: TurnChange[] = [];
  private saveState: SaveState = 'saved';
  private updatesSinceSnapshot = 0;
  /** Size of the stored log (snapshot plus updates): what the board costs to load. */
  private storedBytes = 0;
  private compacting = false;
  private destroyed = false;

  readonly boardId: string;
  private readonly writer: WriteBatcher;
  private readonly store: DocStore;
  private readonly log: Logger;
  private readonly options: RoomOptions;

  private readonly observer: RoomObserver | undefined;
  private readonly peers: RoomPeers | undefined;

  constructor(
    boardId: string,
    writer: WriteBatcher,
    store: DocStore,
    log: Logger,
    options: RoomOptions,
    observer?: RoomObserver,
    peers?: RoomPeers,
  ) {
    this.observer = observer;
    this.peers = peers;
    this.boardId = boardId;
    this.writer = writer;
    this.store = store;
    this.log = log;
    this.options = options;
    this.awareness = new awarenessProtocol.Awareness(this.ydoc);
    // The server is not a participant.
    this.awareness.setLocalState(null);
  }

  /**
   * Applies the stored log. Each stored update is checked on its own, so a corrupt
   * one costs only itself, and the incident is logged with the board id; the board is then
   * damaged (read-only), as it is when `stored.damage` says rows were left out.
   */
  load(
    storedUpdates: readonly Uint8Array[],
    updatesSinceSnapshot: number,
    verified: readonly boolean[] = [],
    corrupt = 0,
    stored?: Pick<StoredDoc, 'rows' | 'damage'>,
  ): void {
    if (stored?.damage) this.markDamaged(stored.damage);
    this.storedBytes = storedUpdates.reduce((sum, update) => sum + update.byteLength, 0);
    this.awareness.on('update', this.handleAwarenessUpdate);
    const [snapshot] = storedUpdates;
    if (storedUpdates.length === 1 && snapshot && verified[0] === true && corrupt === 0) {
      // What the server wrote itself (checksum matched): safe to hand out before decoding it.
      this.undecodedSnapshot = snapshot;
      this.undecodedSnapshotRow = stored?.rows?.[0];
      this.fullState = { seq: 0, update: snapshot };
      this.updatesSinceSnapshot = updatesSinceSnapshot;
      return;
    }
    let skipped = corrupt;
    if (corrupt > 0) this.log.error({ boardId: this.boardId, count: corrupt }, 'skipping corrupt stored update (checksum mismatch)');
    const started = performance.now();
    this.ydoc.transact(() => {
      for (const [index, update] of storedUpdates.entries()) {
        try {
          // A row whose checksum matched is what the server wrote; others are parsed
          // whole first so a damaged one is skipped instead of half-applied.
          if (!verified[index]) Y.decodeUpdate(update);
          Y.applyUpdate(this.ydoc, update, LOAD_ORIGIN);
        } catch (error) {
          skipped += 1;
          this.log.error({ boardId: this.boardId, index, err: error }, 'skipping corrupt stored update');
          const isSnapshot = index === 0 && storedUpdates.length > updatesSinceSnapshot;
          this.storedRowFailed(stored?.rows?.[index] ?? { kind: isSnapshot ? 'snapshot' : 'update', seq: -1 }, error);
        }
      }
    }, LOAD_ORIGIN);
    this.updatesSinceSnapshot = updatesSinceSnapshot + (skipped > 0 ? 1 : 0);
    if (storedUpdates.length === 1 && skipped === 0 && snapshot) this.fullState = { seq: 0, update: snapshot };
    this.finishDecoding(started, performance.now());
  }

  /** The board's first page and the stored schema, both the server's to write (boardSkeleton.ts). */
  private writeSkeleton(): void {
    seedEmptyBoard(this.ydoc);
    const schema = ensureStoredSchema(this.ydoc, this.options.schema);
    if (schema === 'newer') this.log.warn({ boardId: this.boardId }, 'board was written by a newer release; its stored schema is kept');
    else if (schema === 'migrated') this.log.info({ boardId: this.boardId }, 'migrated the board to the current schema');
  }

  get isDecoded(): boolean {
    return this.decoded;
  }

  /** The board's Y.Doc, decoded (from the stored snapshot) on first use. */
  get doc(): Y.Doc {
    if (!this.recovery) this.decode();
    return this.ydoc;
  }

  /** Resolves once the doc is not being rebuilt (see recoverFrom); server-side writers wait for it. */
  whenReady(): Promise<void> {
    const recovery = this.recovery;
    if (!recovery) return Promise.resolve();
    return new Promise((resolve) => recovery.onDone.push(resolve));
  }

  /** Runs `callback` once the doc is decoded: at once if it is. */
  whenDecoded(callback: () => void): void {
    if (this.decoded) callback();
    else this.afterDecode.push(callback);
  }

  private scheduleDecode(): void {
    if (this.decoded || this.decodeScheduled) return;
    this.decodeScheduled = true;
    setImmediate(() => this.decode());
  }

  private decode(): void {
    if (this.decoded || this.destroyed) return;
    const snapshot = this.undecodedSnapshot;
    this.undecodedSnapshot = undefined;
    const started = performance.now();
    if (snapshot) {
      try {
        Y.applyUpdate(this.ydoc, snapshot, LOAD_ORIGIN);
      } catch (error) {
        // As for any stored update that does not apply (see load): it costs only itself.
        this.fullState = undefined;
        this.updatesSinceSnapshot += 1;
        this.log.error({ boardId: this.boardId, index: 0, err: error }, 'skipping corrupt stored update');
        this.storedRowFailed(this.undecodedSnapshotRow ?? { kind: 'snapshot', seq: -1 }, error);
      }
    }
    this.finishDecoding(started, performance.now());
  }

  /** `started` and `applied`: when applying the stored board began and ended (for the log). */
  private finishDecoding(started: number, applied: number): void {
    this.decoded = true;
    this.persistedStateVector = Y.encodeStateVector(this.ydoc);
    this.ydoc.on('update', this.handleDocUpdate);
    this.ydoc.on('afterTransaction', this.handleAfterTransaction);
    this.guard = new RecordGuard(this.ydoc, {
      schema: this.options.schema,
      rules: this.options.writeRules,
      boardId: this.boardId,
      isWriter: (origin): origin is GuardedWriter => this.isGuardedOrigin(origin),
      onRejected: this.handleRejection,
    });
    this.commentGuard = new CommentGuard(this.ydoc, {
      isWriter: (origin): origin is GuardedWriter => this.isGuardedOrigin(origin),
      onRejected: this.handleRejection,
    });
    this.structureGuard = new StructureGuard(this.ydoc, {
      isWriter: (origin): origin is GuardedWriter => this.isGuardedOrigin(origin),
      onRejected: this.handleRejection,
    });
    if (dropPendingChanges(this.ydoc)) this.log.warn({ boardId: this.boardId }, 'dropped stored changes that build on changes the board does not have');
    // A damaged board is read-only until someone accepts its rebuild: the server writes nothing either.
    if (!this.damageState) this.writeSkeleton();
    if (this.fullState) this.releaseFullStateLater();
    // ms: applying the stored board; readyMs: until the guards can check the first edit.
    this.log.debug({ boardId: this.boardId, ms: Math.round(applied - started), readyMs: Math.round(performance.now() - started) }, 'decoded board');
    for (const callback of this.afterDecode.splice(0)) callback();
  }

  /**
   * Drops the encoded copy once newcomers stopped asking for it for a while: for a large board it is
   * as big as the stored board. Until the board is decoded it is the only copy, and stays.
   */
  private releaseFullStateLater(): void {
    if (this.fullStateRelease) {
      this.fullStateRelease.refresh();
      return;
    }
    this.fullStateRelease = setTimeout(() => {
      this.fullStateRelease = undefined;
      if (!this.decoded || !this.fullState) return;
      this.fullState = undefined;
      this.log.debug({ boardId: this.boardId }, 'released the encoded board');
    }, this.options.fullStateCacheMs ?? DEFAULT_FULL_STATE_CACHE_MS);
    this.fullStateRelease.unref();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** True when nothing applied in memory is missing from storage. */
  /**
   * False for changes this instance only replays (loading, other instances' edits): events about
   * a change (webhooks) are sent by the instance it was made on, not once per instance.
   */
  madeHere(origin: unknown): boolean {
    return origin !== REMOTE_ORIGIN && origin !== LOAD_ORIGIN;
  }

  get isFlushed(): boolean {
    return this.turn.length === 0 && this.persistedSeq === this.appliedSeq && !this.writer.hasPendingWrites(this);
  }

  /** What the last acknowledgement could say is durable (recomputed only when someone needs it). */
  private currentPersistedStateVector(): Uint8Array {
    if (this.persistedStateVectorStale && this.isFlushed) {
      this.persistedStateVector = Y.encodeStateVector(this.ydoc);
      this.persistedStateVectorStale = false;
    }
    return this.persistedStateVector;
  }

  join(connection: RoomConnection): void {
    this.connections.set(connection, new Set());
    const states = this.awareness.getStates();
    if (states.size > 0) {
      connection.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
    // The server's own sync request and save state carry its state vector: sent once there is one.
    this.whenDecoded(() => {
      if (!this.connections.has(connection)) return;
      connection.send(encodeSyncStep1(this.ydoc));
      if (connection.wantsExtensions) connection.send(encodeSaveState(this.saveState, this.currentPersistedStateVector()));
    });
  }

  leave(connection: RoomConnection): void {
    const controlledClients = this.connections.get(connection);
    if (!controlledClients) return;
    this.connections.delete(connection);
    this.writersAwaitingAck.delete(connection);
    this.rejectionTimes.delete(connection);
    for (const [writer, owner] of this.readOnlyWriters) if (owner === connection) this.readOnlyWriters.delete(writer);
    if (controlledClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...controlledClients], null);
    }
  }

  receive(connection: RoomConnection, message: ClientMessage): void {
    if (this.recovery) {
      this.recovery.queued.push({ connection, message });
      return;
    }
    switch (message.kind) {
      case 'sync-step1': {
        if (!this.decoded && isEmptyStateVector(message.stateVector) && this.fullState) {
          // A newcomer gets the stored snapshot as it is; the server decodes its own copy
          // once that is on its way, while the newcomer decodes theirs.
          connection.send(encodeSyncStep2(this.fullState.update), () => this.scheduleDecode());
          break;
        }
        // The reply holds this turn's changes too: they go to storage first (sendWhenPersisted).
        this.closeTurn();
        const reply = encodeSyncStep2(this.updateSince(message.stateVector));
        this.sendWhenPersisted(() => connection.send(reply));
        break;
      }
      case 'update':
        if (this.storedBytes + message.update.byteLength > this.options.maxDocBytes) {
          throw new LimitExceeded(CloseCode.MessageTooLarge, `board has reached its size limit of ${this.options.maxDocBytes} bytes`);
        }
        if (connection.wantsExtensions) this.writersAwaitingAck.add(connection);
        this.applyParticipantUpdate(connection, message.update);
        break;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, connection);
        break;
      case 'query-awareness': {
        const clients = [...this.awareness.getStates().keys()];
        connection.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
        break;
      }
      case 'auth':
        break;
    }
  }

  private updateSince(stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return encodeIntegratedState(this.doc, stateVector);
    if (this.fullState?.seq !== this.appliedSeq) this.fullState = { seq: this.appliedSeq, update: encodeIntegratedState(this.doc) };
    this.releaseFullStateLater();
    return this.fullState.update;
  }

  onPersisted(seq: number): void {
    this.persistedSeq = Math.max(this.persistedSeq, seq);
    this.releaseHeldMessages();
    // The doc holds this turn's changes already; they are not durable yet.
    if (this.persistedSeq !== this.appliedSeq || this.turn.length > 0) return;
    const recovered = this.saveState === 'failing';
    this.saveState = 'saved';
    const recipients = recovered ? [...this.connections.keys()].filter((c) => c.wantsExtensions) : [...this.writersAwaitingAck];
    if (recipients.length > 0) {
      this.persistedStateVector = Y.encodeStateVector(this.ydoc);
      this.persistedStateVectorStale = false;
      const ack = encodeSaveState('saved', this.persistedStateVector);
      for (const connection of recipients) connection.send(ack);
    } else {
      this.persistedStateVectorStale = true;
    }
    this.writersAwaitingAck.clear();
    if (this.flushWaiters.length > 0 && this.isFlushed) for (const resolve of this.flushWaiters.splice(0)) resolve();
    if (this.updatesSinceSnapshot >= this.options.compactAfterUpdates) this.scheduleCompaction();
  }

  onWriteFailed(_error: Error): void {
    if (this.saveState === 'failing') return;
    this.saveState = 'failing';
    const notice = encodeSaveState('failing', this.currentPersistedStateVector());
    for (const connection of this.connections.keys()) {
      if (connection.wantsExtensions) connection.send(notice);
    }
  }

  /**
   * Folds the stored log into one snapshot. Only runs while everything in memory is
   * persisted, so the snapshot contains exactly the log it replaces (or more).
   */
  async compact(): Promise<void> {
    // A damaged board's stored rows are never written over (see RoomManager.acceptRebuilt).
    if (this.compacting || this.destroyed || this.damageState || this.updatesSinceSnapshot === 0 || !this.isFlushed) return;
    this.compacting = true;
    const compactedCount = this.updatesSinceSnapshot;
    try {
      const snapshot = encodeIntegratedState(this.doc);
      await this.store.compact(this.boardId, snapshot);
      this.updatesSinceSnapshot -= compactedCount;
      this.storedBytes = snapshot.byteLength;
      this.observer?.onCompacted?.();
      this.log.debug({ boardId: this.boardId, compactedCount }, 'compacted board log');
    } catch (error) {
      this.log.warn({ boardId: this.boardId, err: error }, 'compaction failed; the log stays as it is');
    } finally {
      this.compacting = false;
    }
  }

  /** The stored rows left out of this board, while it is damaged; undefined when it is not. */
  get damage(): StoredDamage | undefined {
    return this.damageState;
  }

  markDamaged(damage: StoredDamage): void {
    const known = new Set(this.damageState?.rows.map(rowKey));
    const rows = [...(this.damageState?.rows ?? []), ...damage.rows.filter((row) => !known.has(rowKey(row)))];
    this.damageState = { ...this.damageState, ...damage, rows };
  }

  /** The rebuilt board was accepted (and stored as a new snapshot): writable again. */
  clearDamage(): void {
    this.damageState = undefined;
    if (this.decoded) this.writeSkeleton();
  }

  private storedRowFailed(row: StoredRowRef, error: unknown): void {
    const damaged: DamagedRow = { kind: row.kind, seq: row.seq, reason: `does not apply: ${error instanceof Error ? error.message : String(error)}` };
    // Without the snapshot, only the rows after it are left (until the board is loaded again from the previous one).
    this.markDamaged({ basis: row.kind === 'update' ? (this.damageState?.basis ?? 'snapshot') : 'updates-only', rows: [damaged] });
    this.onStoredRowFailed?.(damaged);
  }

  /**
   * A damaged board is read-only: every participant writes with a viewer's rights, so the guards
   * revert their changes in the same broadcast, as for any viewer. Applied and reverted rather
   * than dropped: a dropped update would come back with the participant's next sync (after the
   * rebuild is accepted, say), and its later updates would wait forever for it.
   */
  private readOnlyWriter(connection: RoomConnection): GuardedWriter {
    for (const [writer, owner] of this.readOnlyWriters) if (owner === connection) return writer;
    const writer: GuardedWriter = { role: 'viewer', profileRecordId: connection.profileRecordId };
    this.readOnlyWriters.set(writer, connection);
    return writer;
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.fullStateRelease);
    this.detachGuards();
    this.afterDecode = [];
    this.flushWaiters = [];
    this.ydoc.off('update', this.handleDocUpdate);
    this.ydoc.off('afterTransaction', this.handleAfterTransaction);
    this.awareness.off('update', this.handleAwarenessUpdate);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private detachGuards(): void {
    this.guard?.destroy();
    this.commentGuard?.destroy();
    this.structureGuard?.destroy();
    this.guard = undefined;
    this.commentGuard = undefined;
    this.structureGuard = undefined;
  }

  private isGuardedOrigin(origin: unknown): boolean {
    return this.connections.has(origin as RoomConnection) || this.delegatedWriters.has(origin as GuardedWriter) || this.readOnlyWriters.has(origin as GuardedWriter);
  }

  /**
   * Runs a server-side write made for someone (a restore, an import) with that person's rights:
   * the guards check it like a participant's update, and what the role may not write is reverted
   * in the same stored and broadcast change. Returns the body's result and the reasons refused.
   */
  writeAs<T>(writer: GuardedWriter, body: (doc: Y.Doc) => T): { result: T; refused: string[] } {
    const doc = this.doc;
    const refused: string[] = [];
    this.delegatedWriters.set(writer, refused);
    const captured: Uint8Array[] = [];
    this.capturedUpdates = captured;
    this.revertedDuringApply = false;
    this.stateBeforeApply = undefined;
    try {
      const result = doc.transact(() => body(doc), writer);
      return { result, refused };
    } finally {
      this.capturedUpdates = undefined;
      this.delegatedWriters.delete(writer);
      this.commitCaptured(captured, null);
    }
  }

  private readonly handleRejection = ({ writer, key, reason }: Rejection): void => {
    this.revertedDuringApply = true;
    const delegated = this.delegatedWriters.get(writer);
    if (delegated) {
      delegated.push(`${key}: ${reason}`);
      this.observer?.onRecordRejected?.(reason);
      return;
    }
    const readOnlyFor = this.readOnlyWriters.get(writer);
    if (readOnlyFor) {
      this.handleRejection({ writer: readOnlyFor, key, reason: BOARD_DAMAGED_REASON });
      return;
    }
    const connection = writer as RoomConnection;
    this.log.info({ boardId: this.boardId, connectionId: connection.id, recordId: key, reason }, 'reverted a record change');
    this.observer?.onRecordRejected?.(reason);
    if (connection.wantsExtensions) connection.send(encodeRecordRejected(key, reason));
    const now = Date.now();
    const recent = (this.rejectionTimes.get(connection) ?? []).filter((t) => now - t < 60_000);
    recent.push(now);
    this.rejectionTimes.set(connection, recent);
    if (recent.length > this.options.maxRejectionsPerMinute) {
      connection.close(CloseCode.MalformedMessage, `too many invalid records (last: ${reason})`);
    }
  };

  private scheduleCompaction(): void {
    setImmediate(() => void this.compact());
  }

  private readonly handleDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === REMOTE_ORIGIN) {
      this.relayRemoteUpdate(update);
      return;
    }
    if (this.capturedUpdates) {
      this.capturedUpdates.push(update);
      return;
    }
    this.commitUpdate(update, origin);
  };

  applyRemoteUpdates(updates: readonly Uint8Array[]): void {
    if (this.destroyed) return;
    this.doc.transact(() => {
      for (const update of updates) {
        try {
          Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
        } catch (error) {
          this.log.error({ boardId: this.boardId, err: error }, 'skipping an update from another instance that does not apply');
        }
      }
    }, REMOTE_ORIGIN);
  }

  applyRemoteAwareness(update: Uint8Array): void {
    if (this.destroyed) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
  }

  localAwareness(): Uint8Array | undefined {
    const clients = [...this.connections.values()].flatMap((controlled) => [...controlled]);
    const present = clients.filter((client) => this.awareness.getStates().has(client));
    return present.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, present) : undefined;
  }

  /** Durable already (another instance stored it before publishing): straight to participants. */
  private relayRemoteUpdate(update: Uint8Array): void {
    this.fullState = undefined;
    this.storedBytes += update.byteLength;
    const message = encodeUpdate(update);
    for (const connection of this.connections.keys()) connection.send(message);
    this.observer?.onUpdatesSent?.(this.connections.size);
  }

  /**
   * Applies a participant's update together with whatever the server changes in
   * response (guard reverts, index clean-ups) as ONE stored and broadcast update:
   * other participants never see a record the guard refused, not even briefly.
   */
  private applyParticipantUpdate(connection: RoomConnection, update: Uint8Array): void {
    const doc = this.doc;
    const captured: Uint8Array[] = [];
    // Changes Yjs held back (see pendingChanges.ts) may be integrated by this update: the change then
    // carries others' edits the sender does not have, so the sender gets it too.
    const mayCompleteHeldBack = pendingBytes(doc) > 0;
    this.capturedUpdates = captured;
    this.revertedDuringApply = false;
    this.stateBeforeApply = undefined;
    try {
      Y.applyUpdate(doc, update, this.damageState ? this.readOnlyWriter(connection) : connection);
    } catch (error) {
      // Yjs may be left mid-transaction, or hold content it cannot encode: nothing of this update
      // is stored or sent, and the doc is rebuilt from what is durable.
      this.capturedUpdates = undefined;
      this.recoverFrom(error, connection);
      throw new UpdateNotApplied('the update could not be applied to the board');
    }
    this.capturedUpdates = undefined;
    this.commitCaptured(captured, mayCompleteHeldBack ? null : connection);
    this.limitPendingChanges(connection);
  }

  /** Stores and sends what one guarded write changed, with the guards' reverts, as one update. */
  private commitCaptured(captured: Uint8Array[], sender: RoomConnection | null): void {
    if (captured.length === 0) return;
    const doc = this.ydoc;
    const stateBefore = this.stateBeforeApply;
    this.stateBeforeApply = undefined;
    if (this.revertedDuringApply && stateBefore) {
      // What the guards refused is deleted and collected in the doc by now; encoding the change
      // from the doc (rather than merging the captured updates, which still carry the refused
      // content) keeps those bytes out of storage and off the wire.
      this.commitUpdate(encodeIntegratedState(doc, Y.encodeStateVector(stateBefore)), null);
    } else if (captured.length === 1 && captured[0]) this.commitUpdate(captured[0], sender);
    // The sender needs the server's part too, so a merged update goes to everyone.
    else this.commitUpdate(Y.mergeUpdates(captured), null);
  }

  /**
   * Changes that build on what has not arrived wait, as Yjs keeps them (a reconnecting client's
   * live edits can overtake its answer to the sync request; the gap fills a round trip later). They
   * are never encoded for anyone (encodeIntegratedState), and past MAX_PENDING_BYTES they are
   * dropped: Yjs merges them again with every update, and a gap that never fills would cost that
   * forever. A client whose changes were dropped sends them again with its next sync.
   */
  private limitPendingChanges(connection: RoomConnection): void {
    if (pendingBytes(this.ydoc) <= MAX_PENDING_BYTES) return;
    dropPendingChanges(this.ydoc);
    this.log.warn({ boardId: this.boardId, connectionId: connection.id }, 'dropped changes that build on changes the board does not have');
  }

  /**
   * Rebuilds the doc from storage after a participant's update broke it: waits until every
   * accepted edit is durable, reads the board back and sends every participant a sync request, so
   * whatever a participant has that the reload lacks comes back. Messages wait meanwhile.
   */
  private recoverFrom(error: unknown, connection: RoomConnection): void {
    this.log.error({ boardId: this.boardId, connectionId: connection.id, err: error }, 'an update broke the board document; reloading it from storage');
    this.observer?.onDocumentReloaded?.();
    if (this.recovery) return;
    // What this turn accepted before the broken update is stored before the doc is read back.
    this.closeTurn();
    const recovery: NonNullable<Room['recovery']> = { queued: [], onDone: [] };
    this.recovery = recovery;
    this.detachGuards();
    this.ydoc.off('update', this.handleDocUpdate);
    this.ydoc.off('afterTransaction', this.handleAfterTransaction);
    // The broken doc is left to the garbage collector: destroying it would also end awareness.
    this.ydoc = new Y.Doc();
    this.decoded = false;
    this.undecodedSnapshot = undefined;
    this.fullState = undefined;
    void this.reloadFromStorage()
      .catch((reloadError: unknown) => {
        this.log.error({ boardId: this.boardId, err: reloadError }, 'could not reload the board after a broken update');
        for (const participant of [...this.connections.keys()]) participant.close(CloseCode.InternalError, 'the board must be reloaded; reconnecting');
      })
      .finally(() => {
        this.recovery = undefined;
        for (const resolve of recovery.onDone) resolve();
        if (this.destroyed) return;
        for (const participant of this.connections.keys()) participant.send(encodeSyncStep1(this.ydoc));
        for (const { connection: sender, message } of recovery.queued) {
          if (!this.connections.has(sender)) continue;
          try {
            this.receive(sender, message);
          } catch (replayError) {
            const code = replayError instanceof LimitExceeded ? replayError.code : CloseCode.MalformedMessage;
            sender.close(code, replayError instanceof Error ? replayError.message : 'message could not be applied');
          }
        }
      });
  }

  private async reloadFromStorage(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.isFlushed) resolve();
      else this.flushWaiters.push(resolve);
    });
    const stored = await this.store.load(this.boardId);
    if (this.destroyed) return;
    this.awareness.off('update', this.handleAwarenessUpdate);
    this.load(stored.updates, stored.updatesSinceSnapshot, stored.verified, stored.corrupt, stored);
    this.decode();
    this.onDocumentReplaced?.();
  }

  /** A participant's transaction (also one that failed halfway), before Yjs merges its structs; the guards' have other origins. */
  private readonly handleAfterTransaction = (transaction: Y.Transaction): void => {
    const connection = transaction.origin as RoomConnection;
    if (!this.isGuardedOrigin(connection)) return;
    this.stateBeforeApply ??= transaction.beforeState;
    this.structureGuard?.check(transaction);
    try {
      const removed = removeCrossLinkedItems(this.ydoc, transaction, GUARD_ORIGIN);
      if (removed > 0) this.log.warn({ boardId: this.boardId, connectionId: connection.id, removed }, 'removed values a crafted update linked into another list');
    } catch (error) {
      this.log.error({ boardId: this.boardId, err: error }, 'could not check an update for values linked into another list');
    }
  };

  /**
   * A change joins the current event-loop turn's: under load several updates of a board (from any of
   * its participants) arrive in one turn, and storing and relaying them together costs one append
   * and one message per receiver instead of one per update (see closeTurn).
   */
  private commitUpdate(update: Uint8Array, origin: unknown): void {
    this.storedBytes += update.byteLength;
    this.turn.push({ update, origin });
    if (this.turn.length === 1) this.writer.closeAtTurnEnd(this);
  }

  /**
   * Appends the turn's changes as one row (one transaction with every other board's turn) and,
   * once that is durable, relays them as one message per receiver. Also called before anything
   * that reads the doc's content for someone (sync replies, reloads), so that waits for this
   * turn's row too.
   */
  closeTurn(): void {
    const changes = this.turn;
    if (changes.length === 0) return;
    this.turn = [];
    // Whatever was encoded before this turn is out of date now.
    this.fullState = undefined;
    const update = changes.length === 1 ? (changes[0] as TurnChange).update : Y.mergeUpdates(changes.map((change) => change.update));
    this.appliedSeq += 1;
    // Compaction follows the changes, as before turns were stored as one row: a merged row costs a load about what its parts did.
    this.updatesSinceSnapshot += changes.length;
    this.writer.enqueue(this, update, this.appliedSeq);
    this.sendWhenPersisted(() => this.relay(changes, update));
  }

  /**
   * Sends a durable turn on, as one message to every participant that did not make all of it: a
   * participant that made only part of it gets its own changes back too (Yjs skips what a doc has),
   * which costs less than merging the rest once per such participant.
   */
  private relay(changes: readonly TurnChange[], update: Uint8Array): void {
    this.peers?.publish({ kind: 'update', payload: update });
    const onlySender = soleOrigin(changes);
    const message = encodeUpdate(update);
    let sent = 0;
    for (const connection of this.connections.keys()) {
      if (connection === onlySender) continue;
      connection.send(message);
      sent += 1;
    }
    this.observer?.onUpdatesSent?.(sent);
  }

  private readonly handleAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    const controlled = this.connections.get(origin as RoomConnection);
    if (controlled) {
      for (const client of added) controlled.add(client);
      for (const client of removed) controlled.delete(client);
    }
    const encoded = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    // Stale states time out on every instance by itself; only first-hand changes travel.
    if (origin !== REMOTE_ORIGIN && origin !== 'timeout') this.peers?.publish({ kind: 'awareness', payload: encoded });
    const message = encodeAwareness(encoded);
    for (const connection of this.connections.keys()) {
      if (connection !== origin) connection.send(message);
    }
  };

  private sendWhenPersisted(send: () => void): void {
    if (this.persistedSeq >= this.appliedSeq && this.heldMessages.length === 0) {
      send();
      return;
    }
    this.heldMessages.push({ afterSeq: this.appliedSeq, send });
  }

  private releaseHeldMessages(): void {
    let released = 0;
    for (const held of this.heldMessages) {
      if (held.afterSeq > this.persistedSeq) break;
      held.send();
      released += 1;
    }
    if (released > 0) this.heldMessages = this.heldMessages.slice(released);
  }
}
