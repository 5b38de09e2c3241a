import type { Editor } from 'tldraw';

/**
 * A method of tldraw's Editor as it is now, to be called with an explicit `this` once it has been
 * replaced. Throws when tldraw no longer has it: a replacement would then silently do nothing.
 */
export function methodOf<Result>(prototype: Editor, name: keyof Editor): (this: Editor, ...args: never[]) => Result {
  const method: unknown = Object.getOwnPropertyDescriptor(prototype, name)?.value;
  if (typeof method !== 'function') throw new Error(`tldraw changed: Editor.${name} is not a method`);
  return method as (this: Editor, ...args: never[]) => Result;
}
