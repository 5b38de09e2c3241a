import { journeyShapeUtils } from '../journey/journeyShapes.ts';
import { LazyLabelNoteShapeUtil } from './LazyLabelNoteShapeUtil.ts';

/** What every canvas passes to <Tldraw>: our shapes, and tldraw's note replaced by one that measures its label when needed. */
export const canvasShapeUtils = [...journeyShapeUtils, LazyLabelNoteShapeUtil];
