/**
 * Real tldraw editors for unit tests of the canvas's rendering work (happy-dom environment):
 * tldraw's default shapes, disposed after each test.
 */
import { afterEach } from 'vitest';
import {
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  defaultTools,
  Editor,
  type TLAnyShapeUtilConstructor,
  type TLNoteShape,
  type TLShape,
  type TLShapeId,
} from 'tldraw';

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.dispose();
});

export function createTestEditor(getShapeVisibility?: (shape: TLShape) => 'hidden' | 'inherit', shapeUtils: readonly TLAnyShapeUtilConstructor[] = defaultShapeUtils): Editor {
  const editor = new Editor({
    store: createTLStore({ shapeUtils, bindingUtils: defaultBindingUtils }),
    shapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: defaultTools,
    getContainer: () => document.body,
    ...(getShapeVisibility ? { getShapeVisibility } : {}),
  });
  editors.push(editor);
  return editor;
}

/** Notes in rows of 20, `spacing` apart, from `origin`. */
export function addNoteGrid(editor: Editor, count: number, { spacing = 220, origin = { x: 0, y: 0 } } = {}): TLShapeId[] {
  const ids = Array.from({ length: count }, () => createShapeId());
  editor.createShapes<TLNoteShape>(
    ids.map((id, i) => ({ id, type: 'note', x: origin.x + (i % 20) * spacing, y: origin.y + Math.floor(i / 20) * spacing })),
  );
  return ids;
}
