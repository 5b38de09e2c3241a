import type { IndexedTouchpoint } from '../../../shared/src/index.ts';
import { inPgTransaction, type PgPool } from '../storage/postgresDatabase.ts';
import { portfolioStatements, toBoardMap, touchpointValues, toTouchpoints, type PortfolioBoardRow, type PortfolioTouchpointRow } from './portfolioRows.ts';
import type { IndexedBoard, PortfolioStore } from './portfolioStore.ts';

const SQL = portfolioStatements(
  (n) => `$${n}`,
  (n) => `board_id = ANY($${n}::text[])`,
);

/** The portfolio index in PostgreSQL: whichever instance extracts a board, every instance lists it. */
export class PostgresPortfolioStore implements PortfolioStore {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  save(entry: IndexedBoard, touchpoints: readonly IndexedTouchpoint[]): Promise<void> {
    return inPgTransaction(this.pool, async (client) => {
      await client.query(SQL.upsertBoard, [entry.boardId, JSON.stringify(entry.summary), entry.indexedAt]);
      await client.query(SQL.deleteTouchpoints, [entry.boardId]);
      for (const values of touchpointValues(entry.boardId, touchpoints)) await client.query(SQL.insertTouchpoint, values);
    });
  }

  async touch(boardId: string, indexedAt: string): Promise<void> {
    await this.pool.query(SQL.touch, [indexedAt, boardId]);
  }

  async boards(boardIds: readonly string[] | null): Promise<Map<string, IndexedBoard>> {
    const { rows } = boardIds === null ? await this.pool.query<PortfolioBoardRow>(SQL.allBoards) : await this.pool.query<PortfolioBoardRow>(SQL.someBoards, [boardIds]);
    return toBoardMap(rows);
  }

  async touchpoints(boardIds: readonly string[] | null): Promise<(IndexedTouchpoint & { boardId: string })[]> {
    const { rows } =
      boardIds === null ? await this.pool.query<PortfolioTouchpointRow>(SQL.allTouchpoints) : await this.pool.query<PortfolioTouchpointRow>(SQL.someTouchpoints, [boardIds]);
    return toTouchpoints(rows);
  }

  deleteBoard(boardId: string): Promise<void> {
    return inPgTransaction(this.pool, async (client) => {
      await client.query(SQL.deleteBoard, [boardId]);
      await client.query(SQL.deleteTouchpoints, [boardId]);
    });
  }

  /** The pool is shared; its owner closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
