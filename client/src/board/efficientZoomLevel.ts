import { atom, computed, react, type Computed, type Editor } from 'tldraw';
import { onePerEditor, replaceEditorMethod } from './tldrawMethods.ts';

/**
 * tldraw's `getEfficientZoomLevel()` (the zoom that shapes use to pick a simpler look when zoomed
 * far out) depends on whether the page has more shapes than `options.debouncedZoomThreshold`,
 * which it reads from the set of the page's shape ids. Every sticky note (and geo shape, arrow)
 * subscribes to it while rendering, so every change to any shape reached every note's
 * subscription: on a 2,000-shape board, each frame of a drag checked ~2,000 subscriptions whose
 * answer could not have changed (about a sixth of the page's main thread).
 *
 * Here the "more shapes than the threshold" answer is an atom that one reaction per editor keeps
 * up to date: shape changes reach that one reaction, and the shapes' subscriptions hear of it only
 * when the answer flips. The values are tldraw's own.
 *
 * Shapes subscribe during the canvas's first render, before any `onMount`, so this replaces the
 * method on the Editor class (once, at start-up) rather than on an editor.
 */
export function decoupleEfficientZoomLevelFromShapes(): void {
  replaceEditorMethod('getEfficientZoomLevel', () => function getEfficientZoomLevel(this: Editor): number {
    return efficientZoomLevelOf(this).get();
  });
}

const efficientZoomLevelOf = onePerEditor((editor): Computed<number> => {
  const threshold = editor.options.debouncedZoomThreshold;
  const manyShapes = (): boolean => editor.getCurrentPageShapeIds().size > threshold;
  const $manyShapes = atom('page has more shapes than the debounced-zoom threshold', manyShapes());
  editor.disposables.add(react('count shapes for the debounced-zoom threshold', () => $manyShapes.set(manyShapes())));
  return computed('efficient zoom level, apart from shape changes', () =>
    $manyShapes.get() ? editor.getDebouncedZoomLevel() : editor.getZoomLevel(),
  );
});
