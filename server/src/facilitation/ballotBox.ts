/**
 * Unrevealed ballots, per board and round. They never enter the shared document, so no
 * participant can read others' votes before the reveal. One implementation per deployment:
 * in memory for a single instance (a restart during an open round loses its ballots: people
 * vote again), PostgreSQL when several instances share the boards.
 */
export interface BallotBox {
  /** The voter's ballot in the round (empty when they have none). */
  ballot(boardId: string, roundId: string, voterId: string): Promise<string[]>;
  /** Replaces a voter's ballot (empty: withdraws it); returns how many people have a non-empty ballot in the round. */
  put(boardId: string, roundId: string, voterId: string, cardIds: readonly string[]): Promise<number>;
  /** Every ballot of the round, removed from the box (the round is being revealed). */
  take(boardId: string, roundId: string): Promise<string[][]>;
}

/** Ballots in this process's memory: enough for one instance. */
export class MemoryBallotBox implements BallotBox {
  private readonly rounds = new Map<string, Map<string, string[]>>();

  private key(boardId: string, roundId: string): string {
    return `${boardId}\u0000${roundId}`;
  }

  ballot(boardId: string, roundId: string, voterId: string): Promise<string[]> {
    return Promise.resolve(this.rounds.get(this.key(boardId, roundId))?.get(voterId) ?? []);
  }

  put(boardId: string, roundId: string, voterId: string, cardIds: readonly string[]): Promise<number> {
    const key = this.key(boardId, roundId);
    const ballots = this.rounds.get(key) ?? new Map<string, string[]>();
    this.rounds.set(key, ballots);
    if (cardIds.length === 0) ballots.delete(voterId);
    else ballots.set(voterId, [...cardIds]);
    return Promise.resolve(ballots.size);
  }

  take(boardId: string, roundId: string): Promise<string[][]> {
    const key = this.key(boardId, roundId);
    const ballots = [...(this.rounds.get(key)?.values() ?? [])];
    this.rounds.delete(key);
    return Promise.resolve(ballots);
  }
}
