import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThread, editComment } from '../../client/src/comments/commentRecords.ts';
import { DocLayout, WebhookDeliveryListSchema, WebhookListSchema, WebhookSchema } from '../../shared/src/index.ts';
import { verifySignature } from '../../server/src/webhooks/signature.ts';
import { note } from '../unit/journey/fixtures.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { WebhookReceiver } from '../support/webhookReceiver.ts';
import { connectClient, waitFor, waitForSynced } from '../support/yClients.ts';

const SECRET = 'receiver-secret-0123456789';

let server: RunningServer;
let receiver: WebhookReceiver;
let receiverUrl: string;
let boardId: string;
let token: string;

beforeAll(async () => {
  receiver = new WebhookReceiver(SECRET);
  receiverUrl = await receiver.listen();
  server = await startServer({
    env: {
      ANONYMOUS_ROLE: 'none',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,hooks.example.com',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_MAX_ATTEMPTS: '3',
      JOURNEY_DEBOUNCE_MS: '50',
      WEBHOOK_JOURNEY_INTERVAL_MS: '100',
    },
  });
  const created = (await (await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Hooked' }) })).json()) as {
    id: string;
    facilitatorToken: string;
  };
  boardId = created.id;
  token = created.facilitatorToken;
});
afterAll(async () => {
  await server.stop();
  await receiver.close();
});

function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${server.url}/api/boards/${boardId}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
}

async function deliveries() {
  return WebhookDeliveryListSchema.parse(await (await api('/webhooks/deliveries')).json()).deliveries;
}

