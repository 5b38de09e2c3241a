/** What the journey data says about workshop canvases (part of JourneyData, see ../model.ts). */
import { z } from 'zod';
import { LocaleSchema } from '../../api.ts';
import { REGION_ROLES, WORKSHOP_KINDS } from './vocabulary.ts';

export const CanvasCardSchema = z.object({
  id: z.string().describe('tldraw shape id'),
  text: z.string(),
  color: z.string(),
  /** Centre of the card in the canvas's own coordinates: orders cards within a region. */
  position: z.object({ x: z.number(), y: z.number() }),
});
export type CanvasCard = z.infer<typeof CanvasCardSchema>;

export const CanvasRegionSchema = z.object({
  id: z.string(),
  role: z.enum(REGION_ROLES),
  label: z.string(),
  index: z.number().int(),
  cards: z.array(CanvasCardSchema).describe('sticky notes whose centre lies in the region, in reading order'),
});
export type CanvasRegion = z.infer<typeof CanvasRegionSchema>;

export const CanvasLinkSchema = z.object({
  id: z.string().describe('the arrow shape id'),
  kind: z
    .enum(['provides', 'needTouchpoint'])
    .describe('provides: an arrow between two stakeholders of a stakeholder map (from provides label to to); needTouchpoint: an arrow between a need point and a touchpoint card of a journey map'),
  /** For needTouchpoint links: the need point, whichever way the arrow points. */
  fromId: z.string(),
  /** For needTouchpoint links: the touchpoint card. */
  toId: z.string(),
  label: z.string(),
  mapId: z.string().nullable().describe('needTouchpoint: the journey map of the touchpoint; provides: null'),
});
export type CanvasLink = z.infer<typeof CanvasLinkSchema>;

export const WorkshopCanvasSchema = z.object({
  id: z.string(),
  kind: z.enum(WORKSHOP_KINDS),
  title: z.string(),
  locale: LocaleSchema,
  regions: z.array(CanvasRegionSchema),
  links: z.array(CanvasLinkSchema),
});
export type WorkshopCanvas = z.infer<typeof WorkshopCanvasSchema>;
