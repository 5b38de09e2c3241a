import type { BoardSummary, IndexedTouchpoint } from '../../../shared/src/index.ts';
import type { IndexedBoard } from './portfolioStore.ts';

export interface PortfolioBoardRow {
  board_id: string;
  summary: string;
  indexed_at: string;
}

export interface PortfolioTouchpointRow {
  board_id: string;
  touchpoint: string;
}

/**
 * Every statement both engines run, written once; `p(n)` is the engine's n-th parameter and
 * `inIds(n)` the engine's way to test board_id against a list bound as parameter n.
 */
export function portfolioStatements(p: (n: number) => string, inIds: (n: number) => string) {
  return {
    upsertBoard: `INSERT INTO portfolio_boards (board_id, summary, indexed_at) VALUES (${p(1)}, ${p(2)}, ${p(3)})
      ON CONFLICT (board_id) DO UPDATE SET summary = excluded.summary, indexed_at = excluded.indexed_at`,
    deleteTouchpoints: `DELETE FROM portfolio_touchpoints WHERE board_id = ${p(1)}`,
    insertTouchpoint: `INSERT INTO portfolio_touchpoints (board_id, position, card_id, touchpoint) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`,
    touch: `UPDATE portfolio_boards SET indexed_at = ${p(1)} WHERE board_id = ${p(2)}`,
    allBoards: 'SELECT * FROM portfolio_boards',
    someBoards: `SELECT * FROM portfolio_boards WHERE ${inIds(1)}`,
    allTouchpoints: 'SELECT board_id, touchpoint FROM portfolio_touchpoints ORDER BY board_id, position',
    someTouchpoints: `SELECT board_id, touchpoint FROM portfolio_touchpoints WHERE ${inIds(1)} ORDER BY board_id, position`,
    deleteBoard: `DELETE FROM portfolio_boards WHERE board_id = ${p(1)}`,
  };
}

export function touchpointValues(boardId: string, touchpoints: readonly IndexedTouchpoint[]): [string, number, string, string][] {
  return touchpoints.map((touchpoint, position) => [boardId, position, touchpoint.cardId, JSON.stringify(touchpoint)]);
}

export function toBoardMap(rows: readonly PortfolioBoardRow[]): Map<string, IndexedBoard> {
  return new Map(rows.map((row) => [row.board_id, { boardId: row.board_id, summary: JSON.parse(row.summary) as BoardSummary, indexedAt: row.indexed_at }]));
}

export function toTouchpoints(rows: readonly PortfolioTouchpointRow[]): (IndexedTouchpoint & { boardId: string })[] {
  return rows.map((row) => ({ ...(JSON.parse(row.touchpoint) as IndexedTouchpoint), boardId: row.board_id }));
}
