import { inPgTransaction, type PgPool } from '../storage/postgresDatabase.ts';
import type { BallotBox } from './ballotBox.ts';

/**
 * Ballots in PostgreSQL, so a ballot cast through any instance counts at the reveal on any
 * other. Still kept off the shared document: only the voter reads theirs back.
 */
export class PostgresBallotBox implements BallotBox {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async ballot(boardId: string, roundId: string, voterId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ card_ids: string }>('SELECT card_ids FROM board_ballots WHERE board_id = $1 AND round_id = $2 AND voter_id = $3', [
      boardId,
      roundId,
      voterId,
    ]);
    return rows[0] ? (JSON.parse(rows[0].card_ids) as string[]) : [];
  }

  put(boardId: string, roundId: string, voterId: string, cardIds: readonly string[]): Promise<number> {
    return inPgTransaction(this.pool, async (client) => {
      if (cardIds.length === 0) {
        await client.query('DELETE FROM board_ballots WHERE board_id = $1 AND round_id = $2 AND voter_id = $3', [boardId, roundId, voterId]);
      } else {
        await client.query(
          `INSERT INTO board_ballots (board_id, round_id, voter_id, card_ids) VALUES ($1, $2, $3, $4)
           ON CONFLICT (board_id, round_id, voter_id) DO UPDATE SET card_ids = excluded.card_ids`,
          [boardId, roundId, voterId, JSON.stringify(cardIds)],
        );
      }
      const { rows } = await client.query<{ voters: string }>('SELECT count(*) AS voters FROM board_ballots WHERE board_id = $1 AND round_id = $2', [boardId, roundId]);
      return Number(rows[0]?.voters ?? 0);
    });
  }

  async take(boardId: string, roundId: string): Promise<string[][]> {
    const { rows } = await this.pool.query<{ card_ids: string }>('DELETE FROM board_ballots WHERE board_id = $1 AND round_id = $2 RETURNING card_ids', [
      boardId,
      roundId,
    ]);
    return rows.map((row) => JSON.parse(row.card_ids) as string[]);
  }
}
