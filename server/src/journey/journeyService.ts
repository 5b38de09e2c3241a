import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { extractJourney, withCommentCounts, withLiveMetrics, type JourneyData } from '../../../shared/src/index.ts';
import { withVoteResults } from '../facilitation/journeyVoteResults.ts';
import { readLiveMetrics } from '../liveMetrics/liveMetricsDoc.ts';
import type { RoomManager } from '../rooms/roomManager.ts';
import type { DocStore } from '../storage/types.ts';
import { docFromUpdates, readBoardComments, readBoardRecords } from './boardRecords.ts';

export interface JourneyServiceOptions {
  /** Quiet time after the last edit before recomputing in the background. */
  debounceMs: number;
}

interface CachedJourney {
  doc: Y.Doc;
  data: JourneyData | undefined;
  timer: NodeJS.Timeout | undefined;
  onUpdate: () => void;
}

/** The board's journey data: extraction, comment counts and live metrics. */
function boardJourney(doc: Y.Doc): JourneyData {
  return withVoteResults(withLiveMetrics(withCommentCounts(extractJourney(readBoardRecords(doc)), readBoardComments(doc)), readLiveMetrics(doc)), doc);
}

/** Someone who wants a board's journey data when its edits settle (webhooks, the portfolio index). */
export interface JourneyFollower {
  /**
   * Asked each time a burst of edits on a loaded board has settled. Extraction blocks the event
   * loop that relays every board's edits (~15-25 ms for a 10,000-card board), so a board is
   * extracted in the background only when some follower wants the result now.
   */
  wants(boardId: string): boolean | Promise<boolean>;
  receive(boardId: string, data: JourneyData): void;
}

/**
 * Keeps each loaded board's journey data at hand. Edits only mark it stale; a read of stale
 * data extracts at once, so the API always answers with the board as it is. After a quiet
 * period the followers that want it get fresh data, never inside the sync path.
 */
export class JourneyService {
  private readonly cache = new Map<string, CachedJourney>();
  private readonly followers = new Set<JourneyFollower>();
  private readonly rooms: RoomManager;
  private readonly store: DocStore;
  private readonly log: Logger;
  private readonly options: JourneyServiceOptions;

  constructor(rooms: RoomManager, store: DocStore, log: Logger, options: JourneyServiceOptions) {
    this.rooms = rooms;
    this.store = store;
    this.log = log;
    this.options = options;
  }

  /** Returns a function that stops following. */
  follow(follower: JourneyFollower): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  async get(boardId: string): Promise<JourneyData> {
    const room = this.rooms.loaded(boardId);
    if (!room) {
      this.forget(boardId);
      const stored = await this.store.load(boardId);
      const doc = docFromUpdates(stored.updates);
      try {
        return boardJourney(doc);
      } finally {
        doc.destroy();
      }
    }
    const entry = this.track(boardId, room.doc);
    entry.data ??= this.compute(boardId, entry.doc);
    return entry.data;
  }

  /** Starts following a loaded board so edits trigger background recomputation. */
  track(boardId: string, doc: Y.Doc): CachedJourney {
    const existing = this.cache.get(boardId);
    if (existing?.doc === doc) return existing;
    if (existing) this.forget(boardId);
    const entry: CachedJourney = {
      doc,
      data: undefined,
      timer: undefined,
      onUpdate: () => {
        entry.data = undefined;
        // Every edit pushes the recomputation back; refresh() reschedules without a new timer.
        if (entry.timer) entry.timer.refresh();
        else {
          entry.timer = setTimeout(() => void this.settled(boardId, entry), this.options.debounceMs);
          entry.timer.unref();
        }
      },
    };
    doc.on('update', entry.onUpdate);
    doc.once('destroy', () => this.forget(boardId));
    this.cache.set(boardId, entry);
    return entry;
  }

  forget(boardId: string): void {
    const entry = this.cache.get(boardId);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.doc.off('update', entry.onUpdate);
    this.cache.delete(boardId);
  }

  close(): void {
    for (const boardId of [...this.cache.keys()]) this.forget(boardId);
  }

  private async settled(boardId: string, entry: CachedJourney): Promise<void> {
    entry.timer = undefined;
    const wanting: JourneyFollower[] = [];
    for (const follower of this.followers) {
      try {
        if (await follower.wants(boardId)) wanting.push(follower);
      } catch (error) {
        this.log.warn({ boardId, err: error }, 'a journey follower could not tell whether it wants fresh data; skipped until the next edit');
      }
    }
    this.log.debug({ boardId, followersWanting: wanting.length }, 'journey edits settled');
    // Unloaded meanwhile: whoever wants it now reads it from storage.
    if (wanting.length === 0 || this.cache.get(boardId) !== entry) return;
    entry.data ??= this.compute(boardId, entry.doc);
    for (const follower of wanting) follower.receive(boardId, entry.data);
  }

  private compute(boardId: string, doc: Y.Doc): JourneyData {
    const started = performance.now();
    const data = boardJourney(doc);
    this.log.debug({ boardId, ms: Math.round((performance.now() - started) * 10) / 10 }, 'extracted journey data');
    return data;
  }
}
