/**
 * Routes whose body is raw bytes (image uploads, board pictures): every Content-Type arrives as a
 * Buffer and is sniffed by the route, and a body over the route's limit gets a 413 that says why.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;
}

/** Beyond this, an oversized upload is cut off instead of read to its end. */
const DRAIN_CAP_BYTES = 64 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Reads and drops the rest of a refused upload. Answering while the client is still
 * sending makes Node close the connection under it, and the client then sees a reset
 * instead of the 413 and its reason.
 */
function drainRequest(stream: NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean; destroy(): void }): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      stream.destroy();
      finish();
    }, DRAIN_TIMEOUT_MS);
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_CAP_BYTES) {
        stream.destroy();
        finish();
      }
    });
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
    stream.resume();
  });
}

/** Makes `scope` take every body as bytes; `tooLarge` is the 413's message. Call inside the scope's register. */
export function acceptBytesOnly(scope: FastifyInstance, tooLarge: string): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, parsed) => parsed(null, body));
  scope.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      await drainRequest(request.raw);
      return reply.status(413).send(errorBody('payload_too_large', tooLarge));
    }
    throw error; // everything else is answered by the app's error handler
  });
}
