/**
 * Browser: `npm run bench -- browser`.
 *
 * The client is built from the working tree (vite, into a temporary directory) and served by a
 * Journeyboard server. A board of 2,000 shapes (a journey map with cards in its cells, the
 * rest of the cards beside it) is created through the editor in headless Chromium. Then, per
 * run, a fresh browser context (no local copy) opens the board:
 * - time to interactive, from navigation start: all shapes in the editor and a frame rendered
 *   ("ready"), then the end of the last long task (> 50 ms) before 1 s without one ("TTI");
 *   how many shapes were mounted at "ready" (those on screen) and when all were (the rest mount
 *   while the page is idle; the frame measurements below start after that);
 * - frame times (intervals between animation frames, p50/p95) while the mouse drags a card in
 *   the map for 5 s and three other stock clients (Node) each drag another visible card at
 *   30 updates/s: once at 100% zoom, once zoomed to fit the whole board.
 * For comparison, frames are also recorded for 2 s idle and 2 s with only the remote drags.
 * Median of the runs. Settings: BENCH_BROWSER_RUNS (default 3), BENCH_BROWSER_SHAPES
 * (default 2000), BENCH_BROWSER_DRAG_MS (default 5000), BENCH_BROWSER_PROFILE=1 (unminified
 * build, page CPU profiles of the first open and of the first drag at each zoom).
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journeyMapTemplate } from '../shared/src/journey/templates.ts';
import { benchCommand, envNumber, round1, sleep } from './lib/env.ts';
import { startFleet, type Fleet } from './lib/fleet.ts';
import { MachineSampler, waitForQuietMachine } from './lib/proc.ts';
import { inclusiveShares, printProfile, summarizeProfile } from './lib/profile.ts';
import { ROOT, TARGET, createBoards, startJourneyboard, type BenchServer } from './lib/servers.ts';
import { connectClient } from './lib/yclient.ts';
import { median, percentile } from './machine.ts';
import { report } from './results.ts';

const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };
const REMOTE_EDITORS = 3;
const REMOTE_RATE = 30;

interface BenchPageState {
  /** Main-thread ms spent inside each remote Yjs transaction (the store binding applies it synchronously). */
  remoteApplyMs: number[];
  expected: number;
  /** Shapes the canvas mounts without anyone going to them: all, or MAX_SHAPES_FILLED_IN on larger pages. */
  filledIn: number;
  readyAt: number | null;
  renderedAt: number | null;
  /** Shapes in the DOM at the rendered frame, and when the idle fill-in was done (shapes mount as seen). */
  mountedAtRendered: number | null;
  allMountedAt: number | null;
  longTasks: [number, number][];
  frames: number[];
  recording: boolean;
}

declare global {
  interface Window {
    __bench?: BenchPageState;
  }
}

interface RunResult {
  /** Main script downloaded (resource timing responseEnd). */
  scriptMs: number;
  /** The doc holds the board (the client's 'journeyboard:doc-ready' mark): sync and Yjs decode done. */
  docReadyMs: number;
  readyMs: number;
  ttiMs: number;
  longTaskMs: number;
  /** Shapes mounted in the DOM when the board is first rendered; the rest mount while idle. */
  mountedAtReady: number;
  /** The idle fill-in done: every shape mounted, or FILLED_IN_LIMIT on larger pages (null: not within the quiet wait). */
  allMountedMs: number | null;
  drags: Record<'100%' | 'fit', DragResult>;
  idle: Record<'100%' | 'fit', FrameStats>;
  remoteOnly: Record<'100%' | 'fit', FrameStats>;
}

interface DragResult extends FrameStats {
  moves: number;
  /** How long the page took to take one mouse move (Playwright waits for the renderer). */
  moveP50: number;
  remoteUpdates: number;
  moved: boolean;
}

