import { Box, react, type Editor } from 'tldraw';

const MARGIN = 24;

/**
 * When the canvas changes size (the side panel opens or closes, the window is resized), the camera
 * moves just enough that the selection stays in view (zooming out if it no longer fits): a panel beside the canvas must not leave the
 * card being edited behind it. Camera moves by people are left alone.
 */
export function keepSelectionVisibleOnResize(editor: Editor): () => void {
  let last: { w: number; h: number } | null = null;
  return react('keep selection visible when the canvas resizes', () => {
    const { w, h } = editor.getViewportScreenBounds();
    const previous = last;
    last = { w, h };
    if (!previous || (previous.w === w && previous.h === h)) return;
    const selection = editor.getSelectionPageBounds();
    if (!selection) return;
    const viewport = editor.getViewportPageBounds();
    const margin = MARGIN / editor.getZoomLevel();
    const inner = new Box(viewport.x + margin, viewport.y + margin, Math.max(0, viewport.w - 2 * margin), Math.max(0, viewport.h - 2 * margin));
    if (inner.contains(selection)) return;
    if (selection.w > inner.w || selection.h > inner.h) {
      // Too big for the smaller canvas: zoom out until it fits, as "zoom to selection" would.
      editor.zoomToBounds(selection, { inset: MARGIN, immediate: true });
      return;
    }
    const dx = shift(selection.minX, selection.maxX, inner.minX, inner.maxX);
    const dy = shift(selection.minY, selection.maxY, inner.minY, inner.maxY);
    if (dx === 0 && dy === 0) return;
    const camera = editor.getCamera();
    editor.setCamera({ x: camera.x - dx, y: camera.y - dy, z: camera.z }, { immediate: true });
  });
}

/** How far the view must move along one axis to show [min, max] inside [lo, hi] (its start first if it does not fit). */
function shift(min: number, max: number, lo: number, hi: number): number {
  if (max - min > hi - lo || min < lo) return min - lo;
  if (max > hi) return max - hi;
  return 0;
}
