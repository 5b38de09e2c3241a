import type { FastifyRequest } from 'fastify';
import { RoleSchema, type Role } from '../../../shared/src/index.ts';

/** The caller's role on a board, or null when the request carries none. */
export type RoleOf = (request: FastifyRequest, boardId: string) => Role | null | Promise<Role | null>;

/** Roles that may add images to a board. Viewers and commenters cannot. */
export const UPLOAD_ROLES: ReadonlySet<Role> = new Set<Role>(['facilitator', 'editor']);

/**
 * The role a request claims through its share-link token (`Authorization: Bearer <token>`, where
 * the token is `<base64url JSON payload with "r": role>.<signature>`), WITHOUT checking the
 * signature. Safe only because canUpload uses it to refuse, never to grant: a forged token can only
 * take rights away from its sender. Placeholder until the auth layer resolves verified roles for
 * HTTP requests; then pass that resolver as `roleOf` instead (see registerAssetRoutes).
 */
export function claimedRole(request: FastifyRequest): Role | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null || !('r' in payload)) return null;
    const role = RoleSchema.safeParse(payload.r);
    return role.success ? role.data : null;
  } catch {
    return null;
  }
}

/**
 * THE upload permission check. Until roles exist in the HTTP layer every request without a role
 * may upload (as everyone may edit over sync); a request whose role is viewer or commenter may not.
 */
export async function canUpload(request: FastifyRequest, boardId: string, roleOf: RoleOf = claimedRole): Promise<boolean> {
  const role = await roleOf(request, boardId);
  return role === null || UPLOAD_ROLES.has(role);
}
