/**
 * One shape serves every workshop canvas: a frame-like board area with typed
 * regions (rectangles, or rings around a centre for the stakeholder map). Sticky
 * notes dropped on it become its children; a note belongs to the region that
 * contains its centre.
 */
import { z } from 'zod';
import { LocaleSchema } from '../../api.ts';
import { REGION_ROLES, WORKSHOP_KINDS } from './vocabulary.ts';

export const WORKSHOP_CANVAS_SHAPE = 'journey-workshop';

const coordinate = z.number().finite().min(-100_000).max(100_000);
const size = z.number().finite().positive().max(100_000);

export const RectAreaSchema = z.object({ kind: z.literal('rect'), x: coordinate, y: coordinate, w: size, h: size });
/** The band innerRadius <= distance < outerRadius around (cx, cy); innerRadius 0 is a disc. */
export const RingAreaSchema = z
  .object({ kind: z.literal('ring'), cx: coordinate, cy: coordinate, innerRadius: z.number().finite().min(0).max(100_000), outerRadius: size })
  .refine((ring) => ring.innerRadius < ring.outerRadius, { message: 'innerRadius must be smaller than outerRadius' });
export const RegionAreaSchema = z.discriminatedUnion('kind', [RectAreaSchema, RingAreaSchema]);
export type RegionArea = z.infer<typeof RegionAreaSchema>;

export const RegionSchema = z.object({
  id: z.string().min(1).max(64),
  role: z.enum(REGION_ROLES),
  label: z.string().max(500),
  /** In the canvas's own coordinates. Earlier regions win where regions overlap. */
  area: RegionAreaSchema,
});
export type Region = z.infer<typeof RegionSchema>;

export const WorkshopCanvasPropsSchema = z.object({
  w: size,
  h: size,
  kind: z.enum(WORKSHOP_KINDS),
  title: z.string().max(500),
  locale: LocaleSchema,
  titleHeight: size,
  regions: z.array(RegionSchema).min(1).max(50),
});
export type WorkshopCanvasProps = z.infer<typeof WorkshopCanvasPropsSchema>;
