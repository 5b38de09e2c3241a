/**
 * The y-websocket protocol's plain reference server (y-websocket 1.5.4's bin/utils.js,
 * installed as the devDependency alias `y-websocket-reference`), without persistence:
 * what `npx y-websocket` ran, on the same `ws` as our server. Started as a child process
 * by the benchmarks: `node bench/referenceServer.ts` with PORT (0 = any free port);
 * prints `reference server listening on http://127.0.0.1:<port>`. Rooms are ws://host:port/<room>.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { listenAndAnnounce } from './lib/childServer.ts';
import { WebSocketServer, type WebSocket } from 'ws';

interface ReferenceUtils {
  setupWSConnection(this: void, conn: WebSocket, request: IncomingMessage, options?: { docName?: string; gc?: boolean }): void;
}

if (process.env.YPERSISTENCE !== undefined) {
  // utils.js would load y-leveldb at require time; the comparison is against the plain server.
  delete process.env.YPERSISTENCE;
}
const require = createRequire(import.meta.url);
const { setupWSConnection } = require('y-websocket-reference/bin/utils') as ReferenceUtils;


const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (conn: WebSocket, request: IncomingMessage) => setupWSConnection(conn, request));
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (conn) => wss.emit('connection', conn, request));
});

listenAndAnnounce(server, wss, 'reference server');
