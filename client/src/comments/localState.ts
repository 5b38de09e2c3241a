import { atom, type Signal } from 'tldraw';
import { newOwnerSecret } from './commentRecords.ts';
import { parseReadState, type ReadState } from './commentsModel.ts';

/**
 * What this browser keeps about comments in localStorage: its owner secret (which makes its
 * comments editable by it alone) and, per board, when it last looked at the comments.
 */

const SECRET_KEY = 'journeyboard.commentOwnerSecret';
const readStateKey = (boardId: string): string => `journeyboard.comments.read.${boardId}`;

let secret: string | undefined;

/** This browser's owner secret, created on first use. Without storage it lasts for the session. */
export function ownerSecret(): string {
  if (secret) return secret;
  try {
    secret = localStorage.getItem(SECRET_KEY) ?? undefined;
  } catch {
    secret = undefined;
  }
  if (!secret) {
    secret = newOwnerSecret();
    try {
      localStorage.setItem(SECRET_KEY, secret);
    } catch {
      // Private mode or full storage: this session's comments can be edited during this session only.
    }
  }
  return secret;
}

export interface ReadStateStore {
  readonly $read: Signal<ReadState>;
  set(next: ReadState): void;
  /** Follows changes made in other tabs until the returned function is called. */
  follow(): () => void;
}

function load(boardId: string): ReadState {
  try {
    return parseReadState(localStorage.getItem(readStateKey(boardId)));
  } catch {
    return parseReadState(null);
  }
}

/** The board's read state, kept in localStorage. */
export function createReadStateStore(boardId: string): ReadStateStore {
  const $read = atom('comments read state', load(boardId));
  const onStorage = (event: StorageEvent) => {
    if (event.key === readStateKey(boardId)) $read.set(parseReadState(event.newValue));
  };
  return {
    $read,
    set(next) {
      if (next === $read.get()) return;
      $read.set(next);
      try {
        localStorage.setItem(readStateKey(boardId), JSON.stringify(next));
      } catch {
        // Without storage, read marks last for this visit.
      }
    },
    follow() {
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  };
}
