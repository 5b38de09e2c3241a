import { Group2d, NoteShapeUtil, type TLNoteShape, type TLRichText } from 'tldraw';
import { LazyGeometry2d } from './LazyGeometry2d.ts';

const NO_TEXT: TLRichText = { type: 'doc', content: [{ type: 'paragraph' }] };

/**
 * tldraw's sticky note, whose label box is measured only when something needs it.
 *
 * A note's geometry holds its card and its label box, and the label box takes a measurement of
 * the text in the DOM (a forced layout per note). Opening a board asks for the geometry of every
 * note (culling and hit testing index their bounds), so a 2,000-card board spent a fifth of its
 * main thread measuring labels that nobody pointed at. Here the card comes from tldraw's own
 * geometry of the same note without text (the card's size does not depend on the label), and the
 * label is tldraw's own, built the first time a hit test, the text editor or anything else asks.
 */
export class LazyLabelNoteShapeUtil extends NoteShapeUtil {
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
