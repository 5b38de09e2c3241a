import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../shared/src/index.ts';
import { roleAtLeast, type AccessControl } from '../auth/accessControl.ts';
import { HttpError } from './errors.ts';

/** The share-link token of a request: `Authorization: Bearer <token>`, or `?token=` for plain links (downloads). */
export function requestToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || undefined;
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' && query.token ? query.token : undefined;
}

/** The caller's role on the board, or a 401/403 HttpError when it is below `minimum`. */
export async function requireRole(access: AccessControl, request: FastifyRequest, boardId: string, minimum: Role): Promise<Role> {
  const result = await access.resolve(boardId, requestToken(request));
  if (!result.ok) throw new HttpError(result.status, result.status === 401 ? 'unauthorized' : 'forbidden', result.reason);
  if (!roleAtLeast(result.role, minimum)) {
    throw new HttpError(403, 'forbidden', `this needs the ${minimum} role; your link gives ${result.role}`);
  }
  return result.role;
}

export function isAdmin(request: FastifyRequest, adminToken: string | null): boolean {
  if (!adminToken) return false;
  const given = Buffer.from(requestToken(request) ?? '');
  const expected = Buffer.from(adminToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
