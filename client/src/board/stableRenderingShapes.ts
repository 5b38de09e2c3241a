import { computed, isUninitialized, RESET_VALUE, type Editor, type RecordsDiff, type TLRenderingShape, type TLShape } from 'tldraw';
import { shapesSeenOnScreen } from './shapesSeenOnScreen.ts';

/**
 * tldraw's canvas lists the shapes to render with `getRenderingShapes()`, which reads every shape
 * on the page: any change to any shape (each card moved by a drag, local or remote, many times a
 * second) re-ran it over the whole board, checked its thousands of inputs, and gave a new list,
 * so React compared every shape element of the board as well. On a 2,000-shape board that was
 * about a third of the page's main thread while dragging.
 *
 * A change of position does not need any of it: each shape's container follows its shape's
 * position by itself (a reactor per shape writes the CSS transform), and a shape's content
 * re-renders only when its props or meta change, always from the newest record in the store.
 * So while the store's changes are moves (x, y, rotation) of existing shapes, this keeps the list
 * as it was, looking only at the changes themselves; anything else (a shape added, removed,
 * restyled, reordered, reparented, hidden; another page; erasing) lists the shapes again as
 * tldraw does, and a list equal to the previous one is still the previous one.
 *
 * `readOtherInputs` must read every signal that the editor's shape-visibility function reads
 * besides the shape itself (private mode, the user), so that a change there lists again.
 *
 * Installed on the editor instance: every reader of `getRenderingShapes()` (the canvas, the
 * indicator overlays) gets the kept list from its next read on; the canvas, which first read the
 * editor's own list before `onMount` (tldraw's, less the shapes never on screen: see
 * shapesSeenOnScreen.ts), switches at the first change after mount. Returns the function that
 * removes it.
 */
export function keepRenderingShapesWhileOnlyPlacementChanges(editor: Editor, readOtherInputs: () => void = () => {}): () => void {
  const tldrawRenderingShapes = editor.getRenderingShapes.bind(editor);
  const shapeChanges = editor.store.query.filterHistory('shape');
  // A new number whenever any input other than the shapes changed: such a change lists again,
  // even when it comes together with moves.
  let inputsVersion = 0;
  const otherInputs = computed('rendering shapes: inputs besides shapes', () => {
    editor.getCurrentPage();
    editor.getErasingShapeIds();
    // Shapes join the canvas's list when first seen on screen (shapesSeenOnScreen.ts), without
    // any change to the store.
    shapesSeenOnScreen(editor).version();
    readOtherInputs();
    return ++inputsVersion;
  });
  let listedWithInputs = -1;
  const kept = computed<TLRenderingShape[]>('rendering shapes, kept across moves', (previous, lastComputedEpoch) => {
    const inputs = otherInputs.get();
    if (!isUninitialized(previous) && inputs === listedWithInputs) {
      const changes = shapeChanges.getDiffSince(lastComputedEpoch);
      // Only the shape log and the other inputs are read on this path: while nothing but moves
      // happen, they are this list's only inputs, and checking it costs next to nothing.
      if (changes !== RESET_VALUE && changes.length > 0 && changes.every(onlyMoves)) return previous;
    }
    listedWithInputs = inputs;
    shapeChanges.get();
    const listed = tldrawRenderingShapes();
    return !isUninitialized(previous) && sameRenderingShapes(previous, listed) ? previous : listed;
  });
  editor.getRenderingShapes = () => kept.get();
  return () => {
    delete (editor as Partial<Pick<Editor, 'getRenderingShapes'>>).getRenderingShapes;
  };
}

/** True when a change only moved or rotated existing shapes (no field the list depends on). */
function onlyMoves(diff: RecordsDiff<TLShape>): boolean {
  for (const _ in diff.added) return false;
  for (const _ in diff.removed) return false;
  for (const [from, to] of Object.values(diff.updated)) {
    if (!sameListing(from, to)) return false;
  }
  return true;
}

/** Everything of a shape that its entry in the list (place, z-order, opacity, content) depends on. */
function sameListing(a: TLShape, b: TLShape): boolean {
  return sameContent(a, b) && a.parentId === b.parentId && a.index === b.index && a.opacity === b.opacity && a.isLocked === b.isLocked;
}

/** Two lists that render the same: entries in the same order, place, z-order, opacity and content. */
function sameRenderingShapes(a: readonly TLRenderingShape[], b: readonly TLRenderingShape[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) return false;
    if (
      x.id !== y.id ||
      x.util !== y.util ||
      x.index !== y.index ||
      x.backgroundIndex !== y.backgroundIndex ||
      x.opacity !== y.opacity ||
      !sameContent(x.shape, y.shape)
    ) {
      return false;
    }
  }
  return true;
}

/** What a shape's rendered content and its wrapper show (tldraw's own test, plus the type). */
function sameContent(a: TLShape, b: TLShape): boolean {
  return a === b || (a.type === b.type && a.props === b.props && a.meta === b.meta);
}
