import { createContext, useContext } from 'react';
import type { Role } from '../../../shared/src/index.ts';
import type { BoardSession } from './useBoardSession.ts';

export interface BoardContextValue {
  session: BoardSession;
  /** Null when the API could not be reached and the board opened from the local copy. */
  title: string | null;
  /** What this participant's link allows; the server enforces it, the UI follows it. */
  role: Role;
}

/** Lets components rendered inside tldraw's UI slots reach the open board. */
export const BoardContext = createContext<BoardContextValue | null>(null);

export function useBoardContext(): BoardContextValue {
  const value = useContext(BoardContext);
  if (!value) throw new Error('useBoardContext must be used inside a BoardContext provider');
  return value;
}
