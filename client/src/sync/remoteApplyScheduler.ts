/**
 * When peers' changes reach the tldraw store. Every store transaction costs tldraw work in
 * proportion to the board (its list of shapes to render is rebuilt and React compares every
 * shape), so peers' changes are gathered and applied:
 * - in the editor's frame, once it exists: the same task as tldraw's own tick, so local input and
 *   remote changes of one frame cost one React render instead of two;
 * - at most ~30 times a second (every other frame): peers send at most that often (the binding's
 *   flush interval), so more frequent applies would only split their batches;
 * - on a timer when no frame comes (a hidden tab gets none), so the doc and store stay in step.
 */
export interface RemoteApplyScheduler {
  /** Runs `apply` at the next allowed frame; a pending apply is replaced (it covers the newest changes). */
  schedule(apply: () => void): void;
  /** Applies from now on run inside the emitter's 'frame' event (tldraw's Editor). Returns a detach function. */
  attachToFrames(frames: FrameSource): () => void;
  dispose(): void;
}

export interface FrameSource {
  on(event: 'frame', listener: () => void): unknown;
  off(event: 'frame', listener: () => void): unknown;
}

export interface RemoteApplySchedulerOptions {
  /** Minimum time between two applies. Default 30 ms: every other frame at 60 Hz. */
  minIntervalMs?: number;
  now?: () => number;
  requestFrame?: (callback: () => void) => void;
  isHidden?: () => boolean;
  /** Delay of applies while hidden. Default 50 ms. */
  hiddenDelayMs?: number;
  /** An apply waiting this long for a frame (the tab was hidden meanwhile) runs anyway. Default 500 ms. */
  stalledFrameMs?: number;
}

export function createRemoteApplyScheduler(options: RemoteApplySchedulerOptions = {}): RemoteApplyScheduler {
  const minIntervalMs = options.minIntervalMs ?? 30;
  const now = options.now ?? (() => performance.now());
  const requestFrame = options.requestFrame ?? ((callback: () => void) => requestAnimationFrame(callback));
  const isHidden = options.isHidden ?? (() => document.hidden);
  const hiddenDelayMs = options.hiddenDelayMs ?? 50;
  const stalledFrameMs = options.stalledFrameMs ?? 500;

  let pending: (() => void) | null = null;
  let lastAppliedAt = -Infinity;
  let frames: FrameSource | null = null;
  let frameRequested = false;
  let fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  function runPending(): void {
    const apply = pending;
    if (!apply) return;
    pending = null;
    if (fallbackTimer !== undefined) clearTimeout(fallbackTimer);
    fallbackTimer = undefined;
    lastAppliedAt = now();
    apply();
  }

  /** Called once per frame while something is pending. */
  function onFrame(): void {
    if (!pending || disposed) return;
    if (now() - lastAppliedAt >= minIntervalMs) runPending();
    else if (!frames) requestOwnFrame();
  }

  function requestOwnFrame(): void {
    if (frameRequested) return;
    frameRequested = true;
    requestFrame(() => {
      frameRequested = false;
      onFrame();
    });
  }

  function wake(): void {
    fallbackTimer ??= setTimeout(
      () => {
        fallbackTimer = undefined;
        if (!disposed) runPending();
      },
      isHidden() ? hiddenDelayMs : stalledFrameMs,
    );
    // The editor's frames come by themselves; without them, ask the browser for one.
    if (!frames && !isHidden()) requestOwnFrame();
  }

  return {
    schedule(apply) {
      if (disposed) return;
      pending = apply;
      wake();
    },
    attachToFrames(source) {
      frames = source;
      source.on('frame', onFrame);
      return () => {
        source.off('frame', onFrame);
        if (frames !== source) return;
        frames = null;
        if (pending) wake();
      };
    },
    dispose() {
      disposed = true;
      pending = null;
      if (fallbackTimer !== undefined) clearTimeout(fallbackTimer);
      if (frames) frames.off('frame', onFrame);
      frames = null;
    },
  };
}
