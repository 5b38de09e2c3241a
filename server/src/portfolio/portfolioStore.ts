import type { BoardSummary, IndexedTouchpoint } from '../../../shared/src/index.ts';

export interface IndexedBoard {
  boardId: string;
  summary: BoardSummary;
  /** When the board's journey data was summarised (ISO); stale when the board changed later. */
  indexedAt: string;
}

/**
 * The portfolio index: a summary and the touchpoints of each board, written on every extraction,
 * so the portfolio never loads boards. One implementation per storage engine.
 */
export interface PortfolioStore {
  /** Replaces the board's entry, all or nothing. */
  save(entry: IndexedBoard, touchpoints: readonly IndexedTouchpoint[]): Promise<void>;
  /** Marks the board's entry as current without rewriting it (its content did not change). */
  touch(boardId: string, indexedAt: string): Promise<void>;
  /** Entries of these boards (all boards when null). */
  boards(boardIds: readonly string[] | null): Promise<Map<string, IndexedBoard>>;
  touchpoints(boardIds: readonly string[] | null): Promise<(IndexedTouchpoint & { boardId: string })[]>;
  deleteBoard(boardId: string): Promise<void>;
  close(): Promise<void>;
}
