import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, CreatedBoardSchema, DocLayout, ShareLinkListSchema, ShareLinkSchema, type ShareLink } from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

let server: RunningServer;
const clients: TestClient[] = [];

beforeEach(async () => {
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none', BOARD_CREATION: 'admin', ADMIN_TOKEN: 'admin-token-0123456789' } });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.kill();
});

async function createBoard(): Promise<{ id: string; facilitatorToken: string }> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer admin-token-0123456789' },
    body: JSON.stringify({ title: 'Workshop' }),
  });
  expect(response.status).toBe(201);
  return CreatedBoardSchema.parse(await response.json());
}

function postLink(boardId: string, facilitatorToken: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}/api/boards/${boardId}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${facilitatorToken}` },
    body: JSON.stringify(body),
  });
}

async function createLink(boardId: string, facilitatorToken: string, role: string, expiresAt?: string): Promise<ShareLink> {
  const response = await postLink(boardId, facilitatorToken, { role, label: `${role} link`, expiresAt });
  expect(response.status).toBe(201);
  return ShareLinkSchema.parse(await response.json());
}

async function listLinks(boardId: string, facilitatorToken: string): Promise<ShareLink[]> {
  const response = await fetch(`${server.url}/api/boards/${boardId}/links`, { headers: { authorization: `Bearer ${facilitatorToken}` } });
  return ShareLinkListSchema.parse(await response.json()).links;
}

function client(boardId: string, token: string): TestClient {
  const c = connectClient(server.wsUrl, boardId, { params: { token } });
  clients.push(c);
  return c;
}

function records(c: TestClient): YKeyValue<unknown> {
  return new YKeyValue<unknown>(c.doc.getArray(DocLayout.records));
}

function closeOf(url: string): Promise<{ code: number; reason: string }> {
  const socket = new WebSocket(url);
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('share links and roles', () => {
  it('restricts board creation and listing to the administrator when configured', async () => {
    const anonymous = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"x"}' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await fetch(`${server.url}/api/boards`)).status).toBe(401);
    const board = await createBoard();
    expect(board.facilitatorToken).toMatch(/\./);
    expect((await fetch(`${server.url}/api/boards`, { headers: { authorization: 'Bearer admin-token-0123456789' } })).status).toBe(200);
  });

  it("refuses a viewer's writes while the viewer still sees everything live", async () => {
    const board = await createBoard();
    const viewerLink = await createLink(board.id, board.facilitatorToken, 'viewer');
    const facilitator = client(board.id, board.facilitatorToken);
    const viewer = client(board.id, viewerLink.token);
    await Promise.all([waitForSynced(facilitator), waitForSynced(viewer)]);

    records(facilitator).set('shape:by-facilitator', note('by-facilitator', 100, 100, 'Facilitator card'));
    await waitFor(() => records(viewer).has('shape:by-facilitator'), () => 'viewer does not see live changes');

    records(viewer).set('shape:by-viewer', note('by-viewer', 300, 100, 'Viewer card'));
    records(viewer).delete('shape:by-facilitator');
    await waitFor(
      () => !records(viewer).has('shape:by-viewer') && records(viewer).has('shape:by-facilitator'),
      () => "the viewer's writes were not reverted",
    );
    expect(records(facilitator).has('shape:by-viewer')).toBe(false);
    expect(records(facilitator).has('shape:by-facilitator')).toBe(true);

    // Presence still works for viewers: their cursor reaches the others.
    viewer.provider.awareness.setLocalStateField('user', { name: 'Vera' });
    await waitFor(() => facilitator.provider.awareness.getStates().has(viewer.doc.clientID), () => 'viewer presence missing');
  });

  it("reverts a commenter's canvas writes", async () => {
    const board = await createBoard();
    const link = await createLink(board.id, board.facilitatorToken, 'commenter');
    const commenter = client(board.id, link.token);
    const facilitator = client(board.id, board.facilitatorToken);
    await Promise.all([waitForSynced(commenter), waitForSynced(facilitator)]);
    records(commenter).set('shape:c', note('c', 0, 0, 'Not allowed'));
    await waitFor(() => !records(commenter).has('shape:c'), () => 'not reverted');
    expect(records(facilitator).has('shape:c')).toBe(false);
  });

  it('refuses a revoked link at once, also on an open connection, over HTTP and WebSocket', async () => {
    const board = await createBoard();
    const link = await createLink(board.id, board.facilitatorToken, 'editor');
    const editor = client(board.id, link.token);
    await waitForSynced(editor);
    const closes: { code: number; reason: string }[] = [];
    editor.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });

    const revoke = await fetch(`${server.url}/api/boards/${board.id}/links/${link.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${board.facilitatorToken}` },
    });
    expect(revoke.status).toBe(204);
    await waitFor(() => closes.length > 0, () => 'open connection was not closed');
    expect(closes[0]).toEqual({ code: CloseCode.Forbidden, reason: 'this share link was revoked' });

    const again = await closeOf(`${server.wsUrl}/sync/${board.id}?token=${encodeURIComponent(link.token)}`);
    expect(again).toEqual({ code: CloseCode.Forbidden, reason: 'this share link was revoked' });
    const http = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${link.token}` } });
    expect(http.status).toBe(403);

    const list = ShareLinkListSchema.parse(
      await (await fetch(`${server.url}/api/boards/${board.id}/links`, { headers: { authorization: `Bearer ${board.facilitatorToken}` } })).json(),
    );
    expect(list.links.find((l) => l.id === link.id)?.revokedAt).not.toBeNull();
  });

  it('refuses forged, foreign and missing tokens with a clear reason', async () => {
    const board = await createBoard();
    const other = await createBoard();
    const [payload = '', signature = ''] = board.facilitatorToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ v: 1, b: board.id, l: 'made-up', r: 'facilitator' })).toString('base64url');
    const cases: [string, number, number, RegExp][] = [
      [`${forgedPayload}.${signature}`, 401, CloseCode.Unauthorized, /invalid share link token/],
      [`${payload}.${'A'.repeat(signature.length)}`, 401, CloseCode.Unauthorized, /invalid share link token/],
      ['garbage', 401, CloseCode.Unauthorized, /invalid share link token/],
      [other.facilitatorToken, 403, CloseCode.Forbidden, /another board/],
    ];
    for (const [token, status, code, reason] of cases) {
      const http = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(http.status).toBe(status);
      expect(((await http.json()) as { error: { message: string } }).error.message).toMatch(reason);
      const ws = await closeOf(`${server.wsUrl}/sync/${board.id}?token=${encodeURIComponent(token)}`);
      expect(ws.code).toBe(code);
      expect(ws.reason).toMatch(reason);
    }
    const missing = await closeOf(`${server.wsUrl}/sync/${board.id}`);
    expect(missing).toEqual({ code: CloseCode.Unauthorized, reason: 'this board needs a share link' });
  });

  it('lets only the facilitator manage links, and tells callers their role', async () => {
    const board = await createBoard();
    const editorLink = await createLink(board.id, board.facilitatorToken, 'editor');
    const asEditor = await fetch(`${server.url}/api/boards/${board.id}/links`, { headers: { authorization: `Bearer ${editorLink.token}` } });
    expect(asEditor.status).toBe(403);
    expect(((await asEditor.json()) as { error: { message: string } }).error.message).toMatch(/needs the facilitator role/);
    const access = await fetch(`${server.url}/api/boards/${board.id}/access`, { headers: { authorization: `Bearer ${editorLink.token}` } });
    expect(await access.json()).toEqual({ role: 'editor' });
    // The journey API accepts the same tokens, also as ?token= for plain download links.
    expect((await fetch(`${server.url}/api/boards/${board.id}/journey?token=${encodeURIComponent(editorLink.token)}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/boards/${board.id}/journey`)).status).toBe(401);
  });

  it('lists a link with its expiry and refuses it once expired, closing connections already open with 4401', async () => {
    const board = await createBoard();
    // Far enough ahead to connect and sync first; the test then waits for the expiry itself.
    const expiresAt = new Date(Date.now() + 2_000).toISOString();
    const link = await createLink(board.id, board.facilitatorToken, 'editor', expiresAt);
    const lasting = await createLink(board.id, board.facilitatorToken, 'viewer');
    expect(link.expiresAt).toBe(expiresAt);
    expect(lasting.expiresAt).toBeNull();
    const listed = await listLinks(board.id, board.facilitatorToken);
    expect(listed.find((l) => l.id === link.id)?.expiresAt).toBe(expiresAt);

    const editor = client(board.id, link.token);
    await waitForSynced(editor);
    expect((await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${link.token}` } })).status).toBe(200);
    const closes: { code: number; reason: string }[] = [];
    editor.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });

    await waitFor(() => closes.length > 0, () => 'the open connection was not closed when its link expired');
    expect(closes[0]).toEqual({ code: CloseCode.Unauthorized, reason: 'this share link has expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    const http = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${link.token}` } });
    expect(http.status).toBe(401);
    expect(((await http.json()) as { error: { message: string } }).error.message).toBe('this share link has expired');
    expect(await closeOf(`${server.wsUrl}/sync/${board.id}?token=${encodeURIComponent(link.token)}`)).toEqual({
      code: CloseCode.Unauthorized,
      reason: 'this share link has expired',
    });
    // A link without an expiry keeps working.
    expect((await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${lasting.token}` } })).status).toBe(200);
  });

  it('refuses an expiry that has passed or is not a date with a clear 400, creating no link', async () => {
    const board = await createBoard();
    const before = await listLinks(board.id, board.facilitatorToken);
    const past = await postLink(board.id, board.facilitatorToken, { role: 'viewer', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/^expiresAt must be in the future/) as unknown,
    });
    const notADate = await postLink(board.id, board.facilitatorToken, { role: 'viewer', expiresAt: 'next Tuesday' });
    expect(notADate.status).toBe(400);
    expect(((await notADate.json()) as { error: { message: string } }).error.message).toMatch(/expiresAt/);
    expect(await listLinks(board.id, board.facilitatorToken)).toEqual(before);
  });

  it('accepts an expiry with a time-zone offset and reports it in UTC', async () => {
    const board = await createBoard();
    const link = await createLink(board.id, board.facilitatorToken, 'viewer', '2100-06-01T12:00:00+02:00');
    expect(link.expiresAt).toBe('2100-06-01T10:00:00.000Z');
  });
});
