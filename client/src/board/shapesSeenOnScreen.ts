import { atom, computed, react, Vec, type Atom, type Computed, type Editor, type TLPageId, type TLRenderingShape, type TLShapeId } from 'tldraw';
import { onePerEditor, replaceEditorMethod } from './tldrawMethods.ts';

/**
 * The canvas mounts a shape once it has been on screen, and the rest of the page while the page
 * is idle, instead of every shape of the page at once.
 *
 * tldraw mounts every shape of the page, culled ones included, and only hides the culled ones
 * (`display: none`). Opening a 2,000-card board, most cards are off screen, and mounting them
 * (a React subtree, reactors and effects per shape, each note turning its text into HTML) was
 * most of the time to interactive. Here the list of shapes to render holds the shapes that have
 * been on screen (not culled) at least once. A shape joins it in the reaction to the culling
 * change that shows it, before the frame is painted, and never leaves it: panning back and forth
 * mounts nothing twice. The shapes still missing join a few per idle callback (as many as fit
 * in a small time budget, by what the last ones cost), so a later
 * "zoom to fit" finds them mounted. Leaving out a culled shape changes nothing anyone sees: tldraw
 * does not display it. What a user does before the fill-in is done and that brings many shapes
 * on screen at once (zoom to fit, select all: tldraw does not cull selected shapes) mounts them in
 * that frame, as opening the board did before.
 *
 * Filling in stops once a page has MAX_SHAPES_FILLED_IN shapes mounted: every batch also costs the
 * canvas a pass over all it has mounted, so on a 10,000-shape page filling everything in kept the
 * main thread busy for half a minute (frames of 33-117 ms while dragging). Past that many, shapes
 * mount when they come on screen.
 *
 * Shapes render during the canvas's first render, before any `onMount`, so this replaces the
 * method on the Editor class (once, at start-up) rather than on an editor.
 */
export function renderShapesOnceSeenOnScreen(): void {
  replaceEditorMethod('getRenderingShapes', (tldrawRenderingShapes) => {
    const listOf = onePerEditor((editor): Computed<TLRenderingShape[]> => {
      const seen = shapesSeenOnScreen(editor);
      return computed('rendering shapes seen on screen', () => seen.filter(tldrawRenderingShapes.call(editor)));
    });
    return function getRenderingShapes(this: Editor): TLRenderingShape[] {
      return listOf(this).get();
    };
  });
}

/**
 * Main-thread time one idle callback may spend mounting shapes, far below a long task (50 ms):
 * the number of shapes per callback follows from what the last ones cost on this machine.
 * (The browser's own idle deadline is not used: tldraw animates every frame, so idle periods are
 * the few ms left in a frame, and filling in by them would take many seconds.)
 */
export const IDLE_MOUNT_BUDGET_MS = 16;
/** Shapes the first idle callback mounts, before anything was measured, and the fewest after. */
export const MIN_IDLE_BATCH = 8;
export const MAX_IDLE_BATCH = 200;
/** Shapes of one page that filling in mounts at most (a 2,000-card board is filled in whole). */
export const MAX_SHAPES_FILLED_IN = 3_000;

/** Runs work when the page is idle. */
export type IdleScheduler = (work: () => void) => void;

export interface IdleFillIn {
  whenIdle: IdleScheduler;
  /** A clock for measuring what mounting costs (replaceable for tests). */
  now: () => number;
  /** MAX_SHAPES_FILLED_IN, smaller in tests. */
  maxFilledIn?: number;
}

const BROWSER_IDLE: IdleFillIn = { whenIdle: scheduleWhenIdle, now: () => performance.now() };

/** The editor's record of shapes seen on screen; created on first use (`idle` counts only then). */
export const shapesSeenOnScreen: (editor: Editor, idle?: IdleFillIn) => ShapesSeenOnScreen = onePerEditor(
  (editor, idle: IdleFillIn = BROWSER_IDLE) => new ShapesSeenOnScreen(editor, idle),
);

export class ShapesSeenOnScreen {
  private readonly editor: Editor;
  private readonly idle: IdleFillIn;
  /** What mounting one shape took, measured (render, commit and layout effects of its batch). */
  private msPerShape: number | undefined;
  private readonly seen = new Set<TLShapeId>();
  /** Bumped whenever shapes join: the one signal the list depends on besides tldraw's own. */
  private readonly $version: Atom<number>;
  private idleScheduled = false;
  /** The shapes this round of filling in still has to go through, the next one last, and their page. */
  private fillInQueue: { pageId: TLPageId; ids: TLShapeId[] } | undefined;
  private disposed = false;

  constructor(editor: Editor, idle: IdleFillIn) {
    this.editor = editor;
    this.idle = idle;
    this.$version = atom('shapes seen on screen: version', 0);
    // Runs when culling's answer, the selection, the editing shape or the page's set of shapes
    // changes; moves that leave culling as it was do not reach it.
    editor.disposables.add(react('note the shapes on screen', () => this.noteShapesOnScreen()));
    editor.disposables.add(() => {
      this.disposed = true;
    });
  }

