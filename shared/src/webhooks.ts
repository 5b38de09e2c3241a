/** Webhooks per board: the API's request and response schemas (server routes and client share them). */
import { z } from 'zod';

export const WEBHOOK_EVENTS = ['journey.changed', 'comment.created', 'vote.results', 'workshop.ended'] as const;
export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;
/** Sent by "Send test"; receivers should answer it like any other event. */
export const PING_EVENT = 'ping';

export const CreateWebhookRequestSchema = z.object({
  url: z.string().trim().min(1).max(2000),
  secret: z.string().min(16, 'the secret must be at least 16 characters').max(200),
  events: z.array(WebhookEventSchema).min(1).default([...WEBHOOK_EVENTS]),
});
export type CreateWebhookRequest = z.input<typeof CreateWebhookRequestSchema>;

export const WebhookSchema = z.object({
  id: z.string(),
  boardId: z.string(),
  url: z.string(),
  events: z.array(WebhookEventSchema),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const WebhookListSchema = z.object({
  /** False when the server's allow-list is empty: no webhook can be saved. */
  enabled: z.boolean(),
  webhooks: z.array(WebhookSchema),
});
export type WebhookList = z.infer<typeof WebhookListSchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const WebhookDeliverySchema = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  /** HTTP status of the last attempt; null when it got no answer. */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  nextAttemptAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export const WebhookDeliveryListSchema = z.object({ deliveries: z.array(WebhookDeliverySchema) });
