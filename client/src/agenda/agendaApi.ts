import { AgendaAnswerSchema, WorkshopAnswerSchema, type Agenda, type Locale, type WorkshopCommand, type WorkshopState } from '../../../shared/src/index.ts';
import { requestBlob, requestJson } from '../api/apiClient.ts';
import { authHeaders } from '../share/boardTokens.ts';

const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

export async function putAgenda(boardId: string, agenda: Agenda): Promise<Agenda> {
  const answer = await requestJson(`${boardPath(boardId)}/agenda`, AgendaAnswerSchema, { method: 'PUT', headers: authHeaders(boardId), body: JSON.stringify(agenda) });
  return answer.agenda;
}

export async function sendWorkshopCommand(boardId: string, command: WorkshopCommand): Promise<WorkshopState> {
  const answer = await requestJson(`${boardPath(boardId)}/workshop`, WorkshopAnswerSchema, { method: 'POST', headers: authHeaders(boardId), body: JSON.stringify(command) });
  return answer.workshop;
}

export type SummaryFormat = 'md' | 'pdf';

export function fetchWorkshopSummary(boardId: string, format: SummaryFormat, locale: Locale): Promise<Blob> {
  return requestBlob(`${boardPath(boardId)}/summary?format=${format}&locale=${locale}`, { headers: authHeaders(boardId) });
}
