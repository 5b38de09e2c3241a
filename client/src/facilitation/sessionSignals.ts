import { atom, type Signal } from 'tldraw';
import type * as Y from 'yjs';
import { DocLayout, readSessionValue, SessionKey, type EmotionScoreEntry, type PrivateMode, type TimerState, type VoteRound } from '../../../shared/src/index.ts';

/** The server-owned session state of a board (DocLayout.session) as signals for the UI. */
export interface SessionSignals {
  $timer: Signal<TimerState | null>;
  $votes: Signal<readonly VoteRound[]>;
  $privateMode: Signal<PrivateMode | null>;
  $emotionScores: Signal<readonly EmotionScoreEntry[]>;
}

const byDoc = new WeakMap<Y.Doc, SessionSignals>();

export function sessionSignals(doc: Y.Doc): SessionSignals {
  const existing = byDoc.get(doc);
  if (existing) return existing;
  const map = doc.getMap<unknown>(DocLayout.session);
  const $timer = atom<TimerState | null>('session timer', null);
  const $votes = atom<readonly VoteRound[]>('session votes', []);
  const $privateMode = atom<PrivateMode | null>('session private mode', null);
  const $emotionScores = atom<readonly EmotionScoreEntry[]>('session emotion scores', []);
  const read = () => {
    $timer.set(readSessionValue(map, SessionKey.timer));
    $votes.set(readSessionValue(map, SessionKey.votes) ?? []);
    $privateMode.set(readSessionValue(map, SessionKey.privateMode));
    $emotionScores.set(readSessionValue(map, SessionKey.emotionScores) ?? []);
  };
  read();
  // Lives as long as the doc: the board's session is torn down with it.
  map.observe(read);
  const signals = { $timer, $votes, $privateMode, $emotionScores };
  byDoc.set(doc, signals);
  return signals;
}

/** The round the board is in: the open one, else the last revealed one. */
export function currentRound(rounds: readonly VoteRound[]): VoteRound | null {
  return rounds.at(-1) ?? null;
}
