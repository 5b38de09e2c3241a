import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { DocLayout, MetaKey, type Board, type Role } from '../../../shared/src/index.ts';
import { ApiRequestError, fetchBoard, fetchBoardAccess } from '../api/apiClient.ts';
import { boardToken, rememberBoard } from '../share/boardTokens.ts';

export type BoardMetadataState =
  | { status: 'loading' }
  | { status: 'found'; board: Board; role: Role }
  | { status: 'notFound' }
  /** The server refused this browser's link (none, revoked, forged). */
  | { status: 'denied'; reason: string }
  /** The API could not answer (offline, server error): the board still opens from the local copy. */
  | { status: 'unavailable' };

export function useBoardMetadata(boardId: string): BoardMetadataState {
  const [state, setState] = useState<BoardMetadataState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    Promise.all([fetchBoard(boardId), fetchBoardAccess(boardId)]).then(
      ([board, access]) => {
        if (cancelled) return;
        const token = boardToken(boardId);
        if (token) rememberBoard({ id: board.id, title: board.title, token });
        setState({ status: 'found', board, role: access.role });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiRequestError && (error.status === 401 || error.status === 403)) {
          setState({ status: 'denied', reason: error.message });
          return;
        }
        const missing = error instanceof ApiRequestError && (error.status === 404 || error.status === 400);
        setState({ status: missing ? 'notFound' : 'unavailable' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId]);

  return state;
}

/**
 * The board's title as it is now: the document's meta.title, which the server writes on every
 * rename (PATCH /api/boards/:id) and which reaches every open participant with the document;
 * `storedTitle` (from GET /api/boards/:id) until the board has been renamed once.
 */
export function useLiveBoardTitle(doc: Y.Doc | undefined, storedTitle: string | null): string | null {
  const [renamed, setRenamed] = useState<string | null>(null);
  useEffect(() => {
    setRenamed(null);
    if (!doc) return;
    const meta = doc.getMap<unknown>(DocLayout.meta);
    const read = () => {
      const title = meta.get(MetaKey.title);
      setRenamed(typeof title === 'string' && title.trim() !== '' ? title : null);
    };
    read();
    meta.observe(read);
    return () => meta.unobserve(read);
  }, [doc]);
  return renamed ?? storedTitle;
}
