/** Journey data exports: fetched from the API with the board's link, so the browser and scripts get the same files. */
import type { JourneyExportFormat } from '../../../shared/src/index.ts';
import { requestBlob } from '../api/apiClient.ts';
import { authHeaders } from '../share/boardTokens.ts';

export function fetchJourneyExport(boardId: string, format: JourneyExportFormat): Promise<Blob> {
  return requestBlob(`/api/boards/${encodeURIComponent(boardId)}/journey?format=${format}`, { headers: authHeaders(boardId) });
}
