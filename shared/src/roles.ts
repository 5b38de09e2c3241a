import { z } from 'zod';

/** What a participant may do on a board, from most to least. */
export const ROLES = ['facilitator', 'editor', 'commenter', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
