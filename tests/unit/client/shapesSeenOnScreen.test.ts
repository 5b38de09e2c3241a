// @vitest-environment happy-dom
/**
 * The canvas mounts the shapes that have been on screen, and the rest while the page is idle:
 * checked on a real tldraw Editor against tldraw's own list and culling.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Box, Editor, PageRecordType, react, type TLRenderingShape, type TLShapeId } from 'tldraw';
import {
  IDLE_MOUNT_BUDGET_MS,
  MIN_IDLE_BATCH,
  renderShapesOnceSeenOnScreen,
  shapesSeenOnScreen,
} from '../../../client/src/board/shapesSeenOnScreen.ts';
import { keepRenderingShapesWhileOnlyPlacementChanges } from '../../../client/src/board/stableRenderingShapes.ts';
import { addNoteGrid, createTestEditor } from './tldrawEditors.ts';

// What tldraw itself lists, kept before the canvas's version replaces it.
const tldrawMethod: unknown = Object.getOwnPropertyDescriptor(Editor.prototype, 'getRenderingShapes')?.value;
const tldrawRenderingShapes = tldrawMethod as (this: Editor) => TLRenderingShape[];
beforeAll(() => renderShapesOnceSeenOnScreen());

/**
 * An editor with a 1000 x 700 viewport whose idle work runs only when the test says so, on a
 * clock that a stand-in canvas advances by `msPerShape` for every shape it is given to mount.
 */
function makeEditor(msPerShape = 2, maxFilledIn?: number) {
  const editor = createTestEditor();
  editor.updateViewportScreenBounds(new Box(0, 0, 1000, 700));
  let clock = 0;
  const idleWork: (() => void)[] = [];
  shapesSeenOnScreen(editor, { whenIdle: (work) => idleWork.push(work), now: () => clock, maxFilledIn });
  let mounted = 0;
  const batches: number[] = [];
  editor.disposables.add(
    react('stand-in canvas', () => {
      const listed = editor.getRenderingShapes().length;
      if (listed > mounted) batches.push(listed - mounted);
      clock += (listed - mounted) * msPerShape;
      mounted = listed;
    }),
  );
  /** Runs the pending idle callbacks (and what they queued as microtasks); how many ran. */
  const runIdle = async (): Promise<number> => {
    const pending = idleWork.splice(0);
    for (const work of pending) work();
    await Promise.resolve();
    return pending.length;
  };
  return { editor, runIdle, batches };
}

/** Notes 300 px apart from `origin` (from the page's origin, the first few are on screen). */
function addNotes(editor: Editor, count: number, origin = { x: 0, y: 0 }): TLShapeId[] {
  return addNoteGrid(editor, count, { spacing: 300, origin });
}

const listedIds = (editor: Editor) => editor.getRenderingShapes().map((entry) => entry.id);
const onScreenIds = (editor: Editor) => [...editor.getCurrentPageShapeIds()].filter((id) => !editor.getCulledShapes().has(id));

