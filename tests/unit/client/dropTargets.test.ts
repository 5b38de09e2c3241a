// @vitest-environment happy-dom
/**
 * What a drag is over (a frame that would take the dragged cards) comes from the page's drop
 * targets instead of every shape: checked on a real tldraw Editor against tldraw's own answer.
 */
import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Box, createShapeId, defaultShapeUtils, Editor, GeoShapeUtil, PageRecordType, Vec, type TLFrameShape, type TLGeoShape, type TLShape, type TLShapeId } from 'tldraw';
import { dropTargetsOnPage, findDraggingOverAmongDropTargets } from '../../../client/src/board/dropTargets.ts';
import { seededRandom } from '../../support/random.ts';
import { addNoteGrid, createTestEditor } from './tldrawEditors.ts';

// tldraw's own answer, kept before it is replaced.
const tldrawMethod: unknown = Object.getOwnPropertyDescriptor(Editor.prototype, 'getDraggingOverShape')?.value;
const tldrawDraggingOver = tldrawMethod as (this: Editor, point: Vec, droppingShapes: TLShape[]) => TLShape | undefined;
beforeAll(() => {
  findDraggingOverAmongDropTargets();
  // Otherwise the comparison below would be of the replacement with itself.
  expect(Object.getOwnPropertyDescriptor(Editor.prototype, 'getDraggingOverShape')?.value).not.toBe(tldrawMethod);
});

/** A kind that takes dropped shapes without being frame-like: tldraw checks it only under the pointer. */
class DropBoxGeoUtil extends GeoShapeUtil {
  override onDragShapesOver = (): void => undefined;
}
const shapeUtils = [...defaultShapeUtils.filter((util) => util.type !== 'geo'), DropBoxGeoUtil];

const SEED = process.env.DROP_SEED ? Number(process.env.DROP_SEED) : randomInt(2 ** 31);

function addFrame(editor: Editor, frame: { x: number; y: number; w: number; h: number; parentId?: TLShapeId; rotation?: number; isLocked?: boolean }): TLShapeId {
  const id = createShapeId();
  const { w, h, ...placement } = frame;
  editor.createShape<TLFrameShape>({ id, type: 'frame', ...placement, props: { w, h } });
  return id;
}

