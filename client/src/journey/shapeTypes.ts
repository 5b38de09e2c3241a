import { T, type TLShape } from 'tldraw';
import type { z } from 'zod';
import {
  EmotionPointPropsSchema,
  JourneyMapPropsSchema,
  PersonaPropsSchema,
  type EmotionPointProps,
  type JourneyMapProps,
  type PersonaProps,
} from '../../../shared/src/index.ts';

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

/**
 * Wraps a zod schema as a tldraw validator, so shape props are validated by the
 * same schema the server's extraction parses them with. tldraw requires the
 * validator to return the value it was given, not zod's copy.
 */
function fromZod<S extends z.ZodType>(schema: S): T.Validator<z.infer<S>> {
  return new T.Validator((value: unknown) => {
    schema.parse(value);
    return value as z.infer<S>;
  });
}

type PropValidators<P> = { [K in keyof P]: T.Validator<P[K]> };

function propValidators<S extends z.ZodObject>(schema: S): PropValidators<z.infer<S>> {
  const result: Record<string, T.Validator<unknown>> = {};
  for (const [key, field] of Object.entries(schema.shape)) result[key] = fromZod(field as z.ZodType);
  return result as PropValidators<z.infer<S>>;
}

export const journeyMapProps = propValidators(JourneyMapPropsSchema);
export const emotionPointProps = propValidators(EmotionPointPropsSchema);
export const personaProps = propValidators(PersonaPropsSchema);
