import { z } from 'zod';
import { ConfigError } from '../config.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Webhook settings, from the environment like every other setting (README: configuration). */
export const WebhookConfigSchema = z.object({
  /**
   * Comma-separated hosts webhooks may call: `hooks.example.com`, `*.example.com`, an IP address
   * or a CIDR range. Empty (the default): webhooks are disabled.
   */
  WEBHOOK_ALLOWED_HOSTS: z.string().default(''),
  WEBHOOK_MAX_ATTEMPTS: positiveInt(6),
  /** First retry after this long; each further one waits twice as long, up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_BASE_MS: positiveInt(5_000),
  WEBHOOK_RETRY_MAX_MS: positiveInt(10 * 60_000),
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  /** At most one journey.changed delivery per board this often while it is being edited (the latest data is sent). */
  WEBHOOK_JOURNEY_INTERVAL_MS: positiveInt(5_000),
});

export interface WebhookOptions {
  allowedHosts: string[];
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  journeyIntervalMs: number;
}

export function loadWebhookOptions(env: NodeJS.ProcessEnv = process.env): WebhookOptions {
  const parsed = WebhookConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  return {
    allowedHosts: c.WEBHOOK_ALLOWED_HOSTS.split(',').map((h) => h.trim()).filter(Boolean),
    maxAttempts: c.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: c.WEBHOOK_RETRY_BASE_MS,
    retryMaxMs: c.WEBHOOK_RETRY_MAX_MS,
    timeoutMs: c.WEBHOOK_TIMEOUT_MS,
    journeyIntervalMs: c.WEBHOOK_JOURNEY_INTERVAL_MS,
  };
}