describe('what dragged shapes are over', () => {
  it(`is what tldraw answers, for frames nested, overlapping, rotated, locked and hidden, and other drop targets [DROP_SEED=${SEED}]`, () => {
    const random = seededRandom(SEED);
    const hidden = new Set<TLShapeId>();
    const editor = createTestEditor((shape) => (hidden.has(shape.id) ? 'hidden' : 'inherit'), shapeUtils);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const frames: TLShapeId[] = [];
    for (let i = 0; i < 12; i++) {
      const parentId = frames.length > 0 && random() < 0.3 ? pick(frames) : undefined;
      frames.push(
        addFrame(editor, {
          x: Math.round(random() * 1600) - (parentId ? 1400 : 0),
          y: Math.round(random() * 1000) - (parentId ? 800 : 0),
          w: 200 + Math.round(random() * 800),
          h: 200 + Math.round(random() * 600),
          ...(parentId ? { parentId } : {}),
          ...(random() < 0.2 ? { rotation: random() * Math.PI } : {}),
          isLocked: random() < 0.1,
        }),
      );
    }
    for (const id of frames) if (random() < 0.25) hidden.add(id);
    // On top of all of them and under every point: neither may take the drop.
    frames.push(addFrame(editor, { x: -300, y: -300, w: 2600, h: 2000, isLocked: true }));
    const coveringHidden = addFrame(editor, { x: -300, y: -300, w: 2600, h: 2000 });
    hidden.add(coveringHidden);
    frames.push(coveringHidden);
    const notes = addNoteGrid(editor, 60, { spacing: 90, origin: { x: -100, y: -100 } });
    const boxes = Array.from({ length: 10 }, () => createShapeId());
    editor.createShapes<TLGeoShape>(boxes.map((id) => ({ id, type: 'geo', x: random() * 1600, y: random() * 1000, props: { w: 150 + random() * 300, h: 150 + random() * 300 } })));
    const shapes = [...frames, ...notes, ...boxes];
    // A drag passes the records it started with, which are stale once they have moved.
    const atDragStart = shapes.map((id) => editor.getShape(id)).filter((s): s is TLShape => s !== undefined);

    let answers = 0;
    let boxAnswers = 0;
    for (let step = 0; step < 400; step++) {
      const dropping = Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.5 ? pick(atDragStart) : editor.getShape(pick(shapes)))).filter(
        (s): s is TLShape => s !== undefined,
      );
      const point = new Vec(Math.round(random() * 2000) - 200, Math.round(random() * 1400) - 200);
      const expected = tldrawDraggingOver.call(editor, point, dropping);
      expect(editor.getDraggingOverShape(point, dropping)?.id, `step ${step} at ${point.x},${point.y}`).toBe(expected?.id);
      if (expected) answers++;
      if (expected?.type === 'geo') boxAnswers++;
      // Move something now and then: the answer must follow the shapes.
      if (step % 25 === 24) editor.updateShape({ id: pick(frames), type: 'frame', x: Math.round(random() * 1600), y: Math.round(random() * 1000) });
      if (step % 25 === 12) editor.updateShape({ id: pick(boxes), type: 'geo', x: Math.round(random() * 1600), y: Math.round(random() * 1000) });
    }
    // Not a vacuous comparison: many points were over a frame, and some over a box.
    expect(answers).toBeGreaterThan(40);
    expect(boxAnswers).toBeGreaterThan(5);
  });

  it('knows of frames as they are created and deleted, and of each page its own', () => {
    const editor = createTestEditor();
    addNoteGrid(editor, 40);
    expect(dropTargetsOnPage(editor)).toEqual([]);
    const note = editor.getCurrentPageShapes()[0];
    if (!note) throw new Error('no note');
    expect(editor.getDraggingOverShape(new Vec(50, 50), [note])).toBeUndefined();

    const frame = addFrame(editor, { x: 5000, y: 0, w: 400, h: 400 });
    expect(dropTargetsOnPage(editor)).toEqual([frame]);
    expect(editor.getDraggingOverShape(new Vec(5100, 100), [note])?.id).toBe(frame);

    const otherPage = PageRecordType.createId();
    editor.createPage({ id: otherPage, name: 'Second' });
    editor.setCurrentPage(otherPage);
    expect(dropTargetsOnPage(editor)).toEqual([]);
    editor.setCurrentPage(note.parentId as never);
    expect(dropTargetsOnPage(editor)).toEqual([frame]);

    editor.deleteShape(frame);
    expect(dropTargetsOnPage(editor)).toEqual([]);
  });

  it('lets a card dragged with the pointer into a frame land in it', () => {
    const editor = createTestEditor();
    editor.updateViewportScreenBounds(new Box(0, 0, 1200, 800));
    const frame = addFrame(editor, { x: 600, y: 100, w: 400, h: 400 });
    const [note] = addNoteGrid(editor, 1, { origin: { x: 100, y: 100 } });
    if (!note) throw new Error('no note');
    editor.setCurrentTool('select');
    const pointer = (name: 'pointer_down' | 'pointer_move' | 'pointer_up', x: number, y: number) => {
      const shape = editor.getShape(note);
      editor.dispatch({
        type: 'pointer',
        name,
        ...(shape ? { target: 'shape', shape } : { target: 'canvas' }),
        point: { x, y, z: 0.5 },
        pointerId: 1,
        button: 0,
        isPen: false,
        shiftKey: false,
        altKey: false,
        ctrlKey: false,
        metaKey: false,
        accelKey: false,
      });
      // Pointer moves wait for the next frame.
      editor.emit('tick', 16);
    };
    pointer('pointer_down', 150, 150);
    for (let x = 160; x <= 760; x += 40) pointer('pointer_move', x, 200);
    pointer('pointer_up', 760, 200);
    expect(editor.getShape(note)?.parentId).toBe(frame);
  });
});
