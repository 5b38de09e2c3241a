import { z } from 'zod';

/** Private mode while it is on; `batch` marks the cards written during it (SHAPE_PRIVATE_META). */
export const PrivateModeSchema = z.object({ batch: z.string().min(1).max(64), since: z.number() });
export type PrivateMode = z.infer<typeof PrivateModeSchema>;

/** Shape meta keys a client sets on a card it creates while private mode is on. */
export const PRIVATE_BATCH_META = 'privateBatch';
export const PRIVATE_AUTHOR_META = 'privateAuthor';

/**
 * Whether a shape is hidden from a viewer: it was written during the private mode that is
 * still on, by someone else, and the viewer is not a facilitator.
 */
export function isHiddenByPrivateMode(
  meta: Readonly<Record<string, unknown>>,
  privateMode: PrivateMode | null,
  viewer: { userId: string; isFacilitator: boolean },
): boolean {
  if (!privateMode || viewer.isFacilitator) return false;
  return meta[PRIVATE_BATCH_META] === privateMode.batch && meta[PRIVATE_AUTHOR_META] !== viewer.userId;
}
