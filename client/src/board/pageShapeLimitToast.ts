import { useEffect } from 'react';
import { useEditor, useToasts } from 'tldraw';
import { formatMessage } from '../i18n/messages.ts';
import { useMessages, useUiLocale } from '../i18n/useMessages.ts';

/** The title of the toast tldraw shows when a page is full: hard-coded English, not a translation key. */
const TLDRAW_MAX_SHAPES_TITLE = 'Maximum shapes reached';
const TOAST_ID = 'jb-page-shape-limit';

/**
 * When a page holds canvasOptions' maximum of shapes, tldraw refuses the next one and says so in a
 * toast that is English whatever the board's language. This says it in the board's language
 * instead: it replaces tldraw's toast once tldraw has added it (the listeners of one event run in
 * the order they were added, so the replacement waits for the event to end).
 */
export function usePageShapeLimitToast(): void {
  const editor = useEditor();
  const toasts = useToasts();
  const messages = useMessages();
  const locale = useUiLocale();
  useEffect(() => {
    const handleFullPage = ({ name, count }: { name: string; count: number }): void => {
      queueMicrotask(() => {
        for (const toast of toasts.toasts.get()) if (toast.title === TLDRAW_MAX_SHAPES_TITLE) toasts.removeToast(toast.id);
        toasts.addToast({
          id: TOAST_ID,
          title: messages.pageShapeLimitTitle,
          description: formatMessage(messages.pageShapeLimit, { page: name, count: count.toLocaleString(locale) }),
          severity: 'warning',
        });
      });
    };
    editor.on('max-shapes', handleFullPage);
    return () => {
      editor.off('max-shapes', handleFullPage);
    };
  }, [editor, toasts, messages, locale]);
}
