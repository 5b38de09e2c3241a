import { useEffect } from 'react';
import { useEditor, type Editor } from 'tldraw';
import { MAX_PREVIEW_BYTES, type Role } from '../../../shared/src/index.ts';
import { uploadBoardPreview } from '../api/apiClient.ts';
import { useBoardContext } from './boardContext.ts';

/** Quiet time after this user's last change before the preview is refreshed. */
export const PREVIEW_DEBOUNCE_MS = 10_000;
/** Widths tried in turn until the picture fits MAX_PREVIEW_BYTES; the first is the home page card's size at 2x. */
const PREVIEW_WIDTHS = [480, 360, 240] as const;
/** Browsers refuse keepalive requests with bodies beyond 64 KiB (all keepalive requests of a page together). */
const KEEPALIVE_MAX_BYTES = 64 * 1024;
const PREVIEW_ROLES: ReadonlySet<Role> = new Set<Role>(['editor', 'facilitator']);

/** The upload under way (or the last one), so the home page can wait for it before it lists the boards. */
let latestUpload: Promise<unknown> = Promise.resolve();

/** Resolves when the preview upload under way (if any) has finished, or after `timeoutMs`. */
export function previewUploadSettled(timeoutMs = 3_000): Promise<void> {
  return Promise.race([latestUpload.then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))]);
}

/**
 * A small picture of the current page: WebP where the browser encodes it (PNG otherwise), about
 * 480 px wide, stepped down until it fits the server's limit. Undefined for an empty page.
 */
export async function capturePreview(editor: Editor): Promise<Blob | undefined> {
  const ids = [...editor.getCurrentPageShapeIds()];
  const bounds = editor.getCurrentPageBounds();
  if (ids.length === 0 || !bounds || bounds.w <= 0) return undefined;
  for (const width of PREVIEW_WIDTHS) {
    const { blob } = await editor.toImage(ids, {
      format: 'webp',
      quality: 0.8,
      // Never enlarged: a single note stays note-sized on its card.
      scale: Math.min(1, width / bounds.w),
      pixelRatio: 1,
      background: true,
      padding: 16,
      // The card is light or dark with the page; the picture is the board as printed.
      darkMode: false,
    });
    if (blob.size <= MAX_PREVIEW_BYTES) return blob;
  }
  return undefined;
}

/**
 * Keeps the board's preview picture current while an editor or facilitator has it open: after
 * each pause of PREVIEW_DEBOUNCE_MS in this user's own changes, when the tab is hidden, and when
 * the board is left. One upload at a time; failures only go to the console (the picture is a
 * nicety, never worth interrupting anyone). Returns the function that stops it (and uploads what
 * changed since the last picture).
 */
export function startBoardPreviews(editor: Editor, boardId: string): () => void {
  let changedSinceCapture = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const refresh = (keepalive: boolean): void => {
    clearTimeout(timer);
    timer = undefined;
    if (!changedSinceCapture) return;
    if (running) {
      again = true;
      return;
    }
    changedSinceCapture = false;
    running = (async () => {
      try {
        const image = await capturePreview(editor);
        if (image) await uploadBoardPreview(boardId, image, { keepalive: keepalive && image.size <= KEEPALIVE_MAX_BYTES });
      } catch (error) {
        console.warn('journeyboard: the board preview could not be stored', error);
      }
    })();
    latestUpload = running;
    void running.then(() => {
      running = undefined;
      if (again) {
        again = false;
        refresh(false);
      }
    });
  };

  const stopListening = editor.store.listen(
    () => {
      changedSinceCapture = true;
      clearTimeout(timer);
      timer = setTimeout(() => refresh(false), PREVIEW_DEBOUNCE_MS);
    },
    { source: 'user', scope: 'document' },
  );
  const onHidden = (): void => {
    if (document.visibilityState === 'hidden') refresh(true);
  };
  const onPageHide = (): void => refresh(true);
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', onPageHide);

  return () => {
    stopListening();
    document.removeEventListener('visibilitychange', onHidden);
    window.removeEventListener('pagehide', onPageHide);
    // Leaving within the app (the home link): the page stays, so the upload finishes normally.
    refresh(false);
  };
}

/** Mounted inside the board's tldraw UI: previews for the roles that may store them. */
export function BoardPreviews(): null {
  const editor = useEditor();
  const { role, session } = useBoardContext();
  const boardId = session.connection.boardId;
  useEffect(() => (PREVIEW_ROLES.has(role) ? startBoardPreviews(editor, boardId) : undefined), [editor, boardId, role]);
  return null;
}
