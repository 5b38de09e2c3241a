import { CloseCode, shareLinkPath, type Role, type ShareLink } from '../../../shared/src/index.ts';
import type { CapabilityTokens } from './capabilityTokens.ts';
import type { ShareLinkStore, StoredShareLink } from './shareLinks.ts';

const ROLE_RANK: Record<Role, number> = { viewer: 0, commenter: 1, editor: 2, facilitator: 3 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

export interface Refusal {
  ok: false;
  status: 401 | 403;
  closeCode: number;
  reason: string;
}

export type Access = { ok: true; role: Role; linkId: string | null } | Refusal;

const REVOKED: Refusal = { ok: false, status: 403, closeCode: CloseCode.Forbidden, reason: 'this share link was revoked' };
const EXPIRED: Refusal = { ok: false, status: 401, closeCode: CloseCode.Unauthorized, reason: 'this share link has expired' };

/** setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days): longer waits are taken in steps. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export class LinkExpiryError extends Error {}

/**
 * Who may do what on a board: a share-link token names a role; without one, the
 * server's anonymous role applies (none by default, so links are the only way in).
 * A link stops working when revoked (403) or once its expiry has passed (401).
 */
export class AccessControl {
  private readonly tokens: CapabilityTokens;
  private readonly links: ShareLinkStore;
  private readonly anonymousRole: Role | null;
  private readonly revokeListeners = new Set<(linkId: string) => void>();
  private readonly endListeners = new Set<(linkId: string, refusal: Refusal) => void>();
  /** One timer per link with an expiry that was used here, so its open connections can be closed when it expires. */
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  private readonly now: () => number;

  constructor(tokens: CapabilityTokens, links: ShareLinkStore, anonymousRole: Role | null, now: () => number = Date.now) {
    this.tokens = tokens;
    this.links = links;
    this.anonymousRole = anonymousRole;
    this.now = now;
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
    if (link.revokedAt) return REVOKED;
    if (link.expiresAt) {
      if (this.now() >= Date.parse(link.expiresAt)) return EXPIRED;
      this.watchExpiry(link.id, Date.parse(link.expiresAt));
    }
    return { ok: true, role: link.role, linkId: link.id };
  }

  /** `expiresAt`: when the link stops working, null for never; a moment not in the future is a LinkExpiryError. */
  async createLink(boardId: string, role: Role, label: string, expiresAt: Date | null = null): Promise<ShareLink> {
    if (expiresAt && expiresAt.getTime() <= this.now()) {
      throw new LinkExpiryError(`expiresAt must be in the future; ${expiresAt.toISOString()} has passed`);
    }
    const createdAt = new Date(this.now()).toISOString();
    const stored = await this.links.create({ boardId, role, label, createdAt, expiresAt: expiresAt?.toISOString() ?? null });
    return this.present(stored);
  }

  async listLinks(boardId: string): Promise<ShareLink[]> {
    return (await this.links.list(boardId)).map((link) => this.present(link));
  }

  async revokeLink(boardId: string, linkId: string): Promise<boolean> {
    const revoked = await this.links.revoke(boardId, linkId, new Date(this.now()));
    if (revoked) {
      for (const listener of this.revokeListeners) listener(linkId);
      this.ended(linkId, REVOKED);
    }
    return revoked;
  }

  /** A link revoked through another instance of a scale-out deployment: tell this instance's listeners. */
  revokedElsewhere(linkId: string): void {
    for (const listener of this.revokeListeners) listener(linkId);
    this.ended(linkId, REVOKED);
  }

  /** Called when a link is revoked (here, or elsewhere as `revokedElsewhere` reports), so the revocation can be relayed. */
  onRevoked(listener: (linkId: string) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /**
   * Called when a link stops working, revoked (here or elsewhere) or expired, with the refusal
   * its next use would get, so open connections made with it can be closed at once.
   */
  onLinkEnded(listener: (linkId: string, refusal: Refusal) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Stops the expiry timers (the server is shutting down). */
  close(): void {
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
    this.expiryTimers.clear();
  }

  private ended(linkId: string, refusal: Refusal): void {
    clearTimeout(this.expiryTimers.get(linkId));
    this.expiryTimers.delete(linkId);
    for (const listener of this.endListeners) listener(linkId, refusal);
  }

  private watchExpiry(linkId: string, expiresAtMs: number): void {
    if (this.expiryTimers.has(linkId)) return;
    const check = (): void => {
      const remaining = expiresAtMs - this.now();
      if (remaining <= 0) {
        this.ended(linkId, EXPIRED);
        return;
      }
      const timer = setTimeout(check, Math.min(remaining, MAX_TIMER_DELAY_MS));
      // Expiry alone never keeps the process alive.
      timer.unref();
      this.expiryTimers.set(linkId, timer);
    };
    check();
  }

  private present(link: StoredShareLink): ShareLink {
    const token = this.tokens.sign({ b: link.boardId, l: link.id, r: link.role });
    return { ...link, token, path: shareLinkPath(link.boardId, token) };
  }
}
