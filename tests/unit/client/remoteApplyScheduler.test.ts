import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRemoteApplyScheduler, type RemoteApplyScheduler } from '../../../client/src/sync/remoteApplyScheduler.ts';

/** A page's frames at 60 Hz on a clock the test moves. */
function fakePage() {
  let time = 0;
  let hidden = false;
  let browserFrames: (() => void)[] = [];
  const editor = new EventEmitter();
  return {
    now: () => time,
    isHidden: () => hidden,
    setHidden: (value: boolean) => (hidden = value),
    requestFrame: (callback: () => void) => browserFrames.push(callback),
    editor: editor as unknown as { on(event: 'frame', l: () => void): unknown; off(event: 'frame', l: () => void): unknown },
    /** One vsync: the browser's frame callbacks, then the editor's frame event. */
    frame() {
      time += 1000 / 60;
      vi.advanceTimersByTime(1000 / 60);
      const due = browserFrames;
      browserFrames = [];
      for (const callback of due) callback();
      editor.emit('frame');
    },
    pendingBrowserFrames: () => browserFrames.length,
  };
}

describe('remote apply scheduler', () => {
  let page: ReturnType<typeof fakePage>;
  let scheduler: RemoteApplyScheduler;

  beforeEach(() => {
    vi.useFakeTimers();
    page = fakePage();
    scheduler = createRemoteApplyScheduler({ now: page.now, requestFrame: page.requestFrame, isHidden: page.isHidden });
  });

  afterEach(() => {
    scheduler.dispose();
    vi.useRealTimers();
  });

  it('applies at the next frame, then at most every other frame while changes keep coming', () => {
    const appliedAtFrame: number[] = [];
    for (let frame = 1; frame <= 12; frame++) {
      // Peers' changes arrive between every two frames.
      scheduler.schedule(() => appliedAtFrame.push(frame));
      page.frame();
    }
    expect(appliedAtFrame[0]).toBe(1);
    expect(appliedAtFrame).toEqual([1, 3, 5, 7, 9, 11]);
  });

  it('runs inside the editor frame once attached, without frames of its own', () => {
    const detach = scheduler.attachToFrames(page.editor);
    let applied = 0;
    scheduler.schedule(() => (applied += 1));
    expect(page.pendingBrowserFrames()).toBe(0);
    page.frame();
    expect(applied).toBe(1);
    // Detached (the editor unmounts): back to the browser's frames, nothing pending is lost.
    page.frame();
    scheduler.schedule(() => (applied += 1));
    detach();
    expect(page.pendingBrowserFrames()).toBe(1);
    page.frame();
    expect(applied).toBe(2);
  });

  it('applies on a timer while the tab is hidden, and when frames stall', () => {
    let applied = 0;
    page.setHidden(true);
    scheduler.schedule(() => (applied += 1));
    vi.advanceTimersByTime(49);
    expect(applied).toBe(0);
    vi.advanceTimersByTime(1);
    expect(applied).toBe(1);

    // Visible when scheduled, hidden before any frame came: the change still arrives.
    page.setHidden(false);
    scheduler.attachToFrames(page.editor);
    scheduler.schedule(() => (applied += 1));
    vi.advanceTimersByTime(500);
    expect(applied).toBe(2);
  });

  it('applies nothing once disposed', () => {
    let applied = 0;
    scheduler.schedule(() => (applied += 1));
    scheduler.dispose();
    page.frame();
    vi.advanceTimersByTime(1000);
    expect(applied).toBe(0);
  });
});