describe('shapes mounted once seen on screen', () => {
  it('lists only the shapes on screen when a large board opens, each as tldraw lists it', () => {
    const { editor } = makeEditor();
    addNotes(editor, 200);
    const listed = listedIds(editor);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThan(30);
    expect(new Set(listed)).toEqual(new Set(onScreenIds(editor)));
    // Same entries (z-order, opacity, content) as tldraw's own list.
    const tldraws = new Map(tldrawRenderingShapes.call(editor).map((entry) => [entry.id, entry]));
    for (const entry of editor.getRenderingShapes()) expect(entry).toEqual(tldraws.get(entry.id));
  });

  it('adds shapes as the camera reaches them and keeps them after it leaves', () => {
    const { editor } = makeEditor();
    const ids = addNotes(editor, 200);
    const far = ids[199]!;
    expect(listedIds(editor)).not.toContain(far);
    const renders: number[] = [];
    const stop = react('canvas', () => renders.push(editor.getRenderingShapes().length));
    editor.centerOnPoint(editor.getShapePageBounds(far)!.center);
    expect(listedIds(editor)).toContain(far);
    editor.centerOnPoint({ x: 0, y: 0 });
    expect(editor.getCulledShapes().has(far)).toBe(true);
    expect(listedIds(editor)).toContain(far);
    // Going back adds nothing new, so the list did not change again.
    expect(renders.length).toBe(2);
    stop();
  });

  it('adds a selected shape off screen (tldraw does not cull it) and a new card on screen at once', () => {
    const { editor } = makeEditor();
    const ids = addNotes(editor, 100);
    editor.select(ids[99]!);
    expect(listedIds(editor)).toContain(ids[99]);
    const [added] = addNotes(editor, 1, { x: 100, y: 100 });
    expect(listedIds(editor)).toContain(added);
  });

  it('fills in the rest while idle, nearest the viewport first, until it is tldraw list', async () => {
    const { editor, runIdle } = makeEditor();
    addNotes(editor, 200);
    const before = listedIds(editor).length;
    expect(await runIdle()).toBe(1);
    const afterOne = listedIds(editor);
    expect(afterOne.length).toBe(before + MIN_IDLE_BATCH);
    // The ones added are nearer the viewport than any still missing.
    const centre = editor.getViewportPageBounds().center;
    const distance = (id: TLShapeId) => editor.getShapePageBounds(id)!.center.dist(centre);
    const missing = [...editor.getCurrentPageShapeIds()].filter((id) => !afterOne.includes(id));
    const farthestListed = Math.max(...afterOne.map(distance));
    expect(Math.min(...missing.map(distance))).toBeGreaterThanOrEqual(farthestListed);

    while ((await runIdle()) > 0);
    expect(editor.getRenderingShapes()).toBe(tldrawRenderingShapes.call(editor));

    // Cards a peer adds off screen later are filled in the same way, also in the middle of a round.
    addNotes(editor, 40, { x: 50_000, y: 50_000 });
    await runIdle();
    const added = listedIds(editor).length - 200;
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(40);
    addNotes(editor, 10, { x: 60_000, y: 50_000 });
    while ((await runIdle()) > 0);
    expect(listedIds(editor).length).toBe(250);
  });

  it('mounts as many shapes per idle callback as fit in its time budget, by what the last ones cost', async () => {
    /** The sizes of the first two idle batches on a canvas that takes `msPerShape` per shape. */
    const firstTwoBatches = async (msPerShape: number) => {
      const { editor, runIdle, batches } = makeEditor(msPerShape);
      addNotes(editor, 300);
      batches.length = 0;
      await runIdle();
      await runIdle();
      return batches;
    };
    expect(await firstTwoBatches(1)).toEqual([MIN_IDLE_BATCH, IDLE_MOUNT_BUDGET_MS]);
    // A machine twice as fast is given twice as many per callback.
    expect(await firstTwoBatches(0.5)).toEqual([MIN_IDLE_BATCH, 2 * IDLE_MOUNT_BUDGET_MS]);
    // However slow, a callback mounts a few shapes: a batch also costs a pass over the list.
    expect(await firstTwoBatches(10)).toEqual([MIN_IDLE_BATCH, MIN_IDLE_BATCH]);
  });

  it('fills in no more than its limit of a page; past it, shapes mount when the camera reaches them', async () => {
    const { editor, runIdle } = makeEditor(1, 50);
    const ids = addNotes(editor, 200);
    while ((await runIdle()) > 0);
    expect(listedIds(editor)).toHaveLength(50);
    const far = ids[199]!;
    expect(listedIds(editor)).not.toContain(far);
    editor.centerOnPoint(editor.getShapePageBounds(far)!.center);
    expect(listedIds(editor)).toContain(far);
    // Nothing more is filled in once past the limit.
    const seen = listedIds(editor).length;
    while ((await runIdle()) > 0);
    expect(listedIds(editor)).toHaveLength(seen);
  });

  it('after a page switch, fills in the new page next', async () => {
    const { editor, runIdle, batches } = makeEditor(1);
    addNotes(editor, 200);
    await runIdle();
    await runIdle();
    const pageTwo = PageRecordType.createId();
    editor.createPage({ id: pageTwo, name: 'Two' });
    editor.setCurrentPage(pageTwo);
    addNotes(editor, 100);
    const onScreen = listedIds(editor).length;
    batches.length = 0;
    await runIdle();
    // The new page's cards, at the cost measured on the first page (1 ms each: 16 per callback).
    expect(listedIds(editor).length).toBe(onScreen + IDLE_MOUNT_BUDGET_MS);
    expect(batches).toEqual([IDLE_MOUNT_BUDGET_MS]);
  });

  it('reaches the list kept across moves: a shape seen without any store change is rendered', () => {
    const { editor } = makeEditor();
    const ids = addNotes(editor, 200);
    keepRenderingShapesWhileOnlyPlacementChanges(editor);
    const far = ids[150]!;
    editor.updateShapes([{ id: ids[0]!, type: 'note', x: 5 }]);
    expect(listedIds(editor)).not.toContain(far);
    // A card dragged while the camera follows: the store's changes are only moves.
    editor.run(() => {
      editor.updateShapes([{ id: ids[0]!, type: 'note', x: 10 }]);
      editor.centerOnPoint(editor.getShapePageBounds(far)!.center);
    });
    expect(listedIds(editor)).toContain(far);
  });
});
