import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../server/src/config.ts';
import { HistoryConfigSchema } from '../../../server/src/history/historyConfig.ts';
import { WebhookConfigSchema } from '../../../server/src/webhooks/webhookConfig.ts';

describe('docs/configuration.md', () => {
  it('has a table row for every environment variable the server reads', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'configuration.md'), 'utf8');
    const variables = [ConfigSchema, HistoryConfigSchema, WebhookConfigSchema].flatMap((schema) => Object.keys(schema.shape));
    expect(variables.filter((name) => !doc.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
