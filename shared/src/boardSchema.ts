/**
 * The board's record schema: tldraw's records plus Journeyboard's shapes. The
 * client's store and the server's record guard both validate with it, and the
 * custom shapes' props validate with the same zod schemas extraction uses.
 */
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas, type TLSchema } from '@tldraw/tlschema';
import { T } from '@tldraw/validate';
import type { z } from 'zod';
import {
  EMOTION_POINT_SHAPE,
  EmotionPointPropsSchema,
  JOURNEY_MAP_SHAPE,
  JourneyMapPropsSchema,
  PERSONA_SHAPE,
  PersonaPropsSchema,
} from './journey/shapes.ts';
import { WORKSHOP_CANVAS_SHAPE, WorkshopCanvasPropsSchema } from './journey/workshop/shapes.ts';

/**
 * Wraps a zod schema as a tldraw validator. tldraw requires a validator to return
 * the very value it was given, not zod's parsed copy.
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
export const workshopCanvasProps = propValidators(WorkshopCanvasPropsSchema);

export const customShapeSchemas = {
  [JOURNEY_MAP_SHAPE]: { props: journeyMapProps },
  [EMOTION_POINT_SHAPE]: { props: emotionPointProps },
  [PERSONA_SHAPE]: { props: personaProps },
  [WORKSHOP_CANVAS_SHAPE]: { props: workshopCanvasProps },
};

export function createBoardSchema(): TLSchema {
  return createTLSchema({
    shapes: { ...defaultShapeSchemas, ...customShapeSchemas },
    bindings: defaultBindingSchemas,
  });
}
