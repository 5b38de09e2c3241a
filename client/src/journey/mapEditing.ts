import type { Editor, TLShapePartial } from 'tldraw';
import { relayoutChildren, type JourneyMapProps } from '../../../shared/src/index.ts';
import type { JourneyMapShape } from './shapeTypes.ts';

/** Moves the map's children so each stays in its stage and lane after a structural change. */
export function relayoutMapChildren(editor: Editor, mapId: JourneyMapShape['id'], before: JourneyMapProps, after: JourneyMapProps): void {
  const children = editor
    .getSortedChildIdsForParent(mapId)
    .map((id) => editor.getShape(id))
    .filter((child) => child !== undefined && child.type !== 'arrow');
  const boxes = children.map((child) => {
    const bounds = editor.getShapeGeometry(child).bounds;
    return { id: child.id, x: child.x, y: child.y, w: bounds.w, h: bounds.h };
  });
  const moves = relayoutChildren(before, after, boxes);
  const byId = new Map(children.map((c) => [c.id, c]));
  const updates: TLShapePartial[] = [];
  for (const move of moves) {
    const child = byId.get(move.id as JourneyMapShape['id']);
    if (child) updates.push({ id: child.id, type: child.type, x: move.x, y: move.y });
  }
  if (updates.length > 0) editor.updateShapes(updates);
}

/**
 * Applies a structural edit of a journey map and keeps its cards in their cells.
 * `asNewUndoStep` is false while a drag continues one step (resizing a column).
 */
export function editJourneyMap(
  editor: Editor,
  shape: JourneyMapShape,
  edit: (props: JourneyMapProps) => JourneyMapProps,
  asNewUndoStep = true,
): void {
  const current = editor.getShape<JourneyMapShape>(shape.id) ?? shape;
  const after = edit(current.props);
  if (after === current.props) return;
  if (asNewUndoStep) editor.markHistoryStoppingPoint('edit journey map');
  editor.run(() => {
    editor.updateShape<JourneyMapShape>({ id: current.id, type: current.type, props: after });
    relayoutMapChildren(editor, current.id, current.props, after);
  });
}
