import { useEffect, useRef, useState } from 'react';
import { TldrawUiButton, useValue } from 'tldraw';
import { formatRemaining, remainingMs } from '../../../shared/src/index.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { useFacilitationMessages } from './facilitationMessages.ts';
import { serverNow, syncServerClock } from './serverClock.ts';
import { sessionSignals } from './sessionSignals.ts';
import { playEndChime } from './timerSound.ts';

const SOUND_KEY = 'journeyboard.timerSound';

/** A bell, struck through while the end chime is off (drawn, not taken from an emoji font). */
function BellIcon({ muted }: { muted: boolean }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M4 11V7a4 4 0 0 1 8 0v4l1.5 1.5h-11zM6.5 13.5a1.5 1.5 0 0 0 3 0" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      {muted ? <path d="M2.5 2.5l11 11" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" /> : null}
    </svg>
  );
}

/** The shared countdown everyone sees, computed from the server's clock; optional chime at zero. */
export function SessionTimer() {
  const { session } = useBoardContext();
  const t = useFacilitationMessages();
  const timer = useValue(sessionSignals(session.connection.doc).$timer);
  const [, setTick] = useState(0);
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) === 'on');
  const wasRunning = useRef(false);

  useEffect(() => {
    syncServerClock().catch(() => undefined);
  }, []);
  useEffect(() => {
    if (timer?.status !== 'running') return;
    const interval = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(interval);
  }, [timer]);

  const remaining = timer ? remainingMs(timer, serverNow()) : 0;
  const running = timer?.status === 'running' && remaining > 0;
  useEffect(() => {
    if (wasRunning.current && !running && timer?.status === 'running' && sound) playEndChime();
    wasRunning.current = running;
  }, [running, timer, sound]);

  if (!timer) return null;
  return (
    <span className="jb-session-chip jb-session-timer" data-testid="session-timer" data-status={timer.status} data-done={remaining === 0 || undefined}>
      <span aria-label={remaining === 0 ? t.timeUp : t.timer} data-testid="session-timer-value">
        {formatRemaining(remaining)}
      </span>
      <TldrawUiButton
        type="icon"
        className="jb-chip-button"
        title={t.endSound}
        aria-pressed={sound}
        isActive={sound}
        onClick={() => {
          setSound(!sound);
          localStorage.setItem(SOUND_KEY, sound ? 'off' : 'on');
        }}
      >
        <BellIcon muted={!sound} />
      </TldrawUiButton>
    </span>
  );
}
