import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiErrorSchema,
  CreateWebhookRequestSchema,
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookListSchema,
  WebhookSchema,
} from '../../../shared/src/index.ts';
import { existingBoard } from '../http/boardRoutes.ts';
import { noBody } from '../http/documentedBodies.ts';
import type { Authorize } from '../http/featureSetup.ts';
import { HttpError } from '../http/errors.ts';
import type { BoardCatalog } from '../storage/types.ts';
import { newId, type WebhookDispatcher } from './webhookDispatcher.ts';
import type { TargetPolicy } from './targetPolicy.ts';
import type { StoredDelivery, StoredWebhook, WebhookStore } from './webhookStore.ts';

export interface WebhookRouteDeps {
  catalog: BoardCatalog;
  store: WebhookStore;
  policy: TargetPolicy;
  dispatcher: WebhookDispatcher;
  authorize: Authorize;
}

const present = ({ secret: _secret, ...webhook }: StoredWebhook) => webhook;
const presentDelivery = ({ body: _body, boardId: _boardId, ...delivery }: StoredDelivery) => delivery;

/** Webhooks of a board: only its facilitator lists, adds, tests and removes them, and reads the log. */
export function registerWebhookRoutes(app: FastifyInstance, deps: WebhookRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.string() });
  const board = async (request: FastifyRequest, raw: string) => {
    const found = await existingBoard(deps.catalog, raw);
    await deps.authorize(request, found.id, 'facilitator');
    return found;
  };

  routes.get('/api/boards/:id/webhooks', {
    schema: { summary: 'The board’s webhooks, and whether this server allows any (facilitator role)', params, response: { 200: WebhookListSchema, '4xx': ApiErrorSchema } },
    handler: async (request) => {
      const { id } = await board(request, request.params.id);
      return { enabled: deps.policy.enabled, webhooks: (await deps.store.list(id)).map(present) };
    },
  });

  routes.post('/api/boards/:id/webhooks', {
    schema: {
      summary: 'Add a webhook; its target must be allowed by WEBHOOK_ALLOWED_HOSTS (facilitator role)',
      params,
      body: CreateWebhookRequestSchema,
      response: { 201: WebhookSchema, '4xx': ApiErrorSchema },
    },
    handler: async (request, reply) => {
      const { id } = await board(request, request.params.id);
      const target = await deps.policy.resolve(request.body.url);
      if (!target.ok) throw new HttpError(403, 'forbidden', target.reason);
      const webhook: StoredWebhook = {
        id: newId(),
        boardId: id,
        url: target.url.toString(),
        secret: request.body.secret,
        events: request.body.events,
        createdAt: new Date().toISOString(),
      };
      await deps.store.create(webhook);
      return reply.status(201).send(present(webhook));
    },
  });

  routes.delete('/api/boards/:id/webhooks/:webhookId', {
    schema: { summary: 'Remove a webhook and its delivery log (facilitator role)', params: params.extend({ webhookId: z.string() }), response: { 204: noBody('removed'), '4xx': ApiErrorSchema } },
    handler: async (request, reply) => {
      const { id } = await board(request, request.params.id);
      if (!(await deps.store.delete(id, request.params.webhookId))) throw new HttpError(404, 'not_found', 'no such webhook on this board');
      return reply.status(204).send();
    },
  });

  routes.post('/api/boards/:id/webhooks/:webhookId/test', {
    schema: { summary: 'Send a ping event to the webhook (facilitator role)', params: params.extend({ webhookId: z.string() }), response: { 202: WebhookDeliverySchema, '4xx': ApiErrorSchema } },
    handler: async (request, reply) => {
      const { id } = await board(request, request.params.id);
      const webhook = await deps.store.get(request.params.webhookId);
      if (webhook?.boardId !== id) throw new HttpError(404, 'not_found', 'no such webhook on this board');
      const [delivery] = await deps.dispatcher.emit(id, 'ping', { message: 'Journeyboard webhook test' }, webhook);
      if (!delivery) throw new HttpError(403, 'forbidden', 'webhooks are disabled on this server (WEBHOOK_ALLOWED_HOSTS is empty)');
      return reply.status(202).send(presentDelivery(delivery));
    },
  });

  routes.get('/api/boards/:id/webhooks/deliveries', {
    schema: {
      summary: 'The delivery log of the board’s webhooks, newest first (facilitator role)',
      params,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), token: z.string().optional() }),
      response: { 200: WebhookDeliveryListSchema, '4xx': ApiErrorSchema },
    },
    handler: async (request) => {
      const { id } = await board(request, request.params.id);
      return { deliveries: (await deps.store.deliveries(id, request.query.limit)).map(presentDelivery) };
    },
  });
}
