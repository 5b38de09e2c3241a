import * as Y from 'yjs';
import type { IndexeddbPersistence } from 'y-indexeddb';

/** The longest an update waits to be written to the local copy while edits stream in. */
export const LOCAL_COPY_WRITE_INTERVAL_MS = 100;

/** Where the page says it is being hidden (`document`) or closed (`window`). */
export interface PageLifecycle {
  window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { readonly visibilityState: string };
}

/**
 * y-indexeddb writes the board's local copy with one IndexedDB transaction per Yjs update. During
 * a drag with others editing, that is a hundred transactions a second, about 5% of the page's main
 * thread (and more in the browser's own process). Here the writes are throttled: an update is
 * written at once when none was written in the last interval, as before, and the updates that
 * arrive within an interval are merged into one write at its end. Nothing waits longer than the
 * interval; whatever waits is written when the page is hidden, frozen or closed, and when this
 * stops; and while the page is hidden every update is written at once.
 *
 * The writes still go through y-indexeddb (its count of stored updates, and the compaction that
 * follows from it, stay its own). Returns the function that stops this, writing what waits.
 */
export function coalesceLocalCopyWrites(
  persistence: Pick<IndexeddbPersistence, '_storeUpdate'>,
  doc: Y.Doc,
  { intervalMs = LOCAL_COPY_WRITE_INTERVAL_MS, page = browserPage() }: { intervalMs?: number; page?: PageLifecycle | undefined } = {},
): () => void {
  const write = persistence._storeUpdate;
  let waiting: Uint8Array[] = [];
  let interval: ReturnType<typeof setTimeout> | undefined;

  const writeWaiting = () => {
    if (waiting.length === 0) return;
    const updates = waiting;
    waiting = [];
    write(updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates), undefined);
  };
  const startInterval = () => {
    interval = setTimeout(() => {
      interval = undefined;
      if (waiting.length === 0) return;
      writeWaiting();
      startInterval();
    }, intervalMs);
  };
  const isHidden = () => page?.document.visibilityState === 'hidden';
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    // The local copy's own loads are already stored (y-indexeddb skips them too).
    if (origin === persistence) return;
    waiting.push(update);
    // A hidden page's timers may be slowed to one a minute, and it may be frozen or discarded
    // without notice: there, every update is written at once.
    if (isHidden()) return writeWaiting();
    if (interval !== undefined) return;
    writeWaiting();
    startInterval();
  };
  const onVisibilityChange = () => {
    if (isHidden()) writeWaiting();
  };

  doc.off('update', write);
  doc.on('update', onUpdate);
  page?.window.addEventListener('pagehide', writeWaiting);
  page?.document.addEventListener('visibilitychange', onVisibilityChange);
  page?.document.addEventListener('freeze', writeWaiting);
  return () => {
    doc.off('update', onUpdate);
    page?.window.removeEventListener('pagehide', writeWaiting);
    page?.document.removeEventListener('visibilitychange', onVisibilityChange);
    page?.document.removeEventListener('freeze', writeWaiting);
    clearTimeout(interval);
    writeWaiting();
  };
}

function browserPage(): PageLifecycle | undefined {
  return typeof window === 'undefined' ? undefined : { window, document };
}
