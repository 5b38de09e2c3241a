import type { Logger } from 'pino';
import { BoardUnreadableError, type BoardQuarantine, type DamagedRow, type DocStore, type StoredDamage, type StoredDoc } from '../storage/types.ts';
import type { WriteBatcher } from '../storage/writeBatcher.ts';
import type { BoardPeers, PeerLink } from './boardPeers.ts';
import type { RoomConnection } from './connection.ts';
import { encodeIntegratedState } from './pendingChanges.ts';
import { Room, type RoomObserver, type RoomOptions } from './room.ts';

export interface RoomManagerOptions extends RoomOptions {
  /** How long a board with no participants stays in memory before it is unloaded. */
  idleUnloadMs: number;
}

/** Told about boards found damaged in storage (metrics). */
export interface DamageObserver {
  /** A damaged board was loaded (rebuilt from `damage.basis`), or could not be read at all (undefined). */
  onBoardDamaged?(boardId: string, damage: StoredDamage | undefined): void;
}

/** There is no rebuild to accept (the board is not damaged), or not yet (see acceptRebuilt). */
export class RebuildNotAcceptableError extends Error {
  override readonly name = 'RebuildNotAcceptableError';
}

/** What the API reports about a board's storage. */
export type BoardDamageReport = { state: 'rebuilt'; damage: StoredDamage } | { state: 'unreadable'; reason: string };

/** Told about rooms coming and going (version history uses it for automatic checkpoints). */
export interface RoomLifecycleListener {
  /** A board was loaded into memory. */
  loaded?(room: Room): void;
  /** The last participant left; the board stays in memory a while longer. */
  emptied?(room: Room): void;
}

