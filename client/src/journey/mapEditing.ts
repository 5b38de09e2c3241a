import { Box, type Editor, type TLShapePartial } from 'tldraw';
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

/** Room for the add-stage and add-lane controls the editor shows right of the grid. */
const ADD_CONTROLS = { gap: 8, width: 180, height: 120 };

/**
 * Screen pixels kept free at each edge of the canvas when the camera has to move: tldraw's menu and
 * style panel sit at the top of the canvas, its toolbar at the bottom.
 */
const REVEAL_INSETS = { top: 64, right: 16, bottom: 88, left: 16 };

/** Below this zoom the editor's fields are too small to type in; a taller map is shown from its top. */
const READABLE_ZOOM = 0.6;

/**
 * Moves the camera, if needed, so the fields of the structure editor are on screen and clear of
 * tldraw's own panels: the title, each stage's name, the add controls right of the grid and as
 * many lanes as fit at a zoom where the fields can still be read (a taller map shows its top, the
 * rest a scroll away). It zooms in only as far as that readable zoom.
 */
export function revealMapEditor(editor: Editor, mapId: JourneyMapShape['id'], animate = true): void {
  const map = editor.getShape<JourneyMapShape>(mapId);
  const bounds = map ? editor.getShapePageBounds(map) : undefined;
  if (!map || !bounds) return;
  const area = new Box(bounds.x, bounds.y, bounds.w + ADD_CONTROLS.gap + ADD_CONTROLS.width, Math.max(bounds.h, map.props.titleHeight + ADD_CONTROLS.height));
  const screen = editor.getViewportScreenBounds();
  const free = new Box(
    REVEAL_INSETS.left,
    REVEAL_INSETS.top,
    Math.max(1, screen.w - REVEAL_INSETS.left - REVEAL_INSETS.right),
    Math.max(1, screen.h - REVEAL_INSETS.top - REVEAL_INSETS.bottom),
  );
  const camera = editor.getCamera();
  // Where a page box appears on the canvas: screen = (page + camera) * zoom.
  const shown = (box: Box) => new Box((box.x + camera.x) * camera.z, (box.y + camera.y) * camera.z, box.w * camera.z, box.h * camera.z);
  if (camera.z >= READABLE_ZOOM && free.contains(shown(area))) return;
  const zoom = Math.min(Math.max(camera.z, READABLE_ZOOM), free.w / area.w, Math.max(free.h / area.h, READABLE_ZOOM));
  const needed = new Box(area.x, area.y, area.w, Math.min(area.h, free.h / zoom));
  if (zoom === camera.z && free.contains(shown(needed))) return;
  const x = (free.x + (free.w - area.w * zoom) / 2) / zoom - area.x;
  const y = (free.y + Math.max(0, (free.h - area.h * zoom) / 2)) / zoom - area.y;
  editor.setCamera({ x, y, z: zoom }, animate ? { animation: { duration: editor.options.animationMediumMs } } : { immediate: true });
}

/** Opens the map's structure editor (as a double-click on it does), from a button or a key. */
export function openMapEditor(editor: Editor, mapId: JourneyMapShape['id']): void {
  const map = editor.getShape<JourneyMapShape>(mapId);
  if (!map || !editor.canEditShape(map)) return;
  editor.markHistoryStoppingPoint('editing shape');
  editor.select(map.id);
  editor.setEditingShape(map.id);
  editor.setCurrentTool('select.editing_shape');
}
