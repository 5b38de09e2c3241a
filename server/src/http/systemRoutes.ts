import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ClientConfigSchema, type ClientConfig } from '../../../shared/src/index.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Storage } from '../storage/types.ts';

export function registerSystemRoutes(
  app: FastifyInstance,
  clientConfig: ClientConfig,
  { storage, metrics }: { storage: Pick<Storage, 'ping'>; metrics: Metrics },
): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // Liveness: the process answers. Readiness: it can also reach its storage.
  routes.get('/healthz', () => ({ status: 'ok' }));
  routes.get('/readyz', async (_request, reply) => {
    const storageReachable = await storage.ping().catch(() => false);
    await reply.status(storageReachable ? 200 : 503).send({ status: storageReachable ? 'ready' : 'storage unreachable' });
  });
  routes.get('/metrics', async (_request, reply) => {
    await reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // The tldraw licence key is served at runtime, so one build works for every operator.
  routes.get('/api/config', {
    schema: { response: { 200: ClientConfigSchema } },
    handler: async (_request, reply) => {
      await reply.header('cache-control', 'no-store').send(clientConfig);
    },
  });
}
