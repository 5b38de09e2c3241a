import { TOKEN_FRAGMENT_KEY } from '../../../shared/src/index.ts';

const STORAGE_KEY = 'journeyboard.boards';

/** A board this browser has a share link for, remembered so it can be reopened from the home page. */
export interface KnownBoard {
  id: string;
  title: string;
  token: string;
}

function readAll(): Record<string, KnownBoard> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, KnownBoard>) : {};
  } catch {
    return {};
  }
}

function writeAll(boards: Record<string, KnownBoard>): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(boards));
  } catch {
    // Private mode or full storage: the link still works for this visit.
  }
}

export function rememberBoard(board: KnownBoard): void {
  writeAll({ ...readAll(), [board.id]: board });
}

export function knownBoards(): KnownBoard[] {
  return Object.values(readAll());
}

export function boardToken(boardId: string): string | undefined {
  return readAll()[boardId]?.token;
}

/**
 * Takes the token out of a share link's fragment (/b/<id>#token=...), remembers it
 * for this board and removes it from the address bar, so it does not show up when
 * someone shares their screen.
 */
export function adoptTokenFromLocation(boardId: string): void {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get(TOKEN_FRAGMENT_KEY);
  if (!token) return;
  const existing = readAll()[boardId];
  rememberBoard({ id: boardId, title: existing?.title ?? '', token });
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

/** Headers for API calls on a board: the share-link token as a bearer token. */
export function authHeaders(boardId: string): Record<string, string> {
  const token = boardToken(boardId);
  return token ? { Authorization: `Bearer ${token}` } : {};
}
