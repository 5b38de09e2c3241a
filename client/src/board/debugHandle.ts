import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Editor } from 'tldraw';

/**
 * Debug and test handle for the open board: `window.__journeyboard` in the browser console, and
 * what the end-to-end tests (tests/e2e) use to read the canvas and the sync state. It exposes
 * nothing the page does not already hold; it is not an API.
 */
export interface JourneyboardDebugHandle {
  editor: Editor;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** How many times notes' content has rendered on this page. */
  noteContentRenders: () => number;
}

declare global {
  interface Window {
    __journeyboard?: JourneyboardDebugHandle;
  }
}

/** Returns a function that removes the handle again, if it is still this one. */
export function exposeDebugHandle(handle: JourneyboardDebugHandle): () => void {
  window.__journeyboard = handle;
  return () => {
    if (window.__journeyboard === handle) delete window.__journeyboard;
  };
}
