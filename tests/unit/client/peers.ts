import * as Y from 'yjs';
import {
  Editor,
  atom,
  createTLStore,
  createTLCurrentUser,
  defaultBindingUtils,
  defaultShapeUtils,
  type TLStore,
} from 'tldraw';

/** Origin used when one test doc receives another's update, like a provider would. */
export const NETWORK = Symbol('network');

/**
 * Connects two docs the way a sync server would: every update one makes is applied to the other.
 * Returns a function that cuts the link, for offline scenarios.
 */
export function linkDocs(a: Y.Doc, b: Y.Doc): () => void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), NETWORK);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b), NETWORK);
  const forwardToB = (update: Uint8Array, origin: unknown) => {
    if (origin !== NETWORK) Y.applyUpdate(b, update, NETWORK);
  };
  const forwardToA = (update: Uint8Array, origin: unknown) => {
    if (origin !== NETWORK) Y.applyUpdate(a, update, NETWORK);
  };
  a.on('update', forwardToB);
  b.on('update', forwardToA);
  return () => {
    a.off('update', forwardToB);
    b.off('update', forwardToA);
  };
}

export interface HeadlessPeer {
  store: TLStore;
  editor: Editor;
}

/** A real tldraw editor without React, so tests draw shapes the way the UI does. */
export function createHeadlessPeer(name = 'Tester'): HeadlessPeer {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  const container = document.createElement('div');
  document.body.appendChild(container);
  const editor = new Editor({
    store,
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [],
    getContainer: () => container,
    user: createTLCurrentUser({
      userPreferences: atom('test user', { id: `user-${name}`, name, color: '#39B178' }),
      setUserPreferences: () => {},
    }),
  });
  return { store, editor };
}

export function createEmptyStore(): TLStore {
  return createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
}
