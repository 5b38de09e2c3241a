import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ClientConfigSchema, type ClientConfig } from '../../../shared/src/index.ts';

export function registerSystemRoutes(app: FastifyInstance, clientConfig: ClientConfig): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/healthz', () => ({ status: 'ok' }));
  // The tldraw licence key is served at runtime, so one build works for every operator.
  routes.get('/api/config', {
    schema: { response: { 200: ClientConfigSchema } },
    handler: async (_request, reply) => {
      await reply.header('cache-control', 'no-store').send(clientConfig);
    },
  });
}
