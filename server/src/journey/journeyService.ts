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

export type JourneyListener = (boardId: string, data: JourneyData) => void;

/**
 * Keeps each loaded board's journey data current. Recomputation happens after a
 * quiet period, never inside the sync path; a read of stale data recomputes at once,
 * so the API always answers with the board as it is.
 */
export class JourneyService {
  private readonly cache = new Map<string, CachedJourney>();
  private readonly listeners = new Set<JourneyListener>();
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

  /** Called with fresh data after each background recomputation. */
  subscribe(listener: JourneyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
          entry.timer = setTimeout(() => this.recompute(boardId, entry), this.options.debounceMs);
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

  private recompute(boardId: string, entry: CachedJourney): void {
    entry.timer = undefined;
    if (this.cache.get(boardId) !== entry) return;
    entry.data ??= this.compute(boardId, entry.doc);
    for (const listener of this.listeners) listener(boardId, entry.data);
  }

  private compute(boardId: string, doc: Y.Doc): JourneyData {
    const started = performance.now();
    const data = boardJourney(doc);
    this.log.debug({ boardId, ms: Math.round((performance.now() - started) * 10) / 10 }, 'extracted journey data');
    return data;
  }
}
