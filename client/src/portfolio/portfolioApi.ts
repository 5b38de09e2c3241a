import {
  PortfolioActionListSchema,
  PortfolioBoardListSchema,
  PortfolioTouchpointListSchema,
  type PortfolioAction,
  type PortfolioBoard,
  type TouchpointFilter,
  type TouchpointRow,
} from '../../../shared/src/index.ts';
import { ApiRequestError, requestJson } from '../api/apiClient.ts';
import { knownBoards } from '../share/boardTokens.ts';

/**
 * Which boards to ask about: none named (every board, on servers that list boards to everyone),
 * or, once the server answered 401, the boards this browser holds share links for.
 */
let scope: 'all' | 'mine' = 'all';

const mine = () => knownBoards().map(({ id, token }) => ({ id, token }));

async function withScope<T>(ask: (boards: { id: string; token: string }[] | undefined) => Promise<T>): Promise<T> {
  if (scope === 'all') {
    try {
      return await ask(undefined);
    } catch (error) {
      if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
      scope = 'mine';
    }
  }
  return ask(mine());
}

export function fetchPortfolioBoards(): Promise<PortfolioBoard[]> {
  return withScope(async (boards) => {
    const body = JSON.stringify(boards ? { boards } : {});
    return (await requestJson('/api/portfolio/boards', PortfolioBoardListSchema, { method: 'POST', body })).boards;
  });
}

export function fetchTouchpoints(filter: TouchpointFilter): Promise<TouchpointRow[]> {
  return withScope(async (boards) => {
    const body = JSON.stringify({ ...filter, ...(boards ? { boards } : {}) });
    return (await requestJson('/api/portfolio/touchpoints', PortfolioTouchpointListSchema, { method: 'POST', body })).touchpoints;
  });
}

/** Open action items (not done, not decisions) of every board in scope, soonest due first; `owner`: a part of the owner's name. */
export function fetchOpenActions(owner: string): Promise<PortfolioAction[]> {
  return withScope(async (boards) => {
    const body = JSON.stringify({ ...(owner.trim() ? { owner: owner.trim() } : {}), ...(boards ? { boards } : {}) });
    return (await requestJson('/api/portfolio/actions', PortfolioActionListSchema, { method: 'POST', body })).actions;
  });
}

/** The filtered touchpoints as a CSV file download. */
export async function downloadTouchpointsCsv(filter: TouchpointFilter): Promise<void> {
  const csv = await withScope(async (boards) => {
    const response = await fetch('/api/portfolio/touchpoints', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...filter, format: 'csv', ...(boards ? { boards } : {}) }),
    });
    if (!response.ok) throw new ApiRequestError(response.status, null, `${response.status} ${response.statusText}`);
    return response.text();
  });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'touchpoints.csv';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
