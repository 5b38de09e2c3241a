import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { summarizeJourney, type Board, type JourneyData } from '../../../shared/src/index.ts';
import type { JourneyService } from '../journey/journeyService.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { BoardCatalog } from '../storage/types.ts';
import type { IndexedBoard, PortfolioStore } from './portfolioStore.ts';

/**
 * Keeps the portfolio index current. A board is indexed when its editing ends: when its edits
 * settle with nobody left on it, or when the last participant leaves. While a workshop goes on
 * its entry is stale (the board's updatedAt is newer) and a portfolio query re-indexes it on
 * demand, so no board is extracted after every pause of every workshop for a query that may
 * never come. Boards changed while nobody indexed them (before this feature existed, edits
 * just before a shutdown) are re-indexed once in the background after start.
 */
export class PortfolioIndex {
  private readonly store: PortfolioStore;
  private readonly journeys: JourneyService;
  private readonly catalog: BoardCatalog;
  private readonly log: Logger;
  private readonly stopListening: () => void;
  /** What was last written per board: most edits (moving a card, typing on the canvas) change neither summary nor touchpoints. */
  private readonly lastWritten = new Map<string, string>();
  /** Boards whose edits settled while participants were still on them: indexed when the last one leaves. */
  private readonly editedSinceIndexed = new Set<string>();
  private closed = false;

  constructor(store: PortfolioStore, journeys: JourneyService, rooms: RoomManager, catalog: BoardCatalog, log: Logger) {
    this.store = store;
    this.journeys = journeys;
    this.catalog = catalog;
    this.log = log;
    const stopFollowing = journeys.follow({
      wants: (boardId) => {
        const editingEnded = !rooms.loaded(boardId)?.connectionCount;
        if (!editingEnded) this.editedSinceIndexed.add(boardId);
        return editingEnded;
      },
      receive: (boardId, data) => {
        this.save(boardId, data).catch((error: unknown) => log.error({ boardId, err: error }, 'could not update the portfolio index'));
      },
    });
    const stopWatchingRooms = rooms.addLifecycleListener({
      emptied: (room) => {
        if (this.editedSinceIndexed.has(room.boardId)) void this.reindex(room.boardId);
      },
    });
    this.stopListening = () => {
      stopFollowing();
      stopWatchingRooms();
    };
  }

  /** Index entries of `boards`, re-indexing the stale ones first. */
  async entries(boards: readonly Board[]): Promise<Map<string, IndexedBoard>> {
    const entries = await this.store.boards(boards.map((b) => b.id));
    for (const board of boards) {
      const entry = entries.get(board.id);
      if (entry && entry.indexedAt >= board.updatedAt) continue;
      const fresh = await this.reindex(board.id);
      if (fresh) entries.set(board.id, fresh);
    }
    return entries;
  }

  /** Re-indexes every stale board, one at a time, without holding up anything else. */
  async backfill(): Promise<void> {
    const boards = await this.catalog.listBoards();
    const entries = await this.store.boards(null);
    for (const board of boards) {
      if (this.closed) return;
      const entry = entries.get(board.id);
      if (entry && entry.indexedAt >= board.updatedAt) continue;
      await this.reindex(board.id);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  close(): void {
    this.closed = true;
    this.stopListening();
  }

  private async reindex(boardId: string): Promise<IndexedBoard | undefined> {
    try {
      return await this.save(boardId, await this.journeys.get(boardId));
    } catch (error) {
      this.log.warn({ boardId, err: error }, 'could not index a board for the portfolio');
      return undefined;
    }
  }

  private async save(boardId: string, data: JourneyData): Promise<IndexedBoard | undefined> {
    if (this.closed) return undefined;
    const { summary, touchpoints } = summarizeJourney(data);
    const entry = { boardId, summary, indexedAt: new Date().toISOString() };
    this.editedSinceIndexed.delete(boardId);
    const hash = createHash('sha256').update(JSON.stringify([summary, touchpoints])).digest('hex');
    if (this.lastWritten.get(boardId) === hash) {
      await this.store.touch(boardId, entry.indexedAt);
      return entry;
    }
    await this.store.save(entry, touchpoints);
    this.lastWritten.set(boardId, hash);
    return entry;
  }
}
