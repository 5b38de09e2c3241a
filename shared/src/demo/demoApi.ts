import { z } from 'zod';
import { LocaleSchema } from '../api.ts';

export const DemoOfferSchema = z.object({
  offered: z.boolean().describe('true on a fresh install (no board yet) where anyone may create boards: the home page then offers the demo board'),
});
export type DemoOffer = z.infer<typeof DemoOfferSchema>;

export const CreateDemoBoardRequestSchema = z.object({ locale: LocaleSchema.optional().describe('the language of the demo content (default en)') });
export type CreateDemoBoardRequest = z.infer<typeof CreateDemoBoardRequestSchema>;