/**
 * Loads each board once, however many participants arrive while it loads, and
 * unloads it when the last one has left and everything is persisted.
 */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly lifecycleListeners = new Set<RoomLifecycleListener>();
  /** Boards held in memory by server-side work (withRoom), however many participants they have. */
  private readonly holds = new Map<string, number>();

  private readonly store: DocStore & BoardQuarantine;
  private readonly writer: WriteBatcher;
  private readonly log: Logger;
  private readonly options: RoomManagerOptions;
  private readonly observer: (RoomObserver & DamageObserver) | undefined;
  /** Boards whose rows could not be read at all, with why (kept until a load succeeds). */
  private readonly unreadable = new Map<string, string>();
  /** Rooms whose snapshot failed after they were served: not accepted until loaded again. */
  private readonly staleRebuilds = new WeakSet<Room>();
  /** Other instances holding the same boards (scale-out); none when running alone. */
  private readonly peers: BoardPeers | undefined;
  private readonly peerLinks = new Map<Room, PeerLink>();

  constructor(
    store: DocStore & BoardQuarantine,
    writer: WriteBatcher,
    log: Logger,
    options: RoomManagerOptions,
    observer?: RoomObserver & DamageObserver,
    peers?: BoardPeers,
  ) {
    this.observer = observer;
    this.peers = peers;
    this.store = store;
    this.writer = writer;
    this.log = log;
    this.options = options;
  }

  get loadedCount(): number {
    return this.rooms.size;
  }

  /** The board's room if it is in memory; never loads. */
  loaded(boardId: string): Room | undefined {
    return this.rooms.get(boardId);
  }

  async join(boardId: string, connection: RoomConnection): Promise<Room> {
    const room = await this.acquire(boardId);
    this.cancelUnload(boardId);
    room.join(connection);
    return room;
  }

  leave(room: Room, connection: RoomConnection): void {
    room.leave(connection);
    if (room.connectionCount === 0) {
      this.scheduleUnload(room);
      for (const listener of this.lifecycleListeners) listener.emptied?.(room);
    }
  }

  /** Returns a function that removes the listener. */
  addLifecycleListener(listener: RoomLifecycleListener): () => void {
    this.lifecycleListeners.add(listener);
    return () => this.lifecycleListeners.delete(listener);
  }

  /**
   * Runs `body` with the board's room, loading the board if needed and keeping it in memory
   * until `body` settles. A server-side change made there as a transaction on `room.doc` is
   * persisted and reaches every participant like any other update.
   */
  async withRoom<T>(boardId: string, body: (room: Room) => Promise<T> | T): Promise<T> {
    this.holds.set(boardId, (this.holds.get(boardId) ?? 0) + 1);
    try {
      const room = await this.acquire(boardId);
      await room.whenReady();
      return await body(room);
    } finally {
      const remaining = (this.holds.get(boardId) ?? 1) - 1;
      if (remaining > 0) this.holds.set(boardId, remaining);
      else this.holds.delete(boardId);
      const room = this.rooms.get(boardId);
      if (room && remaining === 0 && room.connectionCount === 0) this.scheduleUnload(room);
    }
  }

  /** Every room, for shutdown. */
  all(): Room[] {
    return [...this.rooms.values()];
  }

  /** Compacts and releases every room; used on shutdown after the writer drained. */
  async unloadAll(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    await Promise.all([...this.loading.values()].map((p) => p.catch(() => undefined)));
    for (const room of this.rooms.values()) {
      await room.compact();
      this.release(room);
    }
    this.rooms.clear();
    this.peers?.close();
  }

  private acquire(boardId: string): Promise<Room> {
    const loaded = this.rooms.get(boardId);
    if (loaded) return Promise.resolve(loaded);
    const inProgress = this.loading.get(boardId);
    if (inProgress) return inProgress;
    const loadPromise = this.load(boardId).finally(() => this.loading.delete(boardId));
    this.loading.set(boardId, loadPromise);
    return loadPromise;
  }

  private async load(boardId: string): Promise<Room> {
    const started = performance.now();
    // Subscribed before reading, so nothing another instance publishes after the read is missed.
    const link = await this.peers?.attach(boardId);
    let stored: StoredDoc;
    let room: Room;
    try {
      ({ stored, room } = await this.loadRoom(boardId, link));
    } catch (error) {
      link?.detach();
      if (error instanceof BoardUnreadableError) this.reportUnreadable(boardId, error);
      throw error;
    }
    if (link) {
      link.bind(room, stored.position ?? 0);
      this.peerLinks.set(room, link);
    }
    this.rooms.set(boardId, room);
    // Listeners observe the doc: they start once it is decoded (see Room.doc).
    room.whenDecoded(() => {
      for (const listener of this.lifecycleListeners) listener.loaded?.(room);
    });
    // A doc rebuilt after a participant's update broke it is followed like a freshly loaded one.
    room.onDocumentReplaced = () => {
      for (const listener of this.lifecycleListeners) listener.loaded?.(room);
    };
    this.log.debug(
      // decoded=false: fresh joins are served from the stored snapshot; 'decoded board' follows.
      { boardId, storedUpdates: stored.updates.length, ms: Math.round(performance.now() - started), decoded: room.isDecoded },
      'loaded board',
    );
    return room;
  }

  /**
   * Reads the board into a new room. A stored snapshot whose checksum matched but which does not
   * apply is quarantined and the board read again, so it is rebuilt from the previous snapshot
   * instead of being served without it.
   */
  private async loadRoom(boardId: string, link: PeerLink | undefined): Promise<{ stored: StoredDoc; room: Room }> {
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.store.load(boardId);
      this.unreadable.delete(boardId);
      const room = new Room(boardId, this.writer, this.store, this.log, this.options, this.observer, link);
      const failed: DamagedRow[] = [];
      room.onStoredRowFailed = (row) => failed.push(row);
      room.load(stored.updates, stored.updatesSinceSnapshot, stored.verified, stored.corrupt, stored);
      // Later failures (the deferred decode of a snapshot) are quarantined as they come; without
      // its snapshot the room's doc is not the rebuild storage gives, so it must be read again first.
      room.onStoredRowFailed = (row) => {
        if (row.kind !== 'update') this.staleRebuilds.add(room);
        this.reportDamage(boardId, room.damage ?? { basis: 'updates-only', rows: [row] });
        void this.quarantine(boardId, [row]);
      };
      const quarantined = failed.length === 0 || (await this.quarantine(boardId, failed));
      if (attempt < 3 && quarantined && failed.some((row) => row.kind !== 'update')) {
        room.destroy();
        continue;
      }
      if (room.damage) this.reportDamage(boardId, room.damage);
      return { stored, room };
    }
  }

  private async quarantine(boardId: string, rows: DamagedRow[]): Promise<boolean> {
    try {
      await this.store.quarantine(boardId, rows);
      return true;
    } catch (error) {
      this.log.error({ boardId, rows, err: error }, 'could not copy damaged rows into the quarantine; they stay where they are');
      return false;
    }
  }

  private reportDamage(boardId: string, damage: StoredDamage): void {
    this.log.error(
      { boardId, rebuiltFrom: damage.basis, damagedRows: damage.rows, quarantineError: damage.quarantineError },
      'board is damaged in storage: rebuilt from what is readable, read-only until its rebuild is accepted',
    );
    this.observer?.onBoardDamaged?.(boardId, damage);
  }

  private reportUnreadable(boardId: string, error: BoardUnreadableError): void {
    if (!this.unreadable.has(boardId)) {
      this.log.error({ boardId, err: error }, 'board cannot be read from storage; it is not served');
      this.observer?.onBoardDamaged?.(boardId, undefined);
    }
    this.unreadable.set(boardId, error.message);
  }

  /** The board's storage state (loading it if needed): undefined when it is intact. */
  async damageOf(boardId: string): Promise<BoardDamageReport | undefined> {
    try {
      const damage = await this.withRoom(boardId, (room) => room.damage);
      return damage ? { state: 'rebuilt', damage } : undefined;
    } catch (error) {
      if (error instanceof BoardUnreadableError) return { state: 'unreadable', reason: error.message };
      throw error;
    }
  }

  /**
   * Stores the rebuilt board as its new snapshot (the quarantine keeps the damaged rows' bytes)
   * and makes it writable again. RebuildNotAcceptableError when there is nothing to accept.
   */
  async acceptRebuilt(boardId: string): Promise<StoredDamage> {
    return this.withRoom(boardId, async (room) => {
      const damage = room.damage;
      if (!damage) throw new RebuildNotAcceptableError(`board ${boardId} is not damaged`);
      if (this.staleRebuilds.has(room)) {
        throw new RebuildNotAcceptableError(`board ${boardId} must be loaded again (close it everywhere, or restart) before its rebuild can be accepted`);
      }
      await this.store.acceptRebuilt(boardId, encodeIntegratedState(room.doc), damage);
      room.clearDamage();
      this.log.warn({ boardId, rebuiltFrom: damage.basis, damagedRows: damage.rows.length }, 'accepted the rebuilt board; it is writable again');
      return damage;
    });
  }

  private release(room: Room): void {
    this.peerLinks.get(room)?.detach();
    this.peerLinks.delete(room);
    room.destroy();
  }

  private scheduleUnload(room: Room): void {
    this.cancelUnload(room.boardId);
    const timer = setTimeout(() => void this.unloadIfIdle(room), this.options.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(room.boardId, timer);
  }

  private cancelUnload(boardId: string): void {
    const timer = this.unloadTimers.get(boardId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(boardId);
  }

  private async unloadIfIdle(room: Room): Promise<void> {
    this.unloadTimers.delete(room.boardId);
    if (room.connectionCount > 0 || this.holds.has(room.boardId) || this.rooms.get(room.boardId) !== room) return;
    if (!room.isFlushed) {
      // Unsaved edits keep the board in memory until storage accepts them.
      this.scheduleUnload(room);
      return;
    }
    await room.compact();
    if (room.connectionCount > 0 || this.holds.has(room.boardId) || !room.isFlushed) {
      if (room.connectionCount === 0 && !this.holds.has(room.boardId)) this.scheduleUnload(room);
      return;
    }
    this.rooms.delete(room.boardId);
    this.release(room);
    this.log.debug({ boardId: room.boardId }, 'unloaded idle board');
  }
}
