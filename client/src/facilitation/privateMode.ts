import type { Editor, Signal, TLShape } from 'tldraw';
import type * as Y from 'yjs';
import { isHiddenByPrivateMode, PRIVATE_AUTHOR_META, PRIVATE_BATCH_META, type PrivateMode, type Role } from '../../../shared/src/index.ts';
import { sessionSignals } from './sessionSignals.ts';

/**
 * Private mode hides cards in the browser only: Yjs sends every participant the whole
 * document, so a determined participant could still read a hidden card from the raw data.
 * It keeps people from anchoring on each other's ideas; it is not secrecy.
 */
export function privateModeVisibility(doc: Y.Doc, role: Role): ((shape: TLShape, editor: Editor) => 'hidden' | 'inherit') | undefined {
  // A facilitator sees every card. Without a visibility function tldraw skips a computed
  // lookup per shape each time it lists the shapes to render (every change on the board).
  if (role === 'facilitator') return undefined;
  const { $privateMode } = sessionSignals(doc);
  return (shape, editor) => {
    const { privateMode, userId } = visibilityInputs($privateMode, editor);
    return isHiddenByPrivateMode(shape.meta, privateMode, { userId, isFacilitator: false }) ? 'hidden' : 'inherit';
  };
}

/**
 * Reads every signal the visibility function reads besides the shape itself, for code that must
 * know when visibility may have changed (see keepRenderingShapesWhileOnlyPlacementChanges).
 */
export function readPrivateModeVisibilityInputs(doc: Y.Doc, editor: Editor): void {
  visibilityInputs(sessionSignals(doc).$privateMode, editor);
}

/** The one place that reads what visibility depends on, so the function and its tracking agree. */
function visibilityInputs($privateMode: Signal<PrivateMode | null>, editor: Editor): { privateMode: PrivateMode | null; userId: string } {
  return { privateMode: $privateMode.get(), userId: editor.user.getId() };
}

/** Marks the cards a participant creates while private mode is on, so others do not see them yet. */
export function markPrivateCards(editor: Editor, doc: Y.Doc, role: Role): () => void {
  const { $privateMode } = sessionSignals(doc);
  return editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    const privateMode = $privateMode.get();
    if (source !== 'user' || !privateMode || role === 'facilitator') return shape;
    return { ...shape, meta: { ...shape.meta, [PRIVATE_BATCH_META]: privateMode.batch, [PRIVATE_AUTHOR_META]: editor.user.getId() } };
  });
}

