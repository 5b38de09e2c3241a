import { Box, computed, type Computed, type Editor, type ShapeUtil, type TLShape, type TLShapeId, type Vec } from 'tldraw';
import { onePerEditor, replaceEditorMethod, utilOfShapeId } from './tldrawMethods.ts';

/**
 * While shapes are dragged, tldraw asks on every pointer move (and on a timer) which shape they
 * are dragged over: the topmost shape under the pointer whose kind takes dropped shapes (a frame,
 * say). It answers by walking every shape of the page, top to bottom, and checking each one's
 * visibility, so on a 2,000-card board this was the largest single cost of a drag frame (about a
 * sixth of the page's main thread, timer included).
 *
 * Here the answer comes from the shapes that could give it: the page's drop targets, a list kept
 * per page that changes only when shapes are added or removed, checked against the pointer as
 * tldraw checks them. A board without frames has none, and a drag asks nothing more. The answer
 * is tldraw's own; only when several drop targets overlap under the pointer does it read the
 * page's z-order to pick the topmost.
 *
 * Tools call this during a drag's first frame, before any `onMount`, so this replaces the method
 * on the Editor class (once, at start-up) rather than on an editor.
 */
export function findDraggingOverAmongDropTargets(): void {
  replaceEditorMethod('getDraggingOverShape', () => function getDraggingOverShape(this: Editor, point: Vec, droppingShapes: TLShape[]): TLShape | undefined {
    const targets = dropTargetsOnPage(this);
    if (targets.length === 0) return undefined;
    const dragging: TLShapeId[] = [];
    for (const { id } of droppingShapes) {
      const shape = this.getShape(id);
      if (shape && !shape.isLocked && !this.isShapeHidden(shape)) dragging.push(id);
    }
    // The dragged shapes and what they contain are never what they are dragged over.
    const excluded = this.getShapeAndDescendantIds(dragging);
    for (const { id } of droppingShapes) excluded.add(id);
    const underPointer = this.getShapeIdsInsideBounds(new Box(point.x, point.y, 0, 0));
    const hits: TLShape[] = [];
    for (const id of targets) {
      if (excluded.has(id)) continue;
      const shape = this.getShape(id);
      if (!shape || shape.isLocked || this.isShapeHidden(shape)) continue;
      // tldraw checks frame-like shapes wherever the pointer is (their label may lie outside their bounds).
      if (!underPointer.has(id) && !this.isShapeFrameLike(shape)) continue;
      if (this.isPointInShape(shape, point, { hitInside: true, margin: 0 })) hits.push(shape);
    }
    if (hits.length <= 1) return hits[0];
    const zOrder = this.getCurrentPageShapesSorted();
    return hits.reduce((top, shape) => (zOrder.indexOf(shape) > zOrder.indexOf(top) ? shape : top));
  });
}
/** The current page's shapes whose kind takes dropped shapes, in no particular order. */
export function dropTargetsOnPage(editor: Editor): TLShapeId[] {
  return dropTargetsOf(editor).get();
}

const dropTargetsOf = onePerEditor((editor): Computed<TLShapeId[]> =>
  computed('shapes on the page that take dropped shapes', () => {
    const targets: TLShapeId[] = [];
    for (const id of editor.getCurrentPageShapeIds()) {
      const util = utilOfShapeId(editor, id);
      if (util && takesDrops(util)) targets.push(id);
    }
    return targets;
  }),
);

const DROP_HANDLERS = ['onDragShapesOver', 'onDragShapesIn', 'onDragShapesOut', 'onDropShapesOver'] as const;

/** tldraw's own test: the kind has any of the handlers for shapes dragged over or dropped on it. */
function takesDrops(util: ShapeUtil): boolean {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only tested for presence, as tldraw does
  return DROP_HANDLERS.some((handler) => Boolean(util[handler]));
}
