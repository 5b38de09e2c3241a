import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { RoleSchema } from '../../../shared/src/index.ts';

const TokenPayloadSchema = z.object({ v: z.literal(1), b: z.string(), l: z.string(), r: RoleSchema });
export type TokenPayload = z.infer<typeof TokenPayloadSchema>;

/**
 * Share-link tokens: a signed capability naming the board, the link and the role,
 * `<base64url payload>.<base64url HMAC-SHA256>`. The signature makes forgery
 * impossible without the server secret; the link id lets a facilitator revoke it.
 */
export class CapabilityTokens {
  private readonly secret: Buffer;

  constructor(secret: Buffer) {
    this.secret = secret;
  }

  sign(payload: Omit<TokenPayload, 'v'>): string {
    const body = Buffer.from(JSON.stringify({ v: 1, ...payload })).toString('base64url');
    return `${body}.${this.signature(body)}`;
  }

  /** The payload of a token this server signed, or null for anything else. */
  verify(token: string): TokenPayload | null {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.signature(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const parsed = TokenPayloadSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private signature(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
