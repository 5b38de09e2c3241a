import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CapabilityTokens } from '../../../server/src/auth/capabilityTokens.ts';
import { redactTokens, tokenSafeLogging } from '../../../server/src/auth/tokenRedaction.ts';

const token = new CapabilityTokens(Buffer.from('unit-test-secret')).sign({ b: 'board-1', l: 'link-1', r: 'editor' });
const adminToken = 'admin-token-0123456789';

/** A logger as the server configures it, writing its lines into an array. */
function capturingLogger(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: 'trace', ...tokenSafeLogging([adminToken, null]) }, stream), lines };
}

describe('token redaction in logs', () => {
  it('scrubs tokens from every line, wherever they appear: messages, fields, errors, any level', () => {
    const { log, lines } = capturingLogger();
    // As fastify words a 404 and an "already sent" warning: the URL inside the message text.
    log.info(`Route GET:/api/boards/x/journey?format=csv&token=${token} not found`);
    log.trace({ link: `/b/board-1#token=${token}`, header: `Bearer ${token}` }, 'share link');
    log.error({ err: new Error(`could not verify ${token}`) }, 'failed');
    log.warn({ headers: { authorization: `Bearer ${adminToken}` }, query: `?token=${adminToken}` }, 'admin call');
    log.debug({ token }, 'a field named token');

    const output = lines.join('');
    expect(lines).toHaveLength(5);
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[1]);
    expect(output).not.toContain(adminToken);
    expect(output).toContain('journey?format=csv&token=[redacted] not found');
  });

  it("scrubs a browser's profile key from sync URLs: it proves whose profile a connection may write", () => {
    const key = 'Pk3yThatOnlyTheBrowserKnows_0123';
    expect(redactTokens(`GET /sync/board-1?ext=1&profile=${key}&token=${token}`)).toBe('GET /sync/board-1?ext=1&profile=[redacted]&token=[redacted]');
  });

  it('leaves text without tokens as it was', () => {
    const text = '{"msg":"loaded board","boardId":"eyJhbGciOi","url":"/api/boards/abc?format=json"}';
    expect(redactTokens(text, ['short'])).toBe(text);
  });
});
