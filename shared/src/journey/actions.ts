/**
 * Action items and decisions: any card can carry one in `shape.meta.action` (set in the
 * inspector). The extraction lists them in the journey data; the workshop summary, the exports
 * and the portfolio read them from there.
 */
import { z } from 'zod';

/** Where a card keeps its action: `shape.meta.action`. */
export const CARD_META_ACTION = 'action';

export const CardActionSchema = z.object({
  kind: z.enum(['action', 'decision']).default('action'),
  owner: z.string().trim().max(200).default(''),
  /** A calendar day (YYYY-MM-DD), no time zone: "due on the 12th" means the same everywhere. */
  due: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a due date is YYYY-MM-DD')
    .nullable()
    .default(null),
  done: z.boolean().default(false),
});
export type CardAction = z.infer<typeof CardActionSchema>;

export const ActionItemSchema = CardActionSchema.extend({
  cardId: z.string().describe('tldraw shape id of the card'),
  text: z.string(),
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

/** The card's action, or null when it has none (or one that does not parse). */
export function cardActionOf(meta: Readonly<Record<string, unknown>>): CardAction | null {
  const raw = meta[CARD_META_ACTION];
  if (raw === undefined) return null;
  const parsed = CardActionSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Open items first, then by due date (undated last), then by text. */
export function byDueDate(a: ActionItem, b: ActionItem): number {
  if (a.done !== b.done) return a.done ? 1 : -1;
  if (a.due !== b.due) return a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1;
  return a.text.localeCompare(b.text);
}
