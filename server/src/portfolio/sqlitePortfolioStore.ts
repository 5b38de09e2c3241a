import type { DatabaseSync } from 'node:sqlite';
import type { IndexedTouchpoint } from '../../../shared/src/index.ts';
import { inTransaction, openBoardDatabase, type SqliteSynchronous } from '../storage/sqliteDatabase.ts';
import { portfolioStatements, toBoardMap, touchpointValues, toTouchpoints, type PortfolioBoardRow, type PortfolioTouchpointRow } from './portfolioRows.ts';
import type { IndexedBoard, PortfolioStore } from './portfolioStore.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS portfolio_boards (
  board_id TEXT PRIMARY KEY,
  summary TEXT NOT NULL,
  indexed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS portfolio_touchpoints (
  board_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  card_id TEXT NOT NULL,
  touchpoint TEXT NOT NULL,
  PRIMARY KEY (board_id, position)
);
`;

/** SQL's IN with one bound parameter: the ids travel as a JSON array. */
const SQL = portfolioStatements(
  (n) => `?${n}`,
  (n) => `board_id IN (SELECT value FROM json_each(?${n}))`,
);

/** The portfolio index in the app's SQLite file, on a connection of its own. */
export class SqlitePortfolioStore implements PortfolioStore {
  private readonly db: DatabaseSync;

  constructor(options: { dataDir: string; synchronous?: SqliteSynchronous }) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
  }

  save(entry: IndexedBoard, touchpoints: readonly IndexedTouchpoint[]): Promise<void> {
    inTransaction(this.db, () => {
      this.db.prepare(SQL.upsertBoard).run(entry.boardId, JSON.stringify(entry.summary), entry.indexedAt);
      this.db.prepare(SQL.deleteTouchpoints).run(entry.boardId);
      const insert = this.db.prepare(SQL.insertTouchpoint);
      for (const values of touchpointValues(entry.boardId, touchpoints)) insert.run(...values);
    });
    return Promise.resolve();
  }

  touch(boardId: string, indexedAt: string): Promise<void> {
    this.db.prepare(SQL.touch).run(indexedAt, boardId);
    return Promise.resolve();
  }

  boards(boardIds: readonly string[] | null): Promise<Map<string, IndexedBoard>> {
    const rows = (
      boardIds === null ? this.db.prepare(SQL.allBoards).all() : this.db.prepare(SQL.someBoards).all(JSON.stringify(boardIds))
    ) as unknown as PortfolioBoardRow[];
    return Promise.resolve(toBoardMap(rows));
  }

  touchpoints(boardIds: readonly string[] | null): Promise<(IndexedTouchpoint & { boardId: string })[]> {
    const rows = (
      boardIds === null ? this.db.prepare(SQL.allTouchpoints).all() : this.db.prepare(SQL.someTouchpoints).all(JSON.stringify(boardIds))
    ) as unknown as PortfolioTouchpointRow[];
    return Promise.resolve(toTouchpoints(rows));
  }

  deleteBoard(boardId: string): Promise<void> {
    inTransaction(this.db, () => {
      this.db.prepare(SQL.deleteBoard).run(boardId);
      this.db.prepare(SQL.deleteTouchpoints).run(boardId);
    });
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}
