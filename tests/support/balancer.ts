/**
 * A sticky-free TCP load balancer on loopback, standing in for the reverse proxy of a
 * scale-out deployment: each new connection goes to the next backend in turn, skipping
 * backends that refuse it (a killed instance), so reconnecting clients land elsewhere.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface Balancer {
  url: string;
  wsUrl: string;
  /** Backend index the next connection tries first. */
  next: number;
  close(): Promise<void>;
}

export async function startBalancer(backendPorts: readonly number[]): Promise<Balancer> {
  const sockets = new Set<Socket>();
  const state = { next: 0 };

  const connectUpstream = (client: Socket, attempt: number): void => {
    if (attempt >= backendPorts.length) {
      client.destroy();
      return;
    }
    const index = state.next % backendPorts.length;
    state.next += 1;
    const upstream = createConnection({ port: backendPorts[index] ?? 0, host: '127.0.0.1' });
    let connected = false;
    upstream.once('error', () => {
      if (!connected) connectUpstream(client, attempt + 1);
    });
    upstream.once('connect', () => {
      connected = true;
      sockets.add(upstream);
      upstream.once('close', () => sockets.delete(upstream));
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    connectUpstream(client, 0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('balancer has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    get next() {
      return state.next;
    },
    set next(value: number) {
      state.next = value;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