function buildClient(minify: boolean): string {
  // The working tree's client, built apart from dist/ (a running e2e suite is not disturbed) and
  // outside the repository (linters would read it).
  const outDir = join(tmpdir(), 'journeyboard-bench-client');
  const args = [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn', ...(minify ? [] : ['--minify', 'false'])];
  execFileSync(process.execPath, args, {
    cwd: TARGET,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return outDir;
}

/** The board's shapes as editor.createShapes partials: ids, types, positions, text. */
export function boardShapes(total: number): { shapes: unknown[]; cellCardIds: string[] } {
  const mapProps = journeyMapTemplate({ locale: 'en', stagePreset: 'afcpl', laneSet: 'default' });
  const shapes: unknown[] = [{ id: 'shape:map0', type: 'journey-map', x: 0, y: 0, props: mapProps }];
  const cellCardIds: string[] = [];
  const text = (t: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] });
  let y = mapProps.titleHeight + mapProps.headerHeight;
  for (const lane of mapProps.lanes) {
    let x = mapProps.laneHeaderWidth;
    for (const stage of mapProps.stages) {
      // Six half-size cards per cell (3 x 2), as a filled workshop map.
      for (let k = 0; k < 6 && shapes.length < total; k++) {
        const id = `shape:cell${cellCardIds.length}`;
        cellCardIds.push(id);
        shapes.push({
          id,
          type: 'note',
          parentId: 'shape:map0',
          x: x + 6 + (k % 3) * 104,
          y: y + 6 + Math.floor(k / 3) * 96,
          props: { richText: text(`${lane.label} ${cellCardIds.length}`), scale: 0.45 },
        });
      }
      x += stage.width;
    }
    y += lane.height;
  }
  for (let i = 0; shapes.length < total; i++) {
    shapes.push({ id: `shape:card${i}`, type: 'note', x: 2000 + (i % 40) * 220, y: (Math.floor(i / 40) % 1000) * 220, props: { richText: text(`Idea ${i}`) } });
  }
  return { shapes, cellCardIds };
}

async function openContext(browser: Browser, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', ...(storageState ? { storageState } : {}) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().includes('invalid record')) errors.push(message.text());
  });
  return { context, page, errors };
}

async function seedBoard(browser: Browser, server: BenchServer, boardId: string, total: number) {
  const { context, page, errors } = await openContext(browser);
  await page.goto(`${server.url}/b/${boardId}`);
  await page.getByTestId('display-name-input').pressSequentially('Bench');
  await page.getByTestId('display-name-submit').click();
  await page.waitForFunction(() => window.__journeyboard?.provider.synced === true, undefined, { timeout: 60_000 });
  const { shapes, cellCardIds } = boardShapes(total);
  await page.evaluate((partials) => {
    const editor = window.__journeyboard?.editor;
    if (!editor) throw new Error('no editor');
    editor.run(() => editor.createShapes(partials as Parameters<typeof editor.createShapes>[0]));
  }, shapes);
  const created = await page.evaluate(() => window.__journeyboard?.editor.getCurrentPageShapeIds().size ?? 0);
  if (created !== total) throw new Error(`seeding: the editor holds ${created} of ${total} shapes`);
  // Wait until the server has every shape: a stock client sees them all.
  const checker = connectClient(server.providerUrl, boardId);
  await checker.synced;
  const deadline = performance.now() + 60_000;
  const shapeCount = (): number => [...checker.records().map.keys()].filter((key) => key.startsWith('shape:')).length;
  while (shapeCount() < total) {
    if (performance.now() > deadline) throw new Error(`seeding: the server has ${shapeCount()} of ${total} shapes`);
    await sleep(50);
  }
  checker.destroy();
  if (errors.length > 0) throw new Error(`seeding: page errors: ${errors.join('; ')}`);
  const storageState = await context.storageState();
  await context.close();
  return { storageState, cellCardIds };
}

/** MAX_SHAPES_FILLED_IN of client/src/board/shapesSeenOnScreen.ts: past it, shapes mount when seen. */
const FILLED_IN_LIMIT = 3_000;

