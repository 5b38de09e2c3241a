import { useEffect } from 'react';
import { PageRecordType, useEditor, useValue } from 'tldraw';
import type { Locale } from '../../../../shared/src/index.ts';
import { fetchBoard } from '../../api/apiClient.ts';

/** The page the server seeds into every new board, and the name it gives it (server/src/rooms/boardSkeleton.ts). */
const SEEDED_PAGE_ID = PageRecordType.createId('page');
const SEEDED_PAGE_NAME = 'Page 1';

/** The first page's name in each board language, as tldraw names a new page (page-menu.new-page-initial-name). */
const FIRST_PAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'Page 1', de: 'Seite 1' };

/**
 * tldraw shows a page's stored name as it is, so a German board must store a German name. The
 * server seeds the first page before it knows the board's language; the first editor who opens a
 * board whose first page still has that seeded name gives it the name in the board's language
 * (the language chosen when the board was created, the same for everyone). A name someone chose
 * is left alone.
 */
export function useFirstPageInBoardLanguage(boardId: string, canEdit: boolean): void {
  const editor = useEditor();
  // The page arrives with the board's first sync; until then there is nothing to name.
  const seeded = useValue('first page has the seeded name', () => editor.getPage(SEEDED_PAGE_ID)?.name === SEEDED_PAGE_NAME, [editor]);
  useEffect(() => {
    if (!canEdit || !seeded) return;
    let cancelled = false;
    fetchBoard(boardId).then(
      (board) => {
        const name = FIRST_PAGE_NAMES[board.locale];
        if (cancelled || name === SEEDED_PAGE_NAME || editor.getIsReadonly()) return;
        if (editor.getPage(SEEDED_PAGE_ID)?.name !== SEEDED_PAGE_NAME) return;
        editor.run(() => editor.renamePage(SEEDED_PAGE_ID, name), { history: 'ignore' });
      },
      // Offline or refused: the page keeps its name; nothing is lost.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [editor, boardId, canEdit, seeded]);
}
