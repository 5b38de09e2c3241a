// @vitest-environment happy-dom
/**
 * The two changes that keep a drag on a large board from costing work in proportion to the board:
 * the kept list of shapes to render, and the efficient zoom level apart from shape changes. Each
 * is checked against tldraw's own answer, on a real tldraw Editor.
 */
import { describe, expect, it } from 'vitest';
import { atom, Editor, react, type TLNoteShape, type TLRenderingShape } from 'tldraw';
import { decoupleEfficientZoomLevelFromShapes } from '../../../client/src/board/efficientZoomLevel.ts';
import { keepRenderingShapesWhileOnlyPlacementChanges } from '../../../client/src/board/stableRenderingShapes.ts';
import { addNoteGrid, createTestEditor } from './tldrawEditors.ts';

/** A list of shapes to render as comparable data. */
function comparable(list: readonly TLRenderingShape[]) {
  return list.map(({ id, index, backgroundIndex, opacity, shape }) => ({ id, index, backgroundIndex, opacity, props: shape.props }));
}

/** What tldraw itself lists now. */
function tldrawListing(editor: Editor) {
  return comparable(Editor.prototype.getRenderingShapes.call(editor));
}

function listing(editor: Editor) {
  return comparable(editor.getRenderingShapes());
}

describe('the kept list of shapes to render', () => {
  it('stays the same list while cards only move, so the canvas does not re-render every shape', () => {
    const editor = createTestEditor();
    const ids = addNoteGrid(editor, 50);
    keepRenderingShapesWhileOnlyPlacementChanges(editor);
    const before = editor.getRenderingShapes();
    let canvasRenders = 0;
    const stop = react('canvas', () => {
      editor.getRenderingShapes();
      canvasRenders += 1;
    });
    for (let step = 1; step <= 20; step++) {
      editor.updateShapes([{ id: ids[3]!, type: 'note', x: 1000 + step, y: 500 - step, rotation: step / 10 }]);
    }
    expect(editor.getRenderingShapes()).toBe(before);
    expect(canvasRenders).toBe(1);
    // Every entry still says what tldraw says (place in the list, z-order, opacity, content).
    expect(listing(editor)).toEqual(tldrawListing(editor));
    stop();
  });

  it('lists again when a card is added, removed, restyled or brought to front, as tldraw does', () => {
    const editor = createTestEditor();
    const ids = addNoteGrid(editor, 10);
    keepRenderingShapesWhileOnlyPlacementChanges(editor);
    let previous = editor.getRenderingShapes();
    const expectNewList = (): void => {
      const now = editor.getRenderingShapes();
      expect(now).not.toBe(previous);
      expect(listing(editor)).toEqual(tldrawListing(editor));
      previous = now;
    };
    editor.updateShapes([{ id: ids[0]!, type: 'note', x: 5 }]);
    expect(editor.getRenderingShapes()).toBe(previous);

    addNoteGrid(editor, 1);
    expectNewList();
    editor.deleteShapes([ids[1]!]);
    expectNewList();
    editor.updateShapes<TLNoteShape>([{ id: ids[2]!, type: 'note', props: { color: 'red' } }]);
    expectNewList();
    expect(editor.getRenderingShapes().find((entry) => entry.id === ids[2])?.shape.props).toMatchObject({ color: 'red' });
    editor.bringToFront([ids[3]!]);
    expectNewList();
    editor.updateShapes([{ id: ids[4]!, type: 'note', opacity: 0.5 }]);
    expectNewList();
  });

  it('lists again when what the visibility function reads changes (private mode)', () => {
    const $hideOthers = atom('hide others', false);
    const editor = createTestEditor((shape) => ($hideOthers.get() && shape.meta.author === 'other' ? 'hidden' : 'inherit'));
    const ids = addNoteGrid(editor, 4);
    editor.updateShapes([{ id: ids[0]!, type: 'note', meta: { author: 'other' } }]);
    keepRenderingShapesWhileOnlyPlacementChanges(editor, () => $hideOthers.get());
    expect(editor.getRenderingShapes().map((entry) => entry.id)).toContain(ids[0]);
    // A move first, so the list was last kept on the cheap path.
    editor.updateShapes([{ id: ids[1]!, type: 'note', x: 999 }]);
    $hideOthers.set(true);
    expect(editor.getRenderingShapes().map((entry) => entry.id)).not.toContain(ids[0]);
    expect(listing(editor)).toEqual(tldrawListing(editor));
    $hideOthers.set(false);
    expect(editor.getRenderingShapes().map((entry) => entry.id)).toContain(ids[0]);
    // Private mode starting in the same transaction as a peer's move.
    editor.run(() => {
      editor.updateShapes([{ id: ids[2]!, type: 'note', y: 777 }]);
      $hideOthers.set(true);
    });
    expect(editor.getRenderingShapes().map((entry) => entry.id)).not.toContain(ids[0]);
  });

  it('gives tldraw its own method back when removed', () => {
    const editor = createTestEditor();
    addNoteGrid(editor, 3);
    const remove = keepRenderingShapesWhileOnlyPlacementChanges(editor);
    expect(Object.hasOwn(editor, 'getRenderingShapes')).toBe(true);
    remove();
    expect(Object.hasOwn(editor, 'getRenderingShapes')).toBe(false);
    expect(listing(editor)).toEqual(tldrawListing(editor));
  });
});

