import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

const API_PREFIXES = ['/api/', '/sync/', '/healthz', '/readyz', '/metrics'];

/**
 * Serves the built client. Hashed files under /assets never change, so browsers
 * may keep them forever; index.html must always be revalidated. Unknown non-API
 * paths get index.html so client routes like /b/<id> survive a reload.
 */
export async function registerClientAssets(app: FastifyInstance, clientDir: string): Promise<void> {
  const hasBuild = existsSync(join(clientDir, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: clientDir,
      wildcard: false,
      index: false,
      setHeaders: (res, path) => {
        void res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (request.method === 'GET' && !isApi) {
      if (!hasBuild) {
        return reply
          .status(503)
          .type('text/plain')
          .send(`The web client is not built. Run "npm run build" (or "npm start", which builds first).`);
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send(errorBody('not_found', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`));
  });
}
