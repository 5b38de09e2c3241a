import { unsafe__withoutCapture, type Editor } from 'tldraw';

/**
 * A method of tldraw's Editor as it is now, to be called with an explicit `this` once it has been
 * replaced. Throws when tldraw no longer has it: a replacement would then silently do nothing.
 */
export function methodOf<Result>(prototype: Editor, name: keyof Editor): (this: Editor, ...args: never[]) => Result {
  const method: unknown = Object.getOwnPropertyDescriptor(prototype, name)?.value;
  if (typeof method !== 'function') throw new Error(`tldraw changed: Editor.${name} is not a method`);
  return method as (this: Editor, ...args: never[]) => Result;
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
