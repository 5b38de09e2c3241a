import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from '../../../server/src/webhooks/signature.ts';
import { TargetPolicy } from '../../../server/src/webhooks/targetPolicy.ts';

describe('webhook target policy', () => {
  it('is disabled without an allow-list', () => {
    const policy = new TargetPolicy([]);
    expect(policy.enabled).toBe(false);
    expect(policy.checkUrl('https://hooks.example.com/x')).toMatchObject({ ok: false, reason: expect.stringContaining('disabled') as unknown });
  });

  it('allows listed hosts, subdomain wildcards, addresses and ranges only', () => {
    const policy = new TargetPolicy(['hooks.example.com', '*.crm.example', '203.0.113.7', '10.20.0.0/16']);
    expect(policy.checkUrl('https://hooks.example.com/in').ok).toBe(true);
    expect(policy.checkUrl('https://HOOKS.example.com./in').ok).toBe(true);
    expect(policy.checkUrl('https://eu.crm.example/in').ok).toBe(true);
    expect(policy.checkUrl('https://crm.example.evil.com/in').ok).toBe(false);
    expect(policy.checkUrl('http://203.0.113.7:8080/').ok).toBe(true);
    expect(policy.checkUrl('http://10.20.3.4/').ok).toBe(true);
    expect(policy.checkUrl('http://10.21.3.4/').ok).toBe(false);
    expect(policy.checkUrl('file:///etc/passwd').ok).toBe(false);
    expect(policy.checkUrl('https://hooks.example.com.evil.com/').ok).toBe(false);
  });

  it('refuses a listed name that resolves to an internal address, unless that address is listed too', async () => {
    expect(await new TargetPolicy(['localhost']).resolve('http://localhost:9/x')).toMatchObject({ ok: false, reason: expect.stringContaining('internal address') as unknown });
    const listed = await new TargetPolicy(['localhost', '127.0.0.0/8', '::1']).resolve('http://localhost:9/x');
    expect(listed.ok).toBe(true);
    expect(await new TargetPolicy(['10.0.0.0/8']).resolve('http://[::ffff:10.1.2.3]/x')).toMatchObject({ ok: true, address: '::ffff:a01:203' });
    expect((await new TargetPolicy(['hooks.example.com']).resolve('http://[::ffff:127.0.0.1]/x')).ok).toBe(false);
  });
});

describe('webhook signatures', () => {
  it('verify with the secret over timestamp and body, and refuse tampering and old timestamps', () => {
    const body = '{"event":"ping"}';
    const header = signatureHeader('s3cret-s3cret-s3cret', 1_000_000, body);
    expect(verifySignature('s3cret-s3cret-s3cret', header, body, 1_000_010)).toBe(true);
    expect(verifySignature('s3cret-s3cret-s3cret', header, `${body} `, 1_000_010)).toBe(false);
    expect(verifySignature('another-secret-value', header, body, 1_000_010)).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', header, body, 1_000_000 + 301)).toBe(false);
  });
});
