import type { Logger } from 'pino';
import type { BoardFanout, FanoutMessage } from '../pubsub/fanout.ts';
import type { DocLog } from '../storage/types.ts';

/** What a room needs to reach the other instances holding its board. */
export interface RoomPeers {
  publish(message: FanoutMessage): void;
}

/** What the peers need from a room. */
export interface PeerRoom {
  readonly boardId: string;
  /** Applies updates other instances persisted (live or read back from storage). */
  applyRemoteUpdates(updates: readonly Uint8Array[]): void;
  applyRemoteAwareness(update: Uint8Array): void;
  /** Presence of this instance's own participants, or undefined when it has none. */
  localAwareness(): Uint8Array | undefined;
}

export interface BoardPeersOptions {
  /** How often every loaded board reads what other instances appended that it has not seen. */
  catchUpIntervalMs: number;
}

/**
 * Links the boards this instance holds to the same boards on other instances: live
 * messages through the fan-out, and catch-up from the shared log, periodically and
 * whenever the fan-out says messages may have been lost. Live delivery is only a
 * shortcut; the log is what guarantees every instance ends up with every update.
 */
export class BoardPeers {
  private readonly links = new Map<string, PeerLink>();
  private readonly fanout: BoardFanout;
  private readonly docLog: DocLog | undefined;
  private readonly log: Logger;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly stopResync: () => void;

  constructor(fanout: BoardFanout, docLog: DocLog | undefined, log: Logger, options: BoardPeersOptions) {
    this.fanout = fanout;
    this.docLog = docLog;
    this.log = log;
    this.stopResync = fanout.onResync(() => {
      this.catchUpAll();
      for (const link of this.links.values()) link.announcePresence();
    });
    if (docLog) {
      this.timer = setInterval(() => this.catchUpAll(), options.catchUpIntervalMs);
      this.timer.unref();
    }
  }

  /**
   * Subscribes before the board is read from storage, so nothing published after the
   * read is missed; messages arriving before `bind` wait for the room.
   */
  async attach(boardId: string): Promise<PeerLink> {
    const link: PeerLink = new PeerLink(boardId, this.fanout, this.docLog, this.log, () => {
      if (this.links.get(boardId) === link) this.links.delete(boardId);
    });
    link.unsubscribe = await this.fanout.subscribe(boardId, (message) => link.receive(message));
    this.links.set(boardId, link);
    return link;
  }

  catchUpAll(): void {
    for (const link of this.links.values()) void link.catchUp();
  }

  /** Stops catching up; the fan-out itself belongs to the caller. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.stopResync();
    for (const link of [...this.links.values()]) link.detach();
  }
}

export class PeerLink implements RoomPeers {
  unsubscribe: () => void = () => undefined;
  private room: PeerRoom | undefined;
  private buffered: FanoutMessage[] = [];
  private position = 0;
  private catchingUp: Promise<void> | undefined;
  private readonly boardId: string;
  private readonly fanout: BoardFanout;
  private readonly docLog: DocLog | undefined;
  private readonly log: Logger;
  private readonly onDetach: () => void;

  constructor(boardId: string, fanout: BoardFanout, docLog: DocLog | undefined, log: Logger, onDetach: () => void) {
    this.boardId = boardId;
    this.fanout = fanout;
    this.docLog = docLog;
    this.log = log;
    this.onDetach = onDetach;
  }

  /** The room is loaded from the log up to `position`; it now takes the messages. */
  bind(room: PeerRoom, position: number): void {
    this.room = room;
    this.position = position;
    const buffered = this.buffered;
    this.buffered = [];
    for (const message of buffered) this.deliver(room, message);
    this.announcePresence();
  }

  /** Tells peers who is here and asks who is there (on joining, and after messages were lost). */
  announcePresence(): void {
    const presence = this.room?.localAwareness();
    if (presence) this.fanout.publish(this.boardId, { kind: 'awareness', payload: presence });
    this.fanout.publish(this.boardId, { kind: 'awareness-query' });
  }

  publish(message: FanoutMessage): void {
    this.fanout.publish(this.boardId, message);
  }

  receive(message: FanoutMessage): void {
    if (this.room) this.deliver(this.room, message);
    else this.buffered.push(message);
  }

  /** Reads what other instances appended since the last position seen; one read at a time. */
  catchUp(): Promise<void> {
    if (!this.docLog || !this.room) return Promise.resolve();
    this.catchingUp ??= this.readTail(this.docLog, this.room).finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  detach(): void {
    this.room = undefined;
    this.buffered = [];
    this.unsubscribe();
    this.onDetach();
  }

  private async readTail(docLog: DocLog, room: PeerRoom): Promise<void> {
    try {
      const tail = await docLog.readSince(this.boardId, this.position);
      if (this.room !== room) return;
      if (tail.updates.length > 0) room.applyRemoteUpdates(tail.updates);
      this.position = tail.position;
    } catch (error) {
      this.log.warn({ err: error, boardId: this.boardId }, 'catching up from storage failed; will retry');
    }
  }

  private deliver(room: PeerRoom, message: FanoutMessage): void {
    switch (message.kind) {
      case 'update':
        room.applyRemoteUpdates([message.payload]);
        break;
      case 'awareness':
        room.applyRemoteAwareness(message.payload);
        break;
      case 'awareness-query': {
        const presence = room.localAwareness();
        if (presence) this.fanout.publish(this.boardId, { kind: 'awareness', payload: presence });
        break;
      }
    }
  }
}
