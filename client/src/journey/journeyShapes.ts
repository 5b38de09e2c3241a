import { EmotionPointShapeUtil } from './EmotionPointShapeUtil.tsx';
import { EmotionPointTool } from './EmotionPointTool.ts';
import { JourneyMapShapeUtil } from './JourneyMapShapeUtil.tsx';
import { PersonaShapeUtil } from './PersonaShapeUtil.tsx';
import { WorkshopCanvasShapeUtil } from '../templates/WorkshopCanvasShapeUtil.tsx';

/** Journeyboard's own shapes: pass to both createTLStore and <Tldraw>. */
export const journeyShapeUtils = [JourneyMapShapeUtil, EmotionPointShapeUtil, PersonaShapeUtil, WorkshopCanvasShapeUtil];

export const journeyTools = [EmotionPointTool];
