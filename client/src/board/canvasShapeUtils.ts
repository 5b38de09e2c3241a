import { defaultShapeUtils } from 'tldraw';
import { journeyShapeUtils } from '../journey/journeyShapes.ts';
import { LazyLabelNoteShapeUtil } from './LazyLabelNoteShapeUtil.ts';

/** What every board store is created with: tldraw's shapes and ours (the schema, nothing drawn). */
export const storeShapeUtils = [...defaultShapeUtils, ...journeyShapeUtils];

/** What every canvas passes to <Tldraw>: our shapes, and tldraw's note replaced by one that measures its label when needed. */
export const canvasShapeUtils = [...journeyShapeUtils, LazyLabelNoteShapeUtil];
