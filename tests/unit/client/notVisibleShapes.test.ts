// @vitest-environment happy-dom
/**
 * The set of shapes outside the viewport follows what changed instead of being rebuilt from every
 * shape: checked on a real tldraw Editor against tldraw's own set, step by step.
 */
import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Box,
  createShapeId,
  defaultShapeUtils,
  Editor,
  GeoShapeUtil,
  PageRecordType,
  react,
  type TLGeoShape,
  type TLShapeId,
} from 'tldraw';
import { followNotVisibleShapesByChange } from '../../../client/src/board/notVisibleShapes.ts';
import { seededRandom } from '../../support/random.ts';
import { addNoteGrid, createTestEditor } from './tldrawEditors.ts';

// tldraw's own set, kept before it is replaced.
const tldrawMethod: unknown = Object.getOwnPropertyDescriptor(Editor.prototype, 'getNotVisibleShapes')?.value;
const tldrawNotVisibleShapes = tldrawMethod as (this: Editor) => Set<TLShapeId>;
beforeAll(() => {
  followNotVisibleShapesByChange();
  // Otherwise the comparison below would be of the replacement with itself.
  expect(Object.getOwnPropertyDescriptor(Editor.prototype, 'getNotVisibleShapes')?.value).not.toBe(tldrawMethod);
});

const SEED = process.env.CULL_SEED ? Number(process.env.CULL_SEED) : randomInt(2 ** 31);

/** A kind that decides for itself: a solid-filled box is never culled. */
class PinnedWhenSolidGeoUtil extends GeoShapeUtil {
  override canCull(shape: TLGeoShape): boolean {
    return shape.props.fill !== 'solid';
  }
}
const shapeUtils = [...defaultShapeUtils.filter((util) => util.type !== 'geo'), PinnedWhenSolidGeoUtil];

function editorWithViewport(): Editor {
  const editor = createTestEditor(undefined, shapeUtils);
  editor.updateViewportScreenBounds(new Box(0, 0, 1000, 700));
  // As on the canvas: something keeps reading the culled shapes.
  editor.disposables.add(react('stand-in canvas', () => editor.getCulledShapes()));
  return editor;
}

function addBoxes(editor: Editor, count: number, random: () => number): TLShapeId[] {
  const ids = Array.from({ length: count }, () => createShapeId());
  editor.createShapes<TLGeoShape>(
    ids.map((id) => ({ id, type: 'geo', x: random() * 4000 - 500, y: random() * 3000 - 500, props: { w: 120, h: 80, fill: random() < 0.3 ? 'solid' : 'none' } })),
  );
  return ids;
}

const sorted = (ids: Iterable<TLShapeId>) => [...ids].sort();

describe('shapes outside the viewport', () => {
  it(`are tldraw's set after every pan, zoom, move, restyle, add, delete and page switch [CULL_SEED=${SEED}]`, () => {
    const random = seededRandom(SEED);
    const editor = editorWithViewport();
    const firstPage = editor.getCurrentPageId();
    const secondPage = PageRecordType.createId();
    editor.createPage({ id: secondPage, name: 'Second' });
    const shapes = [...addNoteGrid(editor, 300, { spacing: 180 }), ...addBoxes(editor, 40, random)];
    const pick = () => shapes[Math.floor(random() * shapes.length)] as TLShapeId;
    const sizes = new Set<number>();
    let previous = editor.getNotVisibleShapes();
    let previousMembers = sorted(previous);

    for (let step = 0; step < 500; step++) {
      const roll = random();
      if (roll < 0.2) editor.setCamera({ x: -random() * 3000, y: -random() * 2500, z: editor.getZoomLevel() });
      else if (roll < 0.25) editor.setCamera({ ...editor.getCamera(), z: 0.1 + random() * 1.5 });
      else if (roll < 0.65) {
        const id = pick();
        const shape = editor.getShape(id);
        if (shape) editor.updateShape({ id, type: shape.type, x: shape.x + (random() - 0.5) * 600, y: shape.y + (random() - 0.5) * 600 });
      } else if (roll < 0.75) {
        const id = pick();
        const shape = editor.getShape(id);
        if (shape?.type === 'geo') editor.updateShape<TLGeoShape>({ id, type: 'geo', props: { fill: shape.props.fill === 'solid' ? 'none' : 'solid' } });
      } else if (roll < 0.85) shapes.push(...addBoxes(editor, 1 + Math.floor(random() * 3), random));
      else if (roll < 0.95) editor.deleteShapes([pick()]);
      else editor.setCurrentPage(editor.getCurrentPageId() === firstPage ? secondPage : firstPage);

      const expected = sorted(tldrawNotVisibleShapes.call(editor));
      const current = editor.getNotVisibleShapes();
      expect(sorted(current), `step ${step}`).toEqual(expected);
      // The same set object exactly when its members are the same: readers have nothing to redo.
      expect(current === previous, `step ${step}: same object`).toBe(expected.join() === previousMembers.join());
      previous = current;
      previousMembers = expected;
      sizes.add(expected.length);
    }
    // Not a vacuous comparison: the set changed size many times.
    expect(sizes.size).toBeGreaterThan(20);
  });

  it('stay the same set while nothing comes on or goes off screen, so the canvas has nothing to redo', () => {
    const editor = editorWithViewport();
    const ids = addNoteGrid(editor, 200, { spacing: 220 });
    const before = editor.getNotVisibleShapes();
    const offScreen = ids.find((id) => before.has(id) && (editor.getShape(id)?.x ?? 0) > 3000);
    if (!offScreen) throw new Error('no shape far off screen');
    editor.updateShape({ id: offScreen, type: 'note', x: 3500, y: 3500 });
    expect(editor.getNotVisibleShapes()).toBe(before);

    editor.updateShape({ id: offScreen, type: 'note', x: 100, y: 100 });
    const after = editor.getNotVisibleShapes();
    expect(after.has(offScreen)).toBe(false);
    expect(after.size).toBe(before.size - 1);
  });
});
