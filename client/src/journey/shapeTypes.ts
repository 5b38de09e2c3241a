import type { TLShape } from 'tldraw';
import type { EmotionPointProps, JourneyMapProps, PersonaProps, WorkshopCanvasProps } from '../../../shared/src/index.ts';

// Keys must equal JOURNEY_MAP_SHAPE, EMOTION_POINT_SHAPE, PERSONA_SHAPE and WORKSHOP_CANVAS_SHAPE (shared/src/journey/shapes.ts).
declare module 'tldraw' {
  interface TLGlobalShapePropsMap {
    'journey-map': JourneyMapProps;
    'journey-emotion': EmotionPointProps;
    'journey-persona': PersonaProps;
    'journey-workshop': WorkshopCanvasProps;
  }
}

export type JourneyMapShape = TLShape<'journey-map'>;
export type EmotionPointShape = TLShape<'journey-emotion'>;
export type PersonaShape = TLShape<'journey-persona'>;
export type WorkshopCanvasShape = TLShape<'journey-workshop'>;

export { emotionPointProps, journeyMapProps, personaProps, workshopCanvasProps } from '../../../shared/src/index.ts';
