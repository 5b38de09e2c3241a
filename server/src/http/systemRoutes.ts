import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
  const status = z.object({ status: z.string() });
  routes.get('/healthz', { schema: { summary: 'Liveness: the process answers', response: { 200: status } } }, () => ({ status: 'ok' }));
  routes.get('/readyz', { schema: { summary: 'Readiness: the storage is reachable', response: { 200: status, 503: status } } }, async (_request, reply) => {
    const storageReachable = await storage.ping().catch(() => false);
    await reply.status(storageReachable ? 200 : 503).send({ status: storageReachable ? 'ready' : 'storage unreachable' });
  });
  const metricsText = { description: 'Prometheus metrics', content: { 'text/plain': { schema: z.string() } } };
  routes.get('/metrics', { schema: { summary: 'Prometheus metrics', response: { 200: metricsText } } }, async (_request, reply) => {
    await reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // The tldraw licence key is served at runtime, so one build works for every operator.
  routes.get('/api/config', {
    schema: { summary: 'Configuration for the web client', response: { 200: ClientConfigSchema } },
    handler: async (_request, reply) => {
      await reply.header('cache-control', 'no-store').send(clientConfig);
    },
  });
}
