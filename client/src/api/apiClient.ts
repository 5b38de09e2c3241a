import type { z } from 'zod';
import {
  ApiErrorSchema,
  BoardAccessSchema,
  BoardListSchema,
  BoardSchema,
  ClientConfigSchema,
  CreatedBoardSchema,
  ShareLinkListSchema,
  ShareLinkSchema,
  StoredPreviewSchema,
  type Board,
  type BoardAccess,
  type ClientConfig,
  type CreateBoardRequest,
  type CreatedBoard,
  type CreateShareLinkRequest,
  type ShareLink,
  type StoredPreview,
} from '../../../shared/src/index.ts';
import { authHeaders } from '../share/boardTokens.ts';

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

/** One JSON request to our API: errors become ApiRequestError with the server's code and message. */
export async function requestJson<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  const response = await fetch(path, { ...init, headers });
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response, body);
  return schema.parse(body);
}

function errorOf(response: Response, body: unknown): ApiRequestError {
  const apiError = ApiErrorSchema.safeParse(body);
  return apiError.success
    ? new ApiRequestError(response.status, apiError.data.error.code, apiError.data.error.message)
    : new ApiRequestError(response.status, null, `${response.status} ${response.statusText}`);
}

/** One request for a file (an export): the bytes, or ApiRequestError as requestJson gives. */
export async function requestBlob(path: string, init: RequestInit = {}): Promise<Blob> {
  const response = await fetch(path, init);
  if (!response.ok) throw errorOf(response, await response.json().catch(() => null));
  return response.blob();
}

export function fetchClientConfig(): Promise<ClientConfig> {
  return requestJson('/api/config', ClientConfigSchema);
}

export async function listBoards(): Promise<Board[]> {
  return (await requestJson('/api/boards', BoardListSchema)).boards;
}

export function createBoard(request: CreateBoardRequest): Promise<CreatedBoard> {
  return requestJson('/api/boards', CreatedBoardSchema, { method: 'POST', body: JSON.stringify(request) });
}

const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

export function fetchBoard(boardId: string): Promise<Board> {
  return requestJson(boardPath(boardId), BoardSchema, { headers: authHeaders(boardId) });
}

export function fetchBoardAccess(boardId: string): Promise<BoardAccess> {
  return requestJson(`${boardPath(boardId)}/access`, BoardAccessSchema, { headers: authHeaders(boardId) });
}

export async function listShareLinks(boardId: string): Promise<ShareLink[]> {
  return (await requestJson(`${boardPath(boardId)}/links`, ShareLinkListSchema, { headers: authHeaders(boardId) })).links;
}

export function createShareLink(boardId: string, request: CreateShareLinkRequest): Promise<ShareLink> {
  return requestJson(`${boardPath(boardId)}/links`, ShareLinkSchema, {
    method: 'POST',
    headers: authHeaders(boardId),
    body: JSON.stringify(request),
  });
}

export async function revokeShareLink(boardId: string, linkId: string): Promise<void> {
  await requestJson(`${boardPath(boardId)}/links/${encodeURIComponent(linkId)}`, BoardAccessSchema.nullable(), {
    method: 'DELETE',
    headers: authHeaders(boardId),
  });
}

/** Renames the board (editor role); every open participant's board follows through the document's meta.title. */
export function renameBoard(boardId: string, title: string): Promise<Board> {
  return requestJson(boardPath(boardId), BoardSchema, { method: 'PATCH', headers: authHeaders(boardId), body: JSON.stringify({ title }) });
}

/**
 * Stores the board's preview picture (PNG or WebP bytes; editor role). `keepalive` lets the upload
 * finish while the page goes away; browsers allow it only for bodies up to 64 KiB.
 */
export async function uploadBoardPreview(boardId: string, image: Blob, options: { keepalive?: boolean } = {}): Promise<StoredPreview> {
  const response = await fetch(`${boardPath(boardId)}/preview`, {
    method: 'PUT',
    headers: { ...authHeaders(boardId), 'Content-Type': image.type || 'application/octet-stream', Accept: 'application/json' },
    body: image,
    keepalive: options.keepalive ?? false,
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response, body);
  return StoredPreviewSchema.parse(body);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
