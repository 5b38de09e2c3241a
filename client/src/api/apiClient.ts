import type { z } from 'zod';
import {
  ApiErrorSchema,
  BoardListSchema,
  BoardSchema,
  ClientConfigSchema,
  type Board,
  type ClientConfig,
  type CreateBoardRequest,
} from '../../../shared/src/index.ts';

/** A request the server answered with an error status. Network failures stay plain TypeErrors. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string | null;

  constructor(status: number, code: string | null, message: string) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
  }
}

async function requestJson<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  const response = await fetch(path, { ...init, headers });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const apiError = ApiErrorSchema.safeParse(body);
    throw apiError.success
      ? new ApiRequestError(response.status, apiError.data.error.code, apiError.data.error.message)
      : new ApiRequestError(response.status, null, `${response.status} ${response.statusText}`);
  }
  return schema.parse(body);
}

export function fetchClientConfig(): Promise<ClientConfig> {
  return requestJson('/api/config', ClientConfigSchema);
}

export async function listBoards(): Promise<Board[]> {
  return (await requestJson('/api/boards', BoardListSchema)).boards;
}

export function createBoard(request: CreateBoardRequest): Promise<Board> {
  return requestJson('/api/boards', BoardSchema, { method: 'POST', body: JSON.stringify(request) });
}

export function fetchBoard(boardId: string): Promise<Board> {
  return requestJson(`/api/boards/${encodeURIComponent(boardId)}`, BoardSchema);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
