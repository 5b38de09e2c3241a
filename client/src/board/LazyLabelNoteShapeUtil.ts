import { Group2d, NoteShapeUtil, useValue, type TLNoteShape, type TLRichText, type TLShapeId } from 'tldraw';
import { LazyGeometry2d } from './LazyGeometry2d.ts';

const NO_TEXT: TLRichText = { type: 'doc', content: [{ type: 'paragraph' }] };

/** How many times a note's content has rendered on this page (read by the e2e tests through the debug handle). */
let noteContentRenders = 0;
export function countNoteContentRenders(): number {
  return noteContentRenders;
}

/**
 * tldraw's sticky note, whose label box is measured only when something needs it, and whose
 * content re-renders on a selection change only when the change is about it.
 *
 * A note's geometry holds its card and its label box, and the label box takes a measurement of
 * the text in the DOM (a forced layout per note). Opening a board asks for the geometry of every
 * note (culling and hit testing index their bounds), so a 2,000-card board spent a fifth of its
 * main thread measuring labels that nobody pointed at. Here the card comes from tldraw's own
 * geometry of the same note without text (the card's size does not depend on the label), and the
 * label is tldraw's own, built the first time a hit test, the text editor or anything else asks.
 */
export class LazyLabelNoteShapeUtil extends NoteShapeUtil {
  /**
   * tldraw's note reads `editor.getOnlySelectedShapeId()` while it renders, to know whether it is
   * the selected note, so every mounted note re-rendered whenever anything was selected or
   * deselected: on a 2,000-card board, pressing on a card froze the page for 0.1-0.3 s before the
   * drag began. Here each note subscribes to the answer that concerns it (whether it is the only
   * selected shape), and tldraw's render reads that answer instead of the selection.
   */
  override component(shape: TLNoteShape) {
    noteContentRenders += 1;
    const editor = this.editor;
    // eslint-disable-next-line react-hooks/rules-of-hooks -- tldraw renders `component` as a function component
    const isOnlySelected = useValue('note is the only selected shape', () => editor.getOnlySelectedShapeId() === shape.id, [editor, shape.id]);
    if (Object.hasOwn(editor, 'getOnlySelectedShapeId')) return super.component(shape);
    const onlySelectedAsFarAsThisNoteKnows = (): TLShapeId | null => (isOnlySelected ? shape.id : null);
    editor.getOnlySelectedShapeId = onlySelectedAsFarAsThisNoteKnows;
    try {
      return super.component(shape);
    } finally {
      Reflect.deleteProperty(editor, 'getOnlySelectedShapeId');
    }
  }

  override getGeometry(shape: TLNoteShape): Group2d {
    const [card] = super.getGeometry({ ...shape, props: { ...shape.props, richText: NO_TEXT } }).children;
    if (!card) throw new Error('tldraw changed: a note geometry without a card');
    const label = new LazyGeometry2d(
      () => {
        const measured = super.getGeometry(shape).children[1];
        if (!measured) throw new Error('tldraw changed: a note geometry without a label');
        return measured;
      },
      { isFilled: true, isClosed: true, isLabel: true, excludeFromShapeBounds: true },
    );
    return new Group2d({ children: [card, label] });
  }
}
