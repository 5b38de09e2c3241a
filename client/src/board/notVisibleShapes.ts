import { computed, ShapeUtil, type Editor, type Computed, type TLShapeId } from 'tldraw';
import { onePerEditor, replaceEditorMethod, utilOfShapeId } from './tldrawMethods.ts';

/**
 * tldraw's set of the page's shapes outside the viewport (what the canvas hides, and what it
 * culls) is rebuilt from every shape of the page whenever any shape moves: on a 2,000-card board,
 * every frame of a drag, and every remote edit, went through 2,000 shapes to find that the set had
 * not changed.
 *
 * Here the set follows what changed. While the page holds the same shapes, only those that came
 * into or left the viewport (both sets come from the spatial index, in proportion to what is on
 * screen), and the few shapes whose kind decides for itself whether it may be culled, are looked
 * at. When shapes are added or removed, or the page changes, it is rebuilt as tldraw does. The set
 * is tldraw's own, and the same object while its contents stay the same.
 *
 * The canvas reads it in its first render, before any `onMount`, so this replaces the method on
 * the Editor class (once, at start-up) rather than on an editor.
 */
export function followNotVisibleShapesByChange(): void {
  replaceEditorMethod('getNotVisibleShapes', () => function getNotVisibleShapes(this: Editor): Set<TLShapeId> {
    return notVisibleShapesOf(this).get();
  });
}

interface LastAnswer {
  pageShapeIds: ReadonlySet<TLShapeId>;
  visible: ReadonlySet<TLShapeId>;
  /** Shapes whose kind overrides `canCull`: looked at on every change. */
  ownCullers: TLShapeId[];
  notVisible: Set<TLShapeId>;
}

const notVisibleShapesOf = onePerEditor((editor): Computed<Set<TLShapeId>> => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- compared by identity (as tldraw does), never called
  const defaultCanCull = ShapeUtil.prototype.canCull;
  const mayCull = (id: TLShapeId): boolean => {
    const shape = editor.getShape(id);
    return shape !== undefined && editor.getShapeUtil(shape).canCull(shape);
  };
  let last: LastAnswer | undefined;

  const fromScratch = (pageShapeIds: ReadonlySet<TLShapeId>, visible: ReadonlySet<TLShapeId>): LastAnswer => {
    const ownCullers: TLShapeId[] = [];
    const notVisible = new Set<TLShapeId>();
    for (const id of pageShapeIds) {
      const util = utilOfShapeId(editor, id);
      if (!util) continue;
      const ownCuller = util.canCull !== defaultCanCull;
      if (ownCuller) ownCullers.push(id);
      if (visible.has(id)) continue;
      if (!ownCuller || mayCull(id)) notVisible.add(id);
    }
    return { pageShapeIds, visible, ownCullers, notVisible };
  };

  const byChange = (previous: LastAnswer, visible: ReadonlySet<TLShapeId>): LastAnswer => {
    let notVisible = previous.notVisible;
    const change = (id: TLShapeId, hidden: boolean) => {
      if (notVisible.has(id) === hidden) return;
      if (notVisible === previous.notVisible) notVisible = new Set(notVisible);
      if (hidden) notVisible.add(id);
      else notVisible.delete(id);
    };
    for (const id of previous.visible) {
      if (!visible.has(id) && previous.pageShapeIds.has(id)) change(id, true);
    }
    for (const id of visible) change(id, false);
    // Last, so that their own answer wins over the two rules above.
    for (const id of previous.ownCullers) change(id, !visible.has(id) && mayCull(id));
    return { ...previous, visible, notVisible };
  };

  return computed('shapes outside the viewport', () => {
    const pageShapeIds = editor.getCurrentPageShapeIds();
    const visible = editor.getShapeIdsInsideBounds(editor.getViewportPageBounds());
    const previous = last;
    last = previous?.pageShapeIds === pageShapeIds ? byChange(previous, visible) : fromScratch(pageShapeIds, visible);
    // Unchanged contents keep the same set, as tldraw's does: what reads it then has nothing to redo.
    if (previous && last.notVisible !== previous.notVisible && sameMembers(last.notVisible, previous.notVisible)) {
      last = { ...last, notVisible: previous.notVisible };
    }
    return last.notVisible;
  });
});

function sameMembers(a: ReadonlySet<TLShapeId>, b: ReadonlySet<TLShapeId>): boolean {
  if (a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
}
