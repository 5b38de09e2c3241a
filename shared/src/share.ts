import { z } from 'zod';
import { BoardIdSchema } from './boardId.ts';
import { RoleSchema } from './roles.ts';

/** Query parameter carrying a share-link token on the sync socket (browsers cannot set headers there). */
export const TOKEN_QUERY_PARAM = 'token';
/** URL fragment key of a share link: /b/<boardId>#token=<token>. Fragments never reach server logs. */
export const TOKEN_FRAGMENT_KEY = 'token';

export const ShareLinkSchema = z.object({
  id: z.string(),
  boardId: BoardIdSchema,
  role: RoleSchema,
  label: z.string(),
  createdAt: z.string().datetime(),
  revokedAt: z.string().datetime().nullable(),
  /** After this moment the link is refused (401 / close code 4401); null: it never expires. */
  expiresAt: z.string().datetime().nullable(),
  token: z.string(),
  /** Path of the link to hand out, token in the fragment. */
  path: z.string(),
});
export type ShareLink = z.infer<typeof ShareLinkSchema>;

export const ShareLinkListSchema = z.object({ links: z.array(ShareLinkSchema) });

export const CreateShareLinkRequestSchema = z.object({
  role: RoleSchema,
  label: z.string().trim().max(100).default(''),
  /** When the link stops working; must be in the future. Omitted or null: never. */
  expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
});
export type CreateShareLinkRequest = z.input<typeof CreateShareLinkRequestSchema>;

/** What the caller may do on a board, as the server sees their token. */
export const BoardAccessSchema = z.object({ role: RoleSchema });
export type BoardAccess = z.infer<typeof BoardAccessSchema>;

export function shareLinkPath(boardId: string, token: string): string {
  return `/b/${boardId}#${TOKEN_FRAGMENT_KEY}=${encodeURIComponent(token)}`;
}
