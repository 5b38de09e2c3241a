import { useEffect, useRef, useState } from 'react';
import { useValue } from 'tldraw';
import { formatRemaining, remainingMs } from '../../../shared/src/index.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { useFacilitationMessages } from './facilitationMessages.ts';
import { serverNow, syncServerClock } from './serverClock.ts';
import { sessionSignals } from './sessionSignals.ts';
import { playEndChime } from './timerSound.ts';

const SOUND_KEY = 'journeyboard.timerSound';

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
      <label title={t.endSound}>
        <input
          type="checkbox"
          checked={sound}
          onChange={(event) => {
            setSound(event.target.checked);
            localStorage.setItem(SOUND_KEY, event.target.checked ? 'on' : 'off');
          }}
        />
        🔔
      </label>
    </span>
  );
}
