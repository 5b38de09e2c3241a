import type { Logger } from 'pino';
import type { DocStore } from '../storage/types.ts';
import type { WriteBatcher } from '../storage/writeBatcher.ts';
import type { BoardPeers, PeerLink } from './boardPeers.ts';
import type { RoomConnection } from './connection.ts';
import { Room, type RoomObserver, type RoomOptions } from './room.ts';

export interface RoomManagerOptions extends RoomOptions {
  /** How long a board with no participants stays in memory before it is unloaded. */
  idleUnloadMs: number;
}

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

  private readonly store: DocStore;
  private readonly writer: WriteBatcher;
  private readonly log: Logger;
  private readonly options: RoomManagerOptions;
  private readonly observer: RoomObserver | undefined;
  /** Other instances holding the same boards (scale-out); none when running alone. */
  private readonly peers: BoardPeers | undefined;
  private readonly peerLinks = new Map<Room, PeerLink>();

  constructor(
    store: DocStore,
    writer: WriteBatcher,
    log: Logger,
    options: RoomManagerOptions,
    observer?: RoomObserver,
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
    let stored;
    try {
      stored = await this.store.load(boardId);
    } catch (error) {
      link?.detach();
      throw error;
    }
    const room = new Room(boardId, this.writer, this.store, this.log, this.options, this.observer, link);
    room.load(stored.updates, stored.updatesSinceSnapshot, stored.verified, stored.corrupt);
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
