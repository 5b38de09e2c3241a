import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, BoardListSchema, BoardSchema } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { TLDRAW_LICENSE_KEY: 'test-licence-key', MAX_BODY_BYTES: '2048' } });
});
afterAll(async () => {
  await server.stop();
});

async function post(path: string, body: string, contentType = 'application/json'): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

describe('HTTP API', () => {
  it('creates, lists and reads boards', async () => {
    const created = await post('/api/boards', JSON.stringify({ title: '  Onboarding journey ', locale: 'de' }));
    expect(created.status).toBe(201);
    const board = BoardSchema.parse(await created.json());
    expect(board).toMatchObject({ title: 'Onboarding journey', locale: 'de' });

    const list = BoardListSchema.parse(await (await fetch(`${server.url}/api/boards`)).json());
    expect(list.boards.map((b) => b.id)).toContain(board.id);

    const read = await fetch(`${server.url}/api/boards/${board.id}`);
    expect(read.status).toBe(200);
    expect(BoardSchema.parse(await read.json())).toEqual(board);
  });

  it('defaults the locale to English', async () => {
    const created = await post('/api/boards', JSON.stringify({ title: 'Claims' }));
    expect(BoardSchema.parse(await created.json()).locale).toBe('en');
  });

  it.each([
    ['an empty title', JSON.stringify({ title: '   ' }), 400, 'bad_request', /title/],
    ['a missing title', JSON.stringify({}), 400, 'bad_request', /title/],
    ['an unknown locale', JSON.stringify({ title: 'x', locale: 'fr' }), 400, 'bad_request', /locale/],
    ['broken JSON', '{"title":', 400, 'bad_request', /JSON/],
    ['an oversized body', JSON.stringify({ title: 'x'.repeat(5000) }), 413, 'payload_too_large', /too large/],
  ])('rejects %s with a JSON error', async (_name, body, status, code, message) => {
    const response = await post('/api/boards', body);
    expect(response.status).toBe(status);
    const error = ApiErrorSchema.parse(await response.json());
    expect(error.error.code).toBe(code);
    expect(error.error.message).toMatch(message);
  });

  it('answers unknown and invalid board ids with 404 and 400', async () => {
    const unknown = await fetch(`${server.url}/api/boards/AAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
    expect(ApiErrorSchema.parse(await unknown.json()).error.code).toBe('not_found');
    const invalid = await fetch(`${server.url}/api/boards/no`);
    expect(invalid.status).toBe(400);
    expect(ApiErrorSchema.parse(await invalid.json()).error.code).toBe('bad_request');
    const noRoute = await fetch(`${server.url}/api/nothing-here`);
    expect(noRoute.status).toBe(404);
    expect(ApiErrorSchema.parse(await noRoute.json()).error.code).toBe('not_found');
  });

  it('reports health and serves the licence key as runtime configuration', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const config = await fetch(`${server.url}/api/config`);
    expect(config.headers.get('cache-control')).toBe('no-store');
    expect(await config.json()).toMatchObject({ tldrawLicenseKey: 'test-licence-key' });
  });
});
