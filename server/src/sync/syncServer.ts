import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  BoardIdSchema,
  CloseCode,
  EXTENSIONS_QUERY_PARAM,
  isProfileKey,
  PROFILE_KEY_QUERY_PARAM,
  profileRecordIdFromKey,
  SYNC_PATH_PREFIX,
  TOKEN_QUERY_PARAM,
} from '../../../shared/src/index.ts';
import type { AccessControl } from '../auth/accessControl.ts';
import type { Room } from '../rooms/room.ts';
import { LimitExceeded } from '../rooms/room.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { isOriginAllowed, type SyncLimits } from './limits.ts';
import { decodeClientMessage, ProtocolError } from './protocol.ts';
import { WsConnection } from './wsConnection.ts';

export interface SyncObserver {
  onRejected(reason: string): void;
  onUpdateIn(): void;
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function refuseUpgrade(socket: Duplex, status: string, message: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
}

/**
 * Accepts WebSocket upgrades on /sync/<boardId> and connects each socket to its
 * board's room. Frames that arrive while the board loads wait in order, so no
 * sync reply is ever computed from a half-loaded document.
 */
export class SyncServer {
  private readonly wss: WebSocketServer;
  private readonly rooms: RoomManager;
  private readonly catalog: BoardCatalog;
  private readonly log: Logger;
  private readonly limits: SyncLimits;
  private readonly observer: SyncObserver;
  private readonly sockets = new Set<WebSocket>();
  private readonly connectionsPerBoard = new Map<string, number>();
  private readonly connectionsByLink = new Map<string, Set<WsConnection>>();
  private readonly access: AccessControl;
  private accepting = true;