describe('the efficient zoom level apart from shape changes', () => {
  decoupleEfficientZoomLevelFromShapes();

  it('is tldraw zoom level below and above the shape-count threshold, and follows the camera', () => {
    const editor = createTestEditor();
    addNoteGrid(editor, 3);
    editor.setCamera({ x: 0, y: 0, z: 0.5 });
    expect(editor.getEfficientZoomLevel()).toBe(0.5);
    addNoteGrid(editor, editor.options.debouncedZoomThreshold);
    // Above the threshold tldraw answers with the debounced zoom level; so does this.
    expect(editor.getEfficientZoomLevel()).toBe(editor.getDebouncedZoomLevel());
    editor.setCamera({ x: 0, y: 0, z: 0.2 });
    expect(editor.getEfficientZoomLevel()).toBe(editor.getDebouncedZoomLevel());
    editor.deleteShapes([...editor.getCurrentPageShapeIds()].slice(3));
    expect(editor.getEfficientZoomLevel()).toBe(0.2);
  });

  it('keeps its subscribers out of what a shape change reaches', () => {
    const editor = createTestEditor();
    const ids = addNoteGrid(editor, 30);
    let runs = 0;
    const stop = react('a note subscribed to the zoom level', () => {
      editor.getEfficientZoomLevel();
      runs += 1;
    });
    // Every change to a shape goes through the store's history: what it reaches is checked at
    // the end of every transaction. With tldraw's own method, every such subscriber was reached.
    expect(namesReachedFrom(editor.store.history)).not.toContain('a note subscribed to the zoom level');
    for (let step = 0; step < 10; step++) editor.updateShapes([{ id: ids[0]!, type: 'note', x: step * 7 }]);
    addNoteGrid(editor, 2);
    expect(runs).toBe(1);
    editor.setCamera({ x: 0, y: 0, z: 0.75 });
    expect(runs).toBe(2);
    stop();
  });
});

interface SignalNode {
  name: string;
  children?: { visit(visitor: (child: SignalNode) => void): void };
}

/** Names of every computed and effect that a change of `signal` reaches (@tldraw/state's graph). */
function namesReachedFrom(signal: unknown): string[] {
  const seen = new Set<SignalNode>();
  const pending = [signal as SignalNode];
  for (let node = pending.pop(); node; node = pending.pop()) {
    node.children?.visit((child) => {
      if (seen.has(child)) return;
      seen.add(child);
      pending.push(child);
    });
  }
  return [...seen].map((node) => node.name);
}
