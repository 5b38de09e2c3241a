import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../shared/src/index.ts';

/**
 * The caller's verified role on the board. Rejects (401/403 HttpError) when the request has no
 * access to the board at all; app.ts backs it with the share-link check (requireRole).
 */
export type RoleOf = (request: FastifyRequest, boardId: string) => Promise<Role>;

/** Roles that may add images to a board. Viewers and commenters cannot. */
export const UPLOAD_ROLES: ReadonlySet<Role> = new Set<Role>(['facilitator', 'editor']);

/** THE upload permission check: the one call that decides whether this caller may add images. */
export async function canUpload(request: FastifyRequest, boardId: string, roleOf: RoleOf): Promise<boolean> {
  return UPLOAD_ROLES.has(await roleOf(request, boardId));
}