  constructor(rooms: RoomManager, catalog: BoardCatalog, access: AccessControl, log: Logger, limits: SyncLimits, observer: SyncObserver) {
    this.access = access;
    // A revoked or expired link stops working at once, also on connections already open.
    access.onLinkEnded((linkId, refusal) => {
      for (const connection of this.connectionsByLink.get(linkId) ?? []) connection.close(refusal.closeCode, refusal.reason);
    });
    this.rooms = rooms;
    this.catalog = catalog;
    this.log = log;
    this.limits = limits;
    this.observer = observer;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Returns false when the request is not for the sync endpoint. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${SYNC_PATH_PREFIX}/`)) return false;
    if (!this.accepting) {
      refuseUpgrade(socket, '503 Service Unavailable', 'server is shutting down');
      return true;
    }
    if (!isOriginAllowed(request.headers.origin, request.headers.host, this.limits.allowedOrigins)) {
      this.observer.onRejected('origin');
      refuseUpgrade(socket, '403 Forbidden', `origin ${request.headers.origin ?? ''} is not allowed`);
      return true;
    }
    let rawBoardId: string;
    try {
      rawBoardId = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length + 1));
    } catch {
      rawBoardId = '';
    }
    const wantsExtensions = url.searchParams.get(EXTENSIONS_QUERY_PARAM) === '1';
    const profileKey = url.searchParams.get(PROFILE_KEY_QUERY_PARAM);
    const profileRecordId = isProfileKey(profileKey) ? profileRecordIdFromKey(profileKey) : undefined;
    const token = url.searchParams.get(TOKEN_QUERY_PARAM) ?? undefined;
    // Access is checked after the upgrade so that the client gets a close code and a reason.
    const board = BoardIdSchema.safeParse(rawBoardId);
    const accessPromise = board.success ? this.access.resolve(board.data, token) : undefined;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      void this.accept(ws, rawBoardId, { wantsExtensions, profileRecordId }, accessPromise);
    });
    return true;
  }

  /** Stops accepting new sockets; existing ones stay until closeAll. */
  stopAccepting(): void {
    this.accepting = false;
  }

  closeAll(code: number, reason: string): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  /** Waits (bounded) until every socket has finished closing, then terminates stragglers. */
  async waitForSocketsClosed(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sockets.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
  }

  private async accept(
    ws: WebSocket,
    rawBoardId: string,
    { wantsExtensions, profileRecordId }: { wantsExtensions: boolean; profileRecordId: string | undefined },
    accessPromise: ReturnType<AccessControl['resolve']> | undefined,
  ): Promise<void> {
    // Keep every frame that arrives while access is checked; ws drops frames nobody listens to.
    const early: { data: RawData; isBinary: boolean }[] = [];
    const collectEarly = (data: RawData, isBinary: boolean): void => {
      early.push({ data, isBinary });
    };
    ws.on('message', collectEarly);
    const access = accessPromise ? await accessPromise.catch(() => undefined) : undefined;
    ws.off('message', collectEarly);
    if (ws.readyState !== ws.OPEN) return;
    const connection = new WsConnection(ws, {
      wantsExtensions,
      role: access?.ok ? access.role : 'viewer',
      profileRecordId,
      limits: this.limits,
      onRefused: (reason) => this.observer.onRejected(reason),
    });
    const log = this.log.child({ connectionId: connection.id, boardId: rawBoardId });
    const waiting: { data: RawData; isBinary: boolean }[] = early;
    let room: Room | undefined;
    let closed = false;
    // Set once the connection counts towards its board's connection limit.
    const counted: { boardId?: string } = {};

    const refuse = (code: number, reason: string): void => {
      this.observer.onRejected(reason);
      log.info({ code, reason }, 'closing connection');
      connection.close(code, reason);
    };

    const handleFrame = (data: RawData, isBinary: boolean): void => {
      if (connection.closing) return;
      if (!room) {
        waiting.push({ data, isBinary });
        return;
      }
      if (!isBinary) {
        refuse(CloseCode.MalformedMessage, 'malformed message: text frames are not part of the sync protocol');
        return;
      }
      const frame = toUint8Array(data);
      const refusal = connection.admitFrame(frame.byteLength);
      if (refusal) {
        refuse(refusal.code, refusal.reason);
        return;
      }
      try {
        const message = decodeClientMessage(frame);
        const verdict = connection.admitMessage(message);
        if (verdict === 'drop') {
          this.observer.onRejected('awareness rate');
          return;
        }
        if (verdict) {
          refuse(verdict.code, verdict.reason);
          return;
        }
        if (message.kind === 'update') this.observer.onUpdateIn();
        room.receive(connection, message);
      } catch (error) {
        if (error instanceof LimitExceeded) {
          refuse(error.code, error.message);
          return;
        }
        const reason = error instanceof ProtocolError ? error.message : 'message could not be applied';
        log.warn({ err: error }, 'closing connection after malformed message');
        refuse(CloseCode.MalformedMessage, `malformed message: ${reason}`);
      }
    };
    ws.on('message', handleFrame);
    ws.on('error', (error) => log.debug({ err: error }, 'socket error'));
    ws.on('close', () => {
      closed = true;
      if (counted.boardId) {
        const remaining = (this.connectionsPerBoard.get(counted.boardId) ?? 1) - 1;
        if (remaining > 0) this.connectionsPerBoard.set(counted.boardId, remaining);
        else this.connectionsPerBoard.delete(counted.boardId);
      }
      if (room) this.rooms.leave(room, connection);
    });

    const parsedId = BoardIdSchema.safeParse(rawBoardId);
    if (!parsedId.success) {
      refuse(CloseCode.InvalidBoardId, `invalid board id: ${parsedId.error.issues[0]?.message ?? 'bad format'}`);
      return;
    }
    const boardId = parsedId.data;
    if (!access) {
      connection.close(CloseCode.InternalError, 'access could not be checked; try again');
      return;
    }
    if (!access.ok) {
      refuse(access.closeCode, access.reason);
      return;
    }
    if (access.linkId) {
      const linkId = access.linkId;
      const set = this.connectionsByLink.get(linkId) ?? new Set();
      set.add(connection);
      this.connectionsByLink.set(linkId, set);
      ws.once('close', () => {
        set.delete(connection);
        if (set.size === 0) this.connectionsByLink.delete(linkId);
      });
    }
    const current = this.connectionsPerBoard.get(boardId) ?? 0;
    if (current >= this.limits.maxConnectionsPerBoard) {
      refuse(CloseCode.BoardFull, `board is full: at most ${this.limits.maxConnectionsPerBoard} connections`);
      return;
    }
    this.connectionsPerBoard.set(boardId, current + 1);
    counted.boardId = boardId;
    try {
      const board = await this.catalog.getBoard(boardId);
      if (!board) {
        refuse(CloseCode.UnknownBoard, `unknown board ${boardId}`);
        return;
      }
      if (closed) return;
      const joined = await this.rooms.join(board.id, connection);
      if (closed) {
        this.rooms.leave(joined, connection);
        return;
      }
      room = joined;
    } catch (error) {
      log.error({ err: error }, 'could not open board');
      connection.close(CloseCode.InternalError, 'board could not be loaded; try again');
      return;
    }
    for (const frame of waiting.splice(0)) handleFrame(frame.data, frame.isBinary);
  }
}
