import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../server/src/webhooks/signature.ts';

export interface Received {
  event: string;
  delivery: string;
  signature: string;
  body: string;
  verified: boolean;
}

/** A webhook receiver on loopback: answers with the next planned status (then 200), records every request. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  planned: number[] = [];
  private readonly server: Server;
  private readonly secret: string;

  constructor(secret: string) {
    this.secret = secret;
    this.server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const signature = String(request.headers['journeyboard-signature'] ?? '');
        this.received.push({
          event: String(request.headers['journeyboard-event'] ?? ''),
          delivery: String(request.headers['journeyboard-delivery'] ?? ''),
          signature,
          body,
          verified: verifySignature(this.secret, signature, body, Math.floor(Date.now() / 1000)),
        });
        response.statusCode = this.planned.shift() ?? 200;
        response.end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
