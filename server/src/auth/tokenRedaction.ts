import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';
import { PROFILE_KEY_QUERY_PARAM, TOKEN_QUERY_PARAM } from '../../../shared/src/index.ts';

export const REDACTED = '[redacted]';

/**
 * The value of a secret query parameter (a share-link token, a browser's profile key), wherever a
 * URL or path with a query appears in text.
 */
const TOKEN_IN_QUERY = new RegExp(`([?&](?:${TOKEN_QUERY_PARAM}|${PROFILE_KEY_QUERY_PARAM})=)[^&#\\s"\\\\]+`, 'gi');
/**
 * A signed share-link token (see CapabilityTokens): base64url of `{"v":1,` and more, a dot,
 * and a base64url HMAC-SHA256 (43 characters). Recognised anywhere, also outside a URL.
 */
const SIGNED_TOKEN = /eyJ2Ijox[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
/** Shorter configured secrets would also match ordinary words in log lines. */
const MIN_SCRUBBED_SECRET_LENGTH = 8;

/** `url` with the value of every `token` query parameter replaced by [redacted]. */
export function redactUrlTokens(url: string): string {
  return url.replace(TOKEN_IN_QUERY, `$1${REDACTED}`);
}

/** Every token-shaped string and every configured secret in `text` replaced by [redacted]. */
export function redactTokens(text: string, secrets: readonly string[] = []): string {
  let result = redactUrlTokens(text).replace(SIGNED_TOKEN, REDACTED);
  for (const secret of secrets) {
    if (secret.length >= MIN_SCRUBBED_SECRET_LENGTH) result = result.replaceAll(secret, REDACTED);
  }
  return result;
}

/**
 * Logger options that keep share-link tokens and the administrator token out of every log
 * line at every level. Tokens travel as `?token=` (the sync socket, download links) and as
 * `Authorization: Bearer`: the request serializer logs the URL without them, the redact paths
 * cover headers should anyone log them, and the last step scrubs each written line, because
 * fastify also puts URLs into plain messages ("Route GET:/...?token=... not found").
 */
export function tokenSafeLogging(secrets: readonly (string | null)[]): Pick<LoggerOptions, 'redact' | 'serializers' | 'hooks'> {
  const scrubbed = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
  return {
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'token', '*.token'],
      censor: REDACTED,
    },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrlTokens(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket.remotePort,
      }),
    },
    hooks: { streamWrite: (line: string) => redactTokens(line, scrubbed) },
  };
}
