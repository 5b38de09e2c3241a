import { Editor, unsafe__withoutCapture, type ShapeUtil, type TLShapeId } from 'tldraw';

/**
 * Replaces a method of tldraw's Editor class, once (later calls do nothing). `replace` receives
 * tldraw's own method, to be called with an explicit `this`. Throws when tldraw no longer has the
 * method: a replacement would then silently do nothing.
 *
 * On the class rather than on an editor: the canvas's first render, before any `onMount`, already
 * calls these methods.
 */
export function replaceEditorMethod<Name extends keyof Editor>(name: Name, replace: (tldraws: Editor[Name]) => Editor[Name]): void {
  if (replaced.has(name)) return;
  const method: unknown = Object.getOwnPropertyDescriptor(Editor.prototype, name)?.value;
  if (typeof method !== 'function') throw new Error(`tldraw changed: Editor.${name} is not a method`);
  replaced.add(name);
  Object.defineProperty(Editor.prototype, name, { value: replace(method as Editor[Name]), writable: true, configurable: true });
}

const replaced = new Set<keyof Editor>();

/** A shape's util by its id, without subscribing to the shape: a record's type never changes. */
export function utilOfShapeId(editor: Editor, id: TLShapeId): ShapeUtil | undefined {
  const shape = editor.store.unsafeGetWithoutCapture(id);
  return shape ? editor.getShapeUtil(shape) : undefined;
}

/**
 * One value per editor, made on first use. It is made outside any reactive capture: it holds its
 * own signals, and whatever first asked for it (a component's render, a computed) must not come
 * to depend on what making it read.
 */
export function onePerEditor<Value, Args extends unknown[] = []>(make: (editor: Editor, ...args: Args) => Value): (editor: Editor, ...args: Args) => Value {
  const byEditor = new WeakMap<Editor, Value>();
  return (editor, ...args) => {
    if (byEditor.has(editor)) return byEditor.get(editor) as Value;
    const value = unsafe__withoutCapture(() => make(editor, ...args));
    byEditor.set(editor, value);
    return value;
  };
}