async function measureTti(page: Page, url: string, expected: number, profilePath?: string): Promise<Omit<RunResult, 'drags' | 'idle' | 'remoteOnly'>> {
  await page.addInitScript(([count, limit]: [number, number]) => {
    const state: BenchPageState = {
      remoteApplyMs: [],
      expected: count,
      filledIn: Math.min(count, limit),
      readyAt: null,
      renderedAt: null,
      mountedAtRendered: null,
      allMountedAt: null,
      longTasks: [],
      frames: [],
      recording: false,
    };
    window.__bench = state;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
    const mountedShapes = (): number => document.querySelectorAll('.tl-shape').length;
    const pollAllMounted = (): void => {
      if (mountedShapes() >= state.filledIn) state.allMountedAt = performance.now();
      else requestAnimationFrame(pollAllMounted);
    };
    const poll = (): void => {
      const editor = window.__journeyboard?.editor;
      if (editor && editor.getCurrentPageShapeIds().size >= state.expected) {
        state.readyAt = performance.now();
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            state.renderedAt = performance.now();
            state.mountedAtRendered = mountedShapes();
            pollAllMounted();
          }),
        );
        return;
      }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }, [expected, FILLED_IN_LIMIT] as [number, number]);
  const cdp = profilePath ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  await page.goto(url);
  await page.waitForFunction(() => window.__bench?.renderedAt != null, undefined, { timeout: 60_000, polling: 50 });
  // Quiet: 1 s after the rendered frame and after the last long task (bounded).
  const deadline = performance.now() + 20_000;
  for (;;) {
    const quiet = await page.evaluate(() => {
      const state = window.__bench;
      if (!state?.renderedAt) return false;
      const lastEnd = Math.max(state.renderedAt, ...state.longTasks.map(([start, duration]) => start + duration));
      return performance.now() - lastEnd >= 1000;
    });
    if (quiet || performance.now() > deadline) break;
    await sleep(100);
  }
  // Off-screen shapes mount while the page is idle: the frame measurements start once all are.
  await page
    .waitForFunction(() => window.__bench?.allMountedAt != null, undefined, { timeout: 20_000, polling: 100 })
    .catch(() => process.stderr.write('browser: the idle fill-in was not done 20 s after the quiet wait; frames are measured anyway\n'));
  if (cdp && profilePath) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(profilePath, JSON.stringify(profile));
    await cdp.detach();
  }
  return page.evaluate(() => {
    const state = window.__bench;
    if (!state?.renderedAt || state.readyAt === null) throw new Error('no timing');
    const ends = state.longTasks.map(([start, duration]) => start + duration);
    const scripts = performance.getEntriesByType('resource').filter((entry) => /\/assets\/index-[^/]*\.js$/.test(entry.name)) as PerformanceResourceTiming[];
    return {
      scriptMs: Math.max(0, ...scripts.map((entry) => entry.responseEnd)),
      docReadyMs: performance.getEntriesByName('journeyboard:doc-ready')[0]?.startTime ?? Number.NaN,
      readyMs: state.renderedAt,
      ttiMs: Math.max(state.renderedAt, ...ends),
      longTaskMs: state.longTasks.reduce((sum, [, duration]) => sum + duration, 0),
      mountedAtReady: state.mountedAtRendered ?? Number.NaN,
      allMountedMs: state.allMountedAt,
    };
  });
}

