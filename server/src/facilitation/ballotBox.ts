/**
 * Unrevealed ballots, per board and round, kept in server memory only: they never enter the
 * shared document, so no participant can read others' votes before the reveal. The cost: a
 * server restart during an open round loses its ballots (people vote again).
 */
export class BallotBox {
  private readonly rounds = new Map<string, Map<string, string[]>>();

  private key(boardId: string, roundId: string): string {
    return `${boardId}\u0000${roundId}`;
  }

  ballot(boardId: string, roundId: string, voterId: string): string[] {
    return this.rounds.get(this.key(boardId, roundId))?.get(voterId) ?? [];
  }

  /** Replaces a voter's ballot; returns how many people have a non-empty ballot in the round. */
  put(boardId: string, roundId: string, voterId: string, cardIds: string[]): number {
    const key = this.key(boardId, roundId);
    const ballots = this.rounds.get(key) ?? new Map<string, string[]>();
    this.rounds.set(key, ballots);
    if (cardIds.length === 0) ballots.delete(voterId);
    else ballots.set(voterId, cardIds);
    return ballots.size;
  }

  /** Every ballot of the round, removed from the box (the round is being revealed). */
  take(boardId: string, roundId: string): string[][] {
    const key = this.key(boardId, roundId);
    const ballots = [...(this.rounds.get(key)?.values() ?? [])];
    this.rounds.delete(key);
    return ballots;
  }
}
