import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ClientConfigSchema, type ClientConfig } from '../../../shared/src/index.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Storage } from '../storage/types.ts';
import type { WriteBatcher } from '../storage/writeBatcher.ts';

export function registerSystemRoutes(
  app: FastifyInstance,
  clientConfig: ClientConfig,
  { storage, writer, metrics }: { storage: Pick<Storage, 'ping'>; writer: Pick<WriteBatcher, 'failing'>; metrics: Metrics },
): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // Liveness: the process answers. Readiness: it can also reach its storage, and the storage takes
  // writes; while a full disk or a read-only database refuses them, edits live only in this
  // process's memory, and a load balancer should send nobody new here.
  const status = z.object({ status: z.string() });
  routes.get('/healthz', { schema: { summary: 'Liveness: the process answers', response: { 200: status } } }, () => ({ status: 'ok' }));
  const readiness = { summary: 'Readiness: the storage is reachable and takes writes', response: { 200: status, 503: status } };
  routes.get('/readyz', { schema: readiness }, async (_request, reply) => {
    const storageReachable = await storage.ping().catch(() => false);
    const notReady = !storageReachable ? 'storage unreachable' : writer.failing ? 'storage refuses writes' : null;
    await reply.status(notReady ? 503 : 200).send({ status: notReady ?? 'ready' });
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