  /** A number that changes whenever shapes join (for lists kept apart from this one). */
  version(): number {
    return this.$version.get();
  }

  /** The entries of a rendering list whose shapes have been on screen; the same list if all have. */
  filter(list: TLRenderingShape[]): TLRenderingShape[] {
    this.$version.get();
    return list.every((entry) => this.seen.has(entry.id)) ? list : list.filter((entry) => this.seen.has(entry.id));
  }

  /** Tells the list that shapes joined. */
  private bump(): void {
    this.$version.update((version) => version + 1);
  }

  private noteShapesOnScreen(): void {
    const culled = this.editor.getCulledShapes();
    let joined = 0;
    let seenHere = 0;
    let waiting = false;
    for (const id of this.editor.getCurrentPageShapeIds()) {
      if (this.seen.has(id)) {
        seenHere += 1;
      } else if (culled.has(id)) {
        waiting = true;
      } else {
        this.seen.add(id);
        joined += 1;
      }
    }
    if (joined > 0) this.bump();
    // Past the limit every pan would otherwise ask for an idle callback that finds no room.
    if (waiting && seenHere + joined < this.maxFilledIn()) this.fillInWhenIdle();
  }

  private fillInWhenIdle(): void {
    if (this.idleScheduled || this.disposed) return;
    this.idleScheduled = true;
    this.idle.whenIdle(() => {
      this.idleScheduled = false;
      if (this.disposed) return;
      const room = this.maxFilledIn() - this.seenOnPage();
      if (room <= 0) return;
      // Ordered once per round of filling in (each shape's bounds are a lookup), not per batch.
      const pageId = this.editor.getCurrentPageId();
      // A round is for one page: after a page switch the new page's shapes are next.
      if (this.fillInQueue?.pageId !== pageId) this.fillInQueue = { pageId, ids: this.nearestUnseenFirst() };
      const queue = this.fillInQueue.ids;
      const batch = Math.min(room, this.idleBatchSize());
      let joined = 0;
      let joinedHidden = 0;
      while (joined < batch && queue.length > 0) {
        const id = queue.pop() as TLShapeId;
        if (this.seen.has(id) || !this.editor.store.has(id)) continue;
        this.seen.add(id);
        // Hidden shapes (private mode) are not rendered: no cost to measure them against.
        if (this.editor.isShapeHidden(id)) joinedHidden += 1;
        else joined += 1;
      }
      if (joined > 0) this.measureMount(joined);
      else if (joinedHidden > 0) this.bump();
      if (queue.length > 0) {
        this.fillInWhenIdle();
        return;
      }
      this.fillInQueue = undefined;
      // Shapes added off screen during this round go in the next.
      for (const id of this.editor.getCurrentPageShapeIds()) {
        if (!this.seen.has(id)) {
          this.fillInWhenIdle();
          return;
        }
      }
    });
  }

  private maxFilledIn(): number {
    return this.idle.maxFilledIn ?? MAX_SHAPES_FILLED_IN;
  }

  private seenOnPage(): number {
    let count = 0;
    for (const id of this.editor.getCurrentPageShapeIds()) if (this.seen.has(id)) count += 1;
    return count;
  }

  /**
   * A batch also costs the canvas a pass over its whole list, so the measured cost per shape is
   * high for small batches: the floor keeps that from shrinking batches to one shape.
   */
  private idleBatchSize(): number {
    if (this.msPerShape === undefined) return MIN_IDLE_BATCH;
    return Math.max(MIN_IDLE_BATCH, Math.min(MAX_IDLE_BATCH, Math.floor(IDLE_MOUNT_BUDGET_MS / this.msPerShape)));
  }

  /**
   * Lets the canvas mount the shapes that joined, and measures it: the canvas renders them
   * synchronously (React flushes an external store's change in a microtask queued by the change),
   * so a microtask queued after it sees the render, commit and layout effects done.
   */
  private measureMount(joined: number): void {
    const started = this.idle.now();
    this.bump();
    queueMicrotask(() => {
      const measured = (this.idle.now() - started) / joined;
      // Smoothed, so one batch that met a garbage collection does not shrink the next ones to one.
      this.msPerShape = this.msPerShape === undefined ? measured : (this.msPerShape + measured) / 2;
    });
  }

  /** The page's shapes not yet seen, those nearest the viewport last (popped first). */
  private nearestUnseenFirst(): TLShapeId[] {
    const centre = this.editor.getViewportPageBounds().center;
    const unseen: { id: TLShapeId; distance: number }[] = [];
    for (const id of this.editor.getCurrentPageShapeIds()) {
      if (this.seen.has(id)) continue;
      const bounds = this.editor.getShapePageBounds(id);
      unseen.push({ id, distance: bounds ? Vec.Dist2(bounds.center, centre) : Number.POSITIVE_INFINITY });
    }
    return unseen.sort((a, b) => b.distance - a.distance).map(({ id }) => id);
  }
}

function scheduleWhenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work());
  else setTimeout(work, 50);
}
