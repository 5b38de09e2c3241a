import type { z } from 'zod';
import {
  RestoreResultSchema,
  VersionDetailSchema,
  VersionDiffSchema,
  VersionListSchema,
  VersionSummarySchema,
  type RestoreResult,
  type VersionDetail,
  type VersionDiff,
  type VersionList,
  type VersionSummary,
} from '../../../shared/src/history.ts';
import { requestJson } from '../api/apiClient.ts';
import { authHeaders } from '../share/boardTokens.ts';

function request<T>(boardId: string, path: string, schema: z.ZodType<T>, init: { method?: string; body?: unknown } = {}): Promise<T> {
  // The board's share-link token: viewers may read history, editors save and restore.
  return requestJson(`/api/boards/${encodeURIComponent(boardId)}/versions${path}`, schema, {
    method: init.method ?? 'GET',
    headers: authHeaders(boardId),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

export function listVersions(boardId: string): Promise<VersionList> {
  return request(boardId, '', VersionListSchema);
}

export function saveVersion(boardId: string, name: string, author: string): Promise<VersionSummary> {
  return request(boardId, '', VersionSummarySchema, { method: 'POST', body: { name, ...(author ? { author } : {}) } });
}

export function fetchVersion(boardId: string, versionId: string): Promise<VersionDetail> {
  return request(boardId, `/${encodeURIComponent(versionId)}`, VersionDetailSchema);
}

/** Changes from the version to the board as it is now. */
export function fetchChangesSince(boardId: string, versionId: string): Promise<VersionDiff> {
  return request(boardId, `/diff?from=${encodeURIComponent(versionId)}&to=current`, VersionDiffSchema);
}

export function restoreVersion(boardId: string, versionId: string, author: string): Promise<RestoreResult> {
  return request(boardId, `/${encodeURIComponent(versionId)}/restore`, RestoreResultSchema, {
    method: 'POST',
    body: author ? { author } : {},
  });
}