/** Renderer main-thread time of a Chromium trace by event name; nested events count in their parents too. */
function printTraceSummary(tracePath: string): void {
  const { traceEvents } = JSON.parse(readFileSync(tracePath, 'utf8')) as { traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }[] };
  const mainThreads = new Set(traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const totals = new Map<string, number>();
  for (const event of traceEvents) {
    if (event.ph !== 'X' || event.dur === undefined || !mainThreads.has(`${event.pid}:${event.tid}`)) continue;
    totals.set(event.name, (totals.get(event.name) ?? 0) + event.dur / 1000);
  }
  console.log(`renderer main thread by trace event (inclusive ms; events nest), ${tracePath}:`);
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
}

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  over20: number;
  remoteApplies: number;
  remoteApplyP50: number;
  /** Machine CPU busy (all processes: Chromium, server, load generator, anything else), % of one core. */
  machinePercent: number;
  /** The page's main thread in the window: all its tasks, and the script part of them, ms per second. */
  pageTaskMsPerS: number;
  pageScriptMsPerS: number;
}

/**
 * The page's main-thread time from Chromium's own counters (CDP Performance.getMetrics): unlike
 * frame intervals, which snap to the 16.7 ms beat and depend on what else the machine runs, this
 * shows how much work the page itself did.
 */
async function startMainThreadClock(page: Page): Promise<() => Promise<{ taskMsPerS: number; scriptMsPerS: number }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { at: performance.now(), task: value('TaskDuration'), script: value('ScriptDuration') };
  };
  const start = await read();
  return async () => {
    const end = await read();
    await cdp.detach();
    const seconds = (end.at - start.at) / 1000;
    return { taskMsPerS: ((end.task - start.task) * 1000) / seconds, scriptMsPerS: ((end.script - start.script) * 1000) / seconds };
  };
}

function frameStats(
  { frames, remoteApplyMs }: { frames: number[]; remoteApplyMs: number[] },
  machinePercent: number,
  mainThread: { taskMsPerS: number; scriptMsPerS: number },
): FrameStats {
  const intervals = frames.slice(1).map((time, i) => time - (frames[i] ?? time));
  return {
    pageTaskMsPerS: mainThread.taskMsPerS,
    pageScriptMsPerS: mainThread.scriptMsPerS,
    remoteApplies: remoteApplyMs.length,
    remoteApplyP50: percentile(remoteApplyMs, 50),
    machinePercent,
    frames: intervals.length,
    p50: percentile(intervals, 50),
    p95: percentile(intervals, 95),
    max: Math.max(0, ...intervals),
    over20: intervals.filter((ms) => ms > 20).length,
  };
}

async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = window.__bench;
    const doc = window.__journeyboard?.doc;
    if (!state || !doc) return;
    state.frames = [];
    state.remoteApplyMs = [];
    state.recording = true;
    let began = 0;
    const before = (): void => {
      began = performance.now();
    };
    const after = (transaction: { local: boolean }): void => {
      if (!transaction.local && state.recording) state.remoteApplyMs.push(performance.now() - began);
    };
    doc.on('beforeTransaction', before);
    doc.on('afterTransaction', after);
    const stop = (): void => {
      doc.off('beforeTransaction', before);
      doc.off('afterTransaction', after);
    };
    const loop = (time: number): void => {
      state.frames.push(time);
      if (state.recording) requestAnimationFrame(loop);
      else stop();
    };
    requestAnimationFrame(loop);
  });
}

async function stopFrames(page: Page): Promise<{ frames: number[]; remoteApplyMs: number[] }> {
  return page.evaluate(() => {
    const state = window.__bench;
    if (!state) return { frames: [], remoteApplyMs: [] };
    state.recording = false;
    return { frames: state.frames, remoteApplyMs: state.remoteApplyMs };
  });
}

/** Frame intervals while nothing happens, or while only the remote clients drag. */
async function watchFrames(page: Page, fleet: Fleet, cellCardIds: string[], durationMs: number, withRemote: boolean, tracePath?: string): Promise<FrameStats> {
  const [, ...others] = await cardsNearCentre(page, cellCardIds, 1 + REMOTE_EDITORS);
  const remote = withRemote ? fleet.move(others.map((o) => o.id), REMOTE_RATE, durationMs + 300) : undefined;
  await sleep(150);
  const browser = page.context().browser();
  if (tracePath && browser) await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const machine = new MachineSampler();
  machine.start();
  const stopMainThreadClock = await startMainThreadClock(page);
  await startFrames(page);
  await sleep(durationMs);
  const recorded = await stopFrames(page);
  const mainThread = await stopMainThreadClock();
  const machinePercent = machine.stop();
  if (tracePath && browser) {
    await browser.stopTracing();
    printTraceSummary(tracePath);
  }
  await remote;
  return frameStats(recorded, machinePercent, mainThread);
}

