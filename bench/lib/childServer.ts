/** What the benchmarks' comparison servers share: listen, say where (the parent reads it), stop on a signal. */
import type { Server } from 'node:http';
import type { WebSocketServer } from 'ws';

export function listenAndAnnounce(server: Server, wss: WebSocketServer, label: string): void {
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 0);
  server.listen(port, host, () => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    process.stdout.write(`${label} listening on http://${host}:${actualPort}\n`);
  });
  const shutdown = (): void => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
