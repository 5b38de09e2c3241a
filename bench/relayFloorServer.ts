/**
 * The least any sync server does per update, for `npm run bench -- fanoutcpu`: it reads each frame
 * and writes it to the room's other sockets, on the same `ws` as the servers it is compared with.
 * No Yjs, no storage, no checks, no echo to the sender: a lower bound of the CPU per relayed update,
 * not a server anyone could use (it answers every sync request with an empty board). Started as a
 * child process: `node bench/relayFloorServer.ts` with PORT (0 = any free port); prints
 * `relay floor listening on http://127.0.0.1:<port>`. Rooms are ws://host:port/<room>.
 */
import { createServer } from 'node:http';
import { listenAndAnnounce } from './lib/childServer.ts';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/** [sync, step 2, 2 bytes: an empty update (no structs, no deletions)]. */
const EMPTY_SYNC_STEP2 = new Uint8Array([0, 1, 2, 0, 0]);
const SYNC_STEP1 = 0;

const rooms = new Map<string, Set<WebSocket>>();

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (conn) => {
    const name = request.url ?? '/';
    const room = rooms.get(name) ?? new Set<WebSocket>();
    rooms.set(name, room);
    room.add(conn);
    conn.on('close', () => room.delete(conn));
    conn.on('message', (data: RawData) => {
      const frame = data as Buffer;
      if (frame[0] === 0 && frame[1] === SYNC_STEP1) {
        conn.send(EMPTY_SYNC_STEP2);
        return;
      }
      for (const other of room) if (other !== conn) other.send(frame);
    });
  });
});

listenAndAnnounce(server, wss, 'relay floor');