describe('webhooks', () => {
  it('refuses targets the operator did not allow, and internal addresses behind allowed names', async () => {
    for (const url of ['http://127.0.0.2:9/x', 'http://localhost:9/x', 'http://10.0.0.1/x', 'ftp://127.0.0.1/x', 'http://169.254.169.254/latest/meta-data']) {
      const response = await api('/webhooks', { method: 'POST', json: { url, secret: SECRET } });
      expect(response.status, url).toBe(403);
    }
    expect((await api('/webhooks', { method: 'POST', json: { url: 'http://user:pw@127.0.0.1/x', secret: SECRET } })).status).toBe(403);
    const short = await api('/webhooks', { method: 'POST', json: { url: receiverUrl, secret: 'short' } });
    expect(short.status).toBe(400);
    expect(WebhookListSchema.parse(await (await api('/webhooks')).json())).toEqual({ enabled: true, webhooks: [] });
  });

  it('only the facilitator manages webhooks', async () => {
    const link = (await (await api('/links', { method: 'POST', json: { role: 'editor', label: 'ed' } })).json()) as { token: string };
    const response = await fetch(`${server.url}/api/boards/${boardId}/webhooks`, { headers: { authorization: `Bearer ${link.token}` } });
    expect(response.status).toBe(403);
  });

  it('delivers signed events, retries after a failure, and logs every delivery', async () => {
    const created = await api('/webhooks', { method: 'POST', json: { url: receiverUrl, secret: SECRET } });
    expect(created.status).toBe(201);
    const webhook = WebhookSchema.parse(await created.json());
    expect(JSON.stringify(webhook)).not.toContain(SECRET);

    // The receiver fails the first attempt of the test delivery: it must come again, same id and body.
    receiver.planned = [500];
    expect((await api(`/webhooks/${webhook.id}/test`, { method: 'POST' })).status).toBe(202);
    await waitFor(() => receiver.received.filter((r) => r.event === 'ping').length >= 2, () => JSON.stringify(receiver.received));
    const pings = receiver.received.filter((r) => r.event === 'ping');
    expect(pings[0]?.delivery).toBe(pings[1]?.delivery);
    expect(pings[0]?.body).toBe(pings[1]?.body);
    expect(pings.every((p) => p.verified)).toBe(true);
    expect(verifySignature('another-secret-0123456', pings[0]?.signature ?? '', pings[0]?.body ?? '', Math.floor(Date.now() / 1000))).toBe(false);
    await expect.poll(async () => (await deliveries()).find((d) => d.event === 'ping')).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 });

    // An edit on the board: one journey.changed delivery with the journey data, after the debounce.
    const client = connectClient(server.wsUrl, boardId, { params: { token } });
    await waitForSynced(client);
    client.doc.getArray('tldraw-records').push([
      { key: 'page:page', val: { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } },
    ]);
    await waitFor(() => receiver.received.some((r) => r.event === 'journey.changed'), () => JSON.stringify(receiver.received.map((r) => r.event)));
    const changed = receiver.received.find((r) => r.event === 'journey.changed');
    expect(changed?.verified).toBe(true);
    expect(JSON.parse(changed?.body ?? '{}')).toMatchObject({ event: 'journey.changed', boardId, data: { journey: { schemaVersion: 1, maps: [] } } });
    client.destroy();
  });

  it('sends each new comment once (not its edits)', async () => {
    const client = connectClient(server.wsUrl, boardId, { params: { token } });
    await waitForSynced(client);
    const comments = new YKeyValue<unknown>(client.doc.getArray(DocLayout.comments));
    const fiona = { author: { id: 'user:fiona', name: 'Fiona', role: 'facilitator' as const }, secret: 'fiona secret' };
    const { thread, comment } = createThread(fiona, { kind: 'point', pageId: 'page:page', x: 10, y: 10 }, 'Who owns the hotline?', []);
    client.doc.transact(() => {
      comments.set(thread.id, thread);
      comments.set(comment.id, comment);
    });
    await waitFor(() => receiver.received.some((r) => r.event === 'comment.created'), () => JSON.stringify(receiver.received.map((r) => r.event)));
    const edited = editComment(fiona, comment, 'Who owns the hotline, really?', []);
    if (edited) client.doc.transact(() => comments.set(edited.id, edited));
    // Once the server has the edit and a later delivery arrived, a second comment.created would have too.
    const observer = connectClient(server.wsUrl, boardId, { params: { token } });
    await waitForSynced(observer);
    const seen = new YKeyValue<unknown>(observer.doc.getArray(DocLayout.comments));
    await waitFor(() => (seen.get(comment.id) as { body?: string } | undefined)?.body === 'Who owns the hotline, really?', () => 'the edit did not reach the server');
    observer.destroy();
    const pings = receiver.received.filter((r) => r.event === 'ping').length;
    const [webhook] = WebhookListSchema.parse(await (await api('/webhooks')).json()).webhooks;
    await api(`/webhooks/${webhook?.id ?? ''}/test`, { method: 'POST' });
    await waitFor(() => receiver.received.filter((r) => r.event === 'ping').length > pings, () => 'the later ping did not arrive');
    const created = receiver.received.filter((r) => r.event === 'comment.created');
    expect(created).toHaveLength(1);
    expect(created[0]?.verified).toBe(true);
    expect(JSON.parse(created[0]?.body ?? '{}')).toMatchObject({ data: { comment: { id: comment.id, threadId: thread.id, body: 'Who owns the hotline?', author: { name: 'Fiona' } } } });
    client.destroy();
  });

  it('gives up after the configured attempts and says why', async () => {
    const before = receiver.received.length;
    receiver.planned = [503, 503, 503];
    const [webhook] = WebhookListSchema.parse(await (await api('/webhooks')).json()).webhooks;
    await api(`/webhooks/${webhook?.id ?? ''}/test`, { method: 'POST' });
    await expect.poll(async () => (await deliveries())[0], { timeout: 10_000 }).toMatchObject({ event: 'ping', status: 'failed', attempts: 3, lastStatus: 503 });
    expect(receiver.received.length - before).toBe(3);
  });

  it('checks the target again at delivery: a target the operator no longer allows gets nothing', async () => {
    const { dataDir, port } = server;
    await server.stop();
    server = await startServer({
      dataDir,
      port,
      env: { ANONYMOUS_ROLE: 'none', WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_MAX_ATTEMPTS: '2' },
    });
    const before = receiver.received.length;
    const [webhook] = WebhookListSchema.parse(await (await api('/webhooks')).json()).webhooks;
    expect((await api(`/webhooks/${webhook?.id ?? ''}/test`, { method: 'POST' })).status).toBe(202);
    await expect.poll(async () => (await deliveries())[0], { timeout: 10_000 }).toMatchObject({
      event: 'ping',
      status: 'failed',
      attempts: 2,
      lastStatus: null,
      lastError: '127.0.0.1 is not an allowed webhook host on this server (WEBHOOK_ALLOWED_HOSTS)',
    });
    expect(receiver.received.length).toBe(before);
  });

  it('sends the results of a dot-voting round when the facilitator reveals it', async () => {
    // The previous test narrowed the allow-list: back to the loopback receiver.
    const { dataDir, port } = server;
    await server.stop();
    server = await startServer({ dataDir, port, env: { ANONYMOUS_ROLE: 'none', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', JOURNEY_DEBOUNCE_MS: '50', WEBHOOK_JOURNEY_INTERVAL_MS: '100' } });
    const client = connectClient(server.wsUrl, boardId, { params: { token } });
    await waitForSynced(client);
    const records = new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
    records.set('shape:vote-a', note('vote-a', 100, 100, 'Hotline queue'));
    const observer = connectClient(server.wsUrl, boardId, { params: { token } });
    await waitForSynced(observer);
    await waitFor(() => new YKeyValue<unknown>(observer.doc.getArray(DocLayout.records)).has('shape:vote-a'), () => 'the card did not reach the server');
    observer.destroy();
    const started = await fetch(`${server.url}/api/boards/${boardId}/session/votes/rounds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ budget: 2, allowMultiplePerCard: true, scope: { kind: 'board' } }),
    });
    const { round } = (await started.json()) as { round: { id: string } };
    const ballot = await fetch(`${server.url}/api/boards/${boardId}/session/votes/rounds/${round.id}/ballot`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ voterId: 'user:fiona', cardIds: ['shape:vote-a', 'shape:vote-a'] }),
    });
    expect(ballot.status).toBe(200);
    expect(receiver.received.some((r) => r.event === 'vote.results')).toBe(false);
    const revealed = await fetch(`${server.url}/api/boards/${boardId}/session/votes/rounds/${round.id}/reveal`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(revealed.status).toBe(200);
    await waitFor(() => receiver.received.some((r) => r.event === 'vote.results'), () => JSON.stringify(receiver.received.map((r) => r.event)));
    const results = receiver.received.find((r) => r.event === 'vote.results');
    expect(results?.verified).toBe(true);
    expect(JSON.parse(results?.body ?? '{}')).toMatchObject({ event: 'vote.results', boardId, data: { results: { round: 1, roundId: round.id, votesByCard: { 'shape:vote-a': 2 } } } });
    client.destroy();
  });
});
