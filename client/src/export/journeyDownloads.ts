/** Journey data exports: fetched from the API with the board's link, so the browser and scripts get the same files. */
import { requestBlob } from '../api/apiClient.ts';
import { authHeaders } from '../share/boardTokens.ts';

/** Format as the API names it, and the file extension. */
export const JOURNEY_EXPORTS = {
  json: 'json',
  csv: 'csv',
  md: 'md',
  xlsx: 'xlsx',
  mermaid: 'mmd',
} as const;
export type JourneyExportFormat = keyof typeof JOURNEY_EXPORTS;

export function fetchJourneyExport(boardId: string, format: JourneyExportFormat): Promise<Blob> {
  return requestBlob(`/api/boards/${encodeURIComponent(boardId)}/journey?format=${format}`, { headers: authHeaders(boardId) });
}
