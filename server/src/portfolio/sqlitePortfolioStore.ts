import type { DatabaseSync } from 'node:sqlite';
import type { BoardSummary, IndexedTouchpoint } from '../../../shared/src/index.ts';
import { inTransaction, openBoardDatabase, type SqliteSynchronous } from '../storage/sqliteDatabase.ts';
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
const IN_IDS = 'board_id IN (SELECT value FROM json_each(?))';

/** The portfolio index in the app's SQLite file, on a connection of its own. */
export class SqlitePortfolioStore implements PortfolioStore {
  private readonly db: DatabaseSync;

  constructor(options: { dataDir: string; synchronous?: SqliteSynchronous }) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
  }

  save(entry: IndexedBoard, touchpoints: readonly IndexedTouchpoint[]): Promise<void> {
    inTransaction(this.db, () => {
      this.db
        .prepare('INSERT INTO portfolio_boards (board_id, summary, indexed_at) VALUES (?, ?, ?) ON CONFLICT (board_id) DO UPDATE SET summary = excluded.summary, indexed_at = excluded.indexed_at')
        .run(entry.boardId, JSON.stringify(entry.summary), entry.indexedAt);
      this.db.prepare('DELETE FROM portfolio_touchpoints WHERE board_id = ?').run(entry.boardId);
      const insert = this.db.prepare('INSERT INTO portfolio_touchpoints (board_id, position, card_id, touchpoint) VALUES (?, ?, ?, ?)');
      touchpoints.forEach((touchpoint, position) => insert.run(entry.boardId, position, touchpoint.cardId, JSON.stringify(touchpoint)));
    });
    return Promise.resolve();
  }

  touch(boardId: string, indexedAt: string): Promise<void> {
    this.db.prepare('UPDATE portfolio_boards SET indexed_at = ? WHERE board_id = ?').run(indexedAt, boardId);
    return Promise.resolve();
  }

  boards(boardIds: readonly string[] | null): Promise<Map<string, IndexedBoard>> {
    const rows = (
      boardIds === null
        ? this.db.prepare('SELECT * FROM portfolio_boards').all()
        : this.db.prepare(`SELECT * FROM portfolio_boards WHERE ${IN_IDS}`).all(JSON.stringify(boardIds))
    ) as unknown as { board_id: string; summary: string; indexed_at: string }[];
    return Promise.resolve(
      new Map(rows.map((row) => [row.board_id, { boardId: row.board_id, summary: JSON.parse(row.summary) as BoardSummary, indexedAt: row.indexed_at }])),
    );
  }

  touchpoints(boardIds: readonly string[] | null): Promise<(IndexedTouchpoint & { boardId: string })[]> {
    const rows = (
      boardIds === null
        ? this.db.prepare('SELECT board_id, touchpoint FROM portfolio_touchpoints ORDER BY board_id, position').all()
        : this.db.prepare(`SELECT board_id, touchpoint FROM portfolio_touchpoints WHERE ${IN_IDS} ORDER BY board_id, position`).all(JSON.stringify(boardIds))
    ) as unknown as { board_id: string; touchpoint: string }[];
    return Promise.resolve(rows.map((row) => ({ ...(JSON.parse(row.touchpoint) as IndexedTouchpoint), boardId: row.board_id })));
  }

  deleteBoard(boardId: string): Promise<void> {
    inTransaction(this.db, () => {
      this.db.prepare('DELETE FROM portfolio_boards WHERE board_id = ?').run(boardId);
      this.db.prepare('DELETE FROM portfolio_touchpoints WHERE board_id = ?').run(boardId);
    });
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}