/** Screen centres of the in-cell cards nearest the middle of the viewport. */
async function cardsNearCentre(page: Page, ids: string[], count: number): Promise<{ id: string; x: number; y: number }[]> {
  return page.evaluate(
    ({ candidates, count, viewport }) => {
      const editor = window.__journeyboard?.editor;
      if (!editor) throw new Error('no editor');
      return candidates
        .flatMap((id) => {
          const bounds = editor.getShapePageBounds(id as Parameters<typeof editor.getShapePageBounds>[0]);
          if (!bounds) return [];
          // A card left on top of another by an earlier run's drag: a press there takes the one on top.
          if (editor.getShapeAtPoint(bounds.center, { hitInside: true })?.id !== id) return [];
          const point = editor.pageToScreen(bounds.center);
          return [{ id, x: point.x, y: point.y, d: Math.hypot(point.x - viewport.width / 2, point.y - viewport.height / 2) }];
        })
        .sort((a, b) => a.d - b.d)
        .slice(0, count)
        .map(({ id, x, y }) => ({ id, x, y }));
    },
    { candidates: ids, count, viewport: VIEWPORT },
  );
}

async function dragWithOthers(page: Page, fleet: Fleet, cellCardIds: string[], durationMs: number, profilePath?: string, tracePath?: string): Promise<DragResult> {
  const [target, ...others] = await cardsNearCentre(page, cellCardIds, 1 + REMOTE_EDITORS);
  if (!target) throw new Error('no card to drag');
  const shapeX = (id: string): Promise<number> =>
    page.evaluate((shapeId) => window.__journeyboard?.editor.getShape(shapeId as never)?.x ?? Number.NaN, id);
  const xBefore = await shapeX(target.id);
  const remote = fleet.move(
    others.map((o) => o.id),
    REMOTE_RATE,
    durationMs + 500,
  );
  await sleep(200);
  const cdp = profilePath ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const browser = page.context().browser();
  if (tracePath && browser) await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const machine = new MachineSampler();
  machine.start();
  const stopMainThreadClock = await startMainThreadClock(page);
  await startFrames(page);
  await page.mouse.move(target.x, target.y);
  await page.mouse.down();
  const started = performance.now();
  const moveMs: number[] = [];
  while (performance.now() - started < durationMs) {
    const angle = (performance.now() - started) / 400;
    const before = performance.now();
    await page.mouse.move(target.x + 120 * Math.sin(angle) + 40, target.y + 60 * (1 - Math.cos(angle)));
    moveMs.push(performance.now() - before);
  }
  const xDuring = await shapeX(target.id);
  await page.mouse.up();
  const recorded = await stopFrames(page);
  const mainThread = await stopMainThreadClock();
  const machinePercent = machine.stop();
  if (cdp && profilePath) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(profilePath, JSON.stringify(profile));
    await cdp.detach();
  }
  if (tracePath && browser) {
    await browser.stopTracing();
    printTraceSummary(tracePath);
  }
  const remoteResult = await remote;
  return {
    ...frameStats(recorded, machinePercent, mainThread),
    moves: moveMs.length,
    moveP50: percentile(moveMs, 50),
    remoteUpdates: remoteResult.sent,
    moved: Number.isFinite(xDuring) && xDuring !== xBefore,
  };
}

