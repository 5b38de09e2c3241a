import { useEffect, useState } from 'react';
import type { Board } from '../../../shared/src/index.ts';
import { ApiRequestError, fetchBoard } from '../api/apiClient.ts';

export type BoardMetadataState =
  | { status: 'loading' }
  | { status: 'found'; board: Board }
  | { status: 'notFound' }
  /** The API could not answer (offline, server error): the board still opens from the local copy. */
  | { status: 'unavailable' };

export function useBoardMetadata(boardId: string): BoardMetadataState {
  const [state, setState] = useState<BoardMetadataState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    fetchBoard(boardId).then(
      (board) => {
        if (!cancelled) setState({ status: 'found', board });
      },
      (error: unknown) => {
        if (cancelled) return;
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
