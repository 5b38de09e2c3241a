import type { z } from 'zod';
import {
  ImportResultSchema,
  InputRejectedSchema,
  PostMetricsResponseSchema,
  WebhookDeliveryListSchema,
  WebhookListSchema,
  WebhookSchema,
  WebhookDeliverySchema,
  type CreateWebhookRequest,
  type InputProblem,
  type Webhook,
  type WebhookDelivery,
  type WebhookList,
} from '../../../shared/src/index.ts';
import { ApiRequestError, requestJson } from '../api/apiClient.ts';
import { authHeaders } from '../share/boardTokens.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

export type UploadOutcome<T> = { ok: true; result: T } | { ok: false; message: string; problems: InputProblem[] };

/** Sends a table file as it is; a refusal comes back with every problem the server found. */
async function uploadTable<T>(boardId: string, path: string, file: File, schema: z.ZodType<T>): Promise<UploadOutcome<T>> {
  const type = file.name.toLowerCase().endsWith('.xlsx') ? XLSX_TYPE : 'text/csv';
  const response = await fetch(path, { method: 'POST', headers: { ...authHeaders(boardId), 'Content-Type': type, Accept: 'application/json' }, body: file });
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, result: schema.parse(body) };
  const rejected = InputRejectedSchema.safeParse(body);
  if (rejected.success) return { ok: false, message: rejected.data.error.message, problems: rejected.data.problems };
  const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `${response.status} ${response.statusText}`;
  throw new ApiRequestError(response.status, null, message);
}

export function importTable(boardId: string, file: File, title: string) {
  const query = title.trim() ? `?title=${encodeURIComponent(title.trim())}` : '';
  return uploadTable(boardId, `${boardPath(boardId)}/import${query}`, file, ImportResultSchema);
}

export function uploadMetricTable(boardId: string, file: File) {
  return uploadTable(boardId, `${boardPath(boardId)}/metrics`, file, PostMetricsResponseSchema);
}

export function listWebhooks(boardId: string): Promise<WebhookList> {
  return requestJson(`${boardPath(boardId)}/webhooks`, WebhookListSchema, { headers: authHeaders(boardId) });
}

export function createWebhook(boardId: string, request: CreateWebhookRequest): Promise<Webhook> {
  return requestJson(`${boardPath(boardId)}/webhooks`, WebhookSchema, { method: 'POST', headers: authHeaders(boardId), body: JSON.stringify(request) });
}

export async function deleteWebhook(boardId: string, webhookId: string): Promise<void> {
  await requestJson(`${boardPath(boardId)}/webhooks/${encodeURIComponent(webhookId)}`, WebhookListSchema.nullable(), { method: 'DELETE', headers: authHeaders(boardId) });
}

export function testWebhook(boardId: string, webhookId: string): Promise<WebhookDelivery> {
  return requestJson(`${boardPath(boardId)}/webhooks/${encodeURIComponent(webhookId)}/test`, WebhookDeliverySchema, { method: 'POST', headers: authHeaders(boardId) });
}

export async function listDeliveries(boardId: string): Promise<WebhookDelivery[]> {
  return (await requestJson(`${boardPath(boardId)}/webhooks/deliveries`, WebhookDeliveryListSchema, { headers: authHeaders(boardId) })).deliveries;
}
