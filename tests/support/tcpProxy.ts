/**
 * A TCP proxy in front of the server, so an e2e test can cut one browser's network for real:
 * `cut()` drops every open connection (WebSockets included) and refuses new ones until `restore()`.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** http://127.0.0.1:<proxy port> */
  url: string;
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const openSockets = new Set<Socket>();
  let isCut = false;

  function track(socket: Socket): void {
    openSockets.add(socket);
    socket.once('close', () => openSockets.delete(socket));
  }

  const server = createServer((client) => {
    if (isCut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ port: targetPort, host: targetHost });
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // Either side failing ends the pair, like a network path that went away.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    cut() {
      isCut = true;
      for (const socket of openSockets) socket.resetAndDestroy();
      openSockets.clear();
    },
    restore() {
      isCut = false;
    },
    close() {
      for (const socket of openSockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
