import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  BoardIdSchema,
  CloseCode,
  EXTENSIONS_QUERY_PARAM,
  SYNC_PATH_PREFIX,
  truncateCloseReason,
} from '../../../shared/src/index.ts';
import type { RoomConnection } from '../rooms/connection.ts';
import type { Room } from '../rooms/room.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { decodeClientMessage, ProtocolError } from './protocol.ts';

export interface SyncServerOptions {
  maxMessageBytes: number;
}

let connectionCounter = 0;

class WsConnection implements RoomConnection {
  readonly id = `c${(connectionCounter += 1).toString(36)}`;

  private readonly socket: WebSocket;
  readonly wantsExtensions: boolean;
  /** Everyone edits until share links with roles exist. */
  readonly role = 'editor' as const;

  constructor(socket: WebSocket, wantsExtensions: boolean) {
    this.socket = socket;
    this.wantsExtensions = wantsExtensions;
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(message);
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, truncateCloseReason(reason));
    }
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
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
  private readonly sockets = new Set<WebSocket>();
  private accepting = true;

  constructor(rooms: RoomManager, catalog: BoardCatalog, log: Logger, options: SyncServerOptions) {
    this.rooms = rooms;
    this.catalog = catalog;
    this.log = log;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Returns false when the request is not for the sync endpoint. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${SYNC_PATH_PREFIX}/`)) return false;
    if (!this.accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return true;
    }
    const rawBoardId = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length + 1));
    const wantsExtensions = url.searchParams.get(EXTENSIONS_QUERY_PARAM) === '1';
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      void this.accept(ws, rawBoardId, wantsExtensions);
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

  private async accept(ws: WebSocket, rawBoardId: string, wantsExtensions: boolean): Promise<void> {
    const connection = new WsConnection(ws, wantsExtensions);
    const log = this.log.child({ connectionId: connection.id, boardId: rawBoardId });
    const waiting: { data: RawData; isBinary: boolean }[] = [];
    let room: Room | undefined;
    let closed = false;

    const handleFrame = (data: RawData, isBinary: boolean): void => {
      if (!room) {
        waiting.push({ data, isBinary });
        return;
      }
      if (!isBinary) {
        connection.close(CloseCode.MalformedMessage, 'text frames are not part of the sync protocol');
        return;
      }
      try {
        room.receive(connection, decodeClientMessage(toUint8Array(data)));
      } catch (error) {
        const reason = error instanceof ProtocolError ? error.message : 'message could not be applied';
        log.warn({ err: error }, 'closing connection after malformed message');
        connection.close(CloseCode.MalformedMessage, `malformed message: ${reason}`);
      }
    };
    ws.on('message', handleFrame);
    ws.on('error', (error) => log.debug({ err: error }, 'socket error'));
    ws.on('close', () => {
      closed = true;
      if (room) this.rooms.leave(room, connection);
    });

    const parsedId = BoardIdSchema.safeParse(rawBoardId);
    if (!parsedId.success) {
      connection.close(CloseCode.InvalidBoardId, `invalid board id: ${parsedId.error.issues[0]?.message ?? 'bad format'}`);
      return;
    }
    try {
      const board = await this.catalog.getBoard(parsedId.data);
      if (!board) {
        connection.close(CloseCode.UnknownBoard, `unknown board ${parsedId.data}`);
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
