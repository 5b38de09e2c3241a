import type { TLShape } from 'tldraw';
import type { EmotionPointProps, JourneyMapProps, PersonaProps } from '../../../shared/src/index.ts';

// Keys must equal JOURNEY_MAP_SHAPE, EMOTION_POINT_SHAPE and PERSONA_SHAPE (shared/src/journey/shapes.ts).
declare module 'tldraw' {
  interface TLGlobalShapePropsMap {
    'journey-map': JourneyMapProps;
    'journey-emotion': EmotionPointProps;
    'journey-persona': PersonaProps;
  }
}

export type JourneyMapShape = TLShape<'journey-map'>;
export type EmotionPointShape = TLShape<'journey-emotion'>;
export type PersonaShape = TLShape<'journey-persona'>;

export { emotionPointProps, journeyMapProps, personaProps } from '../../../shared/src/index.ts';