export async function runBrowserBench(): Promise<void> {
  const runs = Math.max(1, Math.round(envNumber('BENCH_BROWSER_RUNS', 3)));
  const total = Math.round(envNumber('BENCH_BROWSER_SHAPES', 2000));
  const dragMs = envNumber('BENCH_BROWSER_DRAG_MS', 5000);
  // BENCH_BROWSER_PROFILE=1: an unminified build and CPU profiles of the page during the first open and drag.
  const profile = envNumber('BENCH_BROWSER_PROFILE', 0) > 0;
  const profilePath = profile ? join(ROOT, 'bench/results/profiles/browser-drag.cpuprofile') : undefined;
  const loadProfilePath = profile ? join(ROOT, 'bench/results/profiles/browser-load.cpuprofile') : undefined;
  const fitProfilePath = profile ? join(ROOT, 'bench/results/profiles/browser-drag-fit.cpuprofile') : undefined;
  const fitTracePath = profile ? join(ROOT, 'bench/results/profiles/browser-remote-fit.trace.json') : undefined;
  // The drag trace comes from the second run, so that the first run's CPU profile does not weigh on it.
  const dragTracePath = profile ? join(ROOT, 'bench/results/profiles/browser-drag.trace.json') : undefined;
  if (profilePath) mkdirSync(join(ROOT, 'bench/results/profiles'), { recursive: true });
  const clientDir = buildClient(!profile);
  const server = await startJourneyboard({ env: { CLIENT_DIR: clientDir } });
  const browser = await chromium.launch({
    ...(existsSync(CHROMIUM) ? { executablePath: CHROMIUM } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const version = browser.version();
  const fleet = startFleet();
  const results: RunResult[] = [];
  try {
    const [boardId] = await createBoards(server, 1, 'Browser bench');
    if (!boardId) throw new Error('no board');
    const { storageState, cellCardIds } = await seedBoard(browser, server, boardId, total);
    await fleet.connect(server.providerUrl, [{ room: boardId, clients: REMOTE_EDITORS }]);
    let repeats = 0;
    for (let run = 0; run < runs; run++) {
      await waitForQuietMachine();
      const { context, page, errors } = await openContext(browser, storageState);
      try {
        const tti = await measureTti(page, `${server.url}/b/${boardId}`, total, run === 0 ? loadProfilePath : undefined);
        const idleFull = await watchFrames(page, fleet, cellCardIds, 2000, false);
        const remoteFull = await watchFrames(page, fleet, cellCardIds, 2000, true);
        const atFullSize = await dragWithOthers(page, fleet, cellCardIds, dragMs, run === 0 ? profilePath : undefined, run === 1 ? dragTracePath : undefined);
        await page.evaluate(() => {
          // The editor returns itself, which cannot be serialised: return nothing.
          window.__journeyboard?.editor.zoomToFit();
        });
        await sleep(500);
        const idleFit = await watchFrames(page, fleet, cellCardIds, 2000, false);
        const remoteFit = await watchFrames(page, fleet, cellCardIds, 2000, true, run === 0 ? fitTracePath : undefined);
        const zoomedOut = await dragWithOthers(page, fleet, cellCardIds, dragMs, run === 0 ? fitProfilePath : undefined);
        if (!atFullSize.moved) {
          if (++repeats > runs) throw new Error('the mouse drag did not move the card');
          process.stderr.write(`browser run ${run + 1}: the mouse drag did not move the card; run repeated\n`);
          run -= 1;
          continue;
        }
        if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
        results.push({
          ...tti,
          drags: { '100%': atFullSize, fit: zoomedOut },
          idle: { '100%': idleFull, fit: idleFit },
          remoteOnly: { '100%': remoteFull, fit: remoteFit },
        });
        // Zoomed out to fit a large board a card is a few pixels wide and the press can miss it: that
        // drag row then measured frames without a local drag, which its 'card moved' column says.
        const fitNote = zoomedOut.moved ? '' : ', the press missed the card';
        process.stderr.write(
          `browser run ${run + 1}: TTI ${round1(tti.ttiMs)} ms, drag p95 ${round1(atFullSize.p95)} ms (100%), ${round1(zoomedOut.p95)} ms (fit${fitNote})\n`,
        );
      } finally {
        await context.close();
      }
    }
  } finally {
    await fleet.close();
    await browser.close();
    await server.stop();
  }
  const med = (pick: (r: RunResult) => number): number => round1(median(results.map(pick)));
  const rows: Record<string, string | number>[] = [
    {
      measure: `open board (${total} shapes), fresh context`,
      'script ms': med((r) => r.scriptMs),
      'doc ready ms': med((r) => r.docReadyMs),
      'ready ms': med((r) => r.readyMs),
      'TTI ms': med((r) => r.ttiMs),
      'long tasks ms': med((r) => r.longTaskMs),
      'mounted at ready': med((r) => r.mountedAtReady),
      'filled in ms': med((r) => r.allMountedMs ?? Number.NaN),
    },
    ...(['100%', 'fit'] as const).flatMap((zoom) => {
      const at = zoom === 'fit' ? 'zoom to fit' : '100% zoom';
      const frameRow = (measure: string, pick: (r: RunResult) => FrameStats) => ({
        measure,
        'frame p50 ms': med((r) => pick(r).p50),
        'frame p95 ms': med((r) => pick(r).p95),
        'frame max ms': med((r) => pick(r).max),
        'frames > 20 ms': med((r) => pick(r).over20),
        frames: med((r) => pick(r).frames),
        'remote applies': med((r) => pick(r).remoteApplies),
        'remote apply p50 ms': med((r) => pick(r).remoteApplyP50),
        'page main thread ms/s': med((r) => pick(r).pageTaskMsPerS),
        'page script ms/s': med((r) => pick(r).pageScriptMsPerS),
        'machine CPU %': med((r) => pick(r).machinePercent),
      });
      return [
        frameRow(`idle 2 s at ${at}`, (r) => r.idle[zoom]),
        frameRow(`${REMOTE_EDITORS} remote drags only, 2 s at ${at}`, (r) => r.remoteOnly[zoom]),
        {
          ...frameRow(`drag ${dragMs / 1000} s at ${at} + ${REMOTE_EDITORS} remote drags`, (r) => r.drags[zoom]),
          'mouse moves': med((r) => r.drags[zoom].moves),
          'move ack p50 ms': med((r) => r.drags[zoom].moveP50),
          'remote updates': med((r) => r.drags[zoom].remoteUpdates),
          'card moved': `${results.filter((r) => r.drags[zoom].moved).length} of ${results.length} runs`,
        },
      ];
    }),
  ];
  console.log(
    `\nbrowser: headless Chromium ${version} (--disable-gpu, ${VIEWPORT.width}x${VIEWPORT.height}), median of ${runs} runs; times from navigation start; ` +
      `remote apply = main-thread ms inside one remote Yjs transaction (store binding, sync part); page main thread / script = ms of the page's main-thread tasks / of script in them per second of the window (Chromium's TaskDuration / ScriptDuration); machine CPU = all processes, 200% = both cores.`,
  );
  report('browser', benchCommand('browser', ['BENCH_BROWSER_RUNS', 'BENCH_BROWSER_SHAPES', 'BENCH_BROWSER_DRAG_MS', 'BENCH_BROWSER_PROFILE']), rows, results);
  if (profilePath) {
    printProfile(`page CPU profile during the first drag at 100% (unminified build), ${profilePath}`, summarizeProfile(profilePath, 12));
    if (fitProfilePath) printProfile(`page CPU profile during the first drag zoomed to fit, ${fitProfilePath}`, summarizeProfile(fitProfilePath, 12));
    console.log('inclusive (function and what it calls):');
    console.log(inclusiveShares(profilePath, 30).map((s) => `  ${s.percent.toFixed(1).padStart(5)}%  ${s.name}`).join('\n'));
  }
}
