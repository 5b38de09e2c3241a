import type { Editor } from 'tldraw';

const FIT_ON_OPEN_KEY = 'journeyboard:fit-content-on-open';

/**
 * Asks the board opened next in this tab to start with all of its content in view: someone who
 * opens a filled board for the first time (the demo) should see the whole workshop, not the
 * top-left corner of the map at 100 %. Kept per tab and used once.
 */
export function fitContentOnNextOpen(boardId: string): void {
  try {
    sessionStorage.setItem(FIT_ON_OPEN_KEY, boardId);
  } catch {
    // Without session storage the board opens where tldraw puts the camera.
  }
}

function takeRequest(boardId: string): boolean {
  try {
    if (sessionStorage.getItem(FIT_ON_OPEN_KEY) !== boardId) return false;
    sessionStorage.removeItem(FIT_ON_OPEN_KEY);
    return true;
  } catch {
    return false;
  }
}

/** When asked for this board, fits its content into view as soon as there is any (never above 100 %). */
export function fitContentIfAsked(editor: Editor, boardId: string): () => void {
  if (!takeRequest(boardId)) return () => undefined;
  const fit = (): boolean => {
    const bounds = editor.getCurrentPageBounds();
    if (!bounds) return false;
    editor.zoomToBounds(bounds, { targetZoom: 1, immediate: true });
    return true;
  };
  if (fit()) return () => undefined;
  const stop = editor.store.listen(() => {
    if (fit()) stop();
  }, { scope: 'document' });
  return stop;
}
