import { CloseCode, shareLinkPath, type Role, type ShareLink } from '../../../shared/src/index.ts';
import type { CapabilityTokens } from './capabilityTokens.ts';
import type { ShareLinkStore, StoredShareLink } from './shareLinks.ts';

const ROLE_RANK: Record<Role, number> = { viewer: 0, commenter: 1, editor: 2, facilitator: 3 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

export type Access =
  | { ok: true; role: Role; linkId: string | null }
  | { ok: false; status: 401 | 403; closeCode: number; reason: string };

/**
 * Who may do what on a board: a share-link token names a role; without one, the
 * server's anonymous role applies (none by default, so links are the only way in).
 */
export class AccessControl {
  private readonly tokens: CapabilityTokens;
  private readonly links: ShareLinkStore;
  private readonly anonymousRole: Role | null;
  private readonly revokeListeners = new Set<(linkId: string) => void>();

  constructor(tokens: CapabilityTokens, links: ShareLinkStore, anonymousRole: Role | null) {
    this.tokens = tokens;
    this.links = links;
    this.anonymousRole = anonymousRole;
  }

  get allowsAnonymous(): boolean {
    return this.anonymousRole !== null;
  }

  async resolve(boardId: string, token: string | undefined): Promise<Access> {
    if (!token) {
      if (this.anonymousRole) return { ok: true, role: this.anonymousRole, linkId: null };
      return { ok: false, status: 401, closeCode: CloseCode.Unauthorized, reason: 'this board needs a share link' };
    }
    const payload = this.tokens.verify(token);
    if (!payload) return { ok: false, status: 401, closeCode: CloseCode.Unauthorized, reason: 'invalid share link token' };
    if (payload.b !== boardId) return { ok: false, status: 403, closeCode: CloseCode.Forbidden, reason: 'this share link is for another board' };
    const link = await this.links.get(payload.l);
    if (!link || link.boardId !== boardId || link.role !== payload.r) {
      return { ok: false, status: 401, closeCode: CloseCode.Unauthorized, reason: 'invalid share link token' };
    }
    if (link.revokedAt) return { ok: false, status: 403, closeCode: CloseCode.Forbidden, reason: 'this share link was revoked' };
    return { ok: true, role: link.role, linkId: link.id };
  }

  async createLink(boardId: string, role: Role, label: string): Promise<ShareLink> {
    const stored = await this.links.create({ boardId, role, label, createdAt: new Date().toISOString() });
    return this.present(stored);
  }

  async listLinks(boardId: string): Promise<ShareLink[]> {
    return (await this.links.list(boardId)).map((link) => this.present(link));
  }

  async revokeLink(boardId: string, linkId: string): Promise<boolean> {
    const revoked = await this.links.revoke(boardId, linkId, new Date());
    if (revoked) for (const listener of this.revokeListeners) listener(linkId);
    return revoked;
  }

  /** A link revoked through another instance of a scale-out deployment: tell this instance's listeners. */
  revokedElsewhere(linkId: string): void {
    for (const listener of this.revokeListeners) listener(linkId);
  }

  /** Called when a link is revoked, so open connections made with it can be closed at once. */
  onRevoked(listener: (linkId: string) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  private present(link: StoredShareLink): ShareLink {
    const token = this.tokens.sign({ b: link.boardId, l: link.id, r: link.role });
    return { ...link, token, path: shareLinkPath(link.boardId, token) };
  }
}
