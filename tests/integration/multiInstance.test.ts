/**
 * Three server processes on one PostgreSQL and one Redis: participants of one board on
 * different instances edit together and see each other. Needs DATABASE_URL and REDIS_URL
 * (`source .ci/services`); skipped with that hint otherwise.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { createThread } from '../../client/src/comments/commentRecords.ts';
import {
  CloseCode,
  CreatedBoardSchema,
  DocLayout,
  JourneyDataSchema,
  MetricSeriesSchema,
  PortfolioBoardListSchema,
  ShareLinkSchema,
  WebhookDeliveryListSchema,
  WebhookListSchema,
  WebhookSchema,
} from '../../shared/src/index.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { cardCount } from '../support/boardContent.ts';
import { randomEdit } from '../support/edits.ts';
import { seededRandom } from '../support/random.ts';
import { DATABASE_URL, REDIS_URL, reportSkipped } from '../support/scaleServices.ts';
import { createBoard } from '../support/server.ts';
import { WebhookReceiver } from '../support/webhookReceiver.ts';
import { connectClient, docState, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const skip = reportSkipped(['DATABASE_URL', 'REDIS_URL']);

const clusters: Cluster[] = [];
const clients: TestClient[] = [];
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const receiver of receivers.splice(0)) await receiver.close();
  for (const cluster of clusters.splice(0)) await cluster.stop();
});

async function threeInstances(env?: Record<string, string>): Promise<Cluster> {
  const cluster = await startCluster({ instances: 3, adminDatabaseUrl: DATABASE_URL ?? '', redisUrl: REDIS_URL ?? '', env });
  clusters.push(cluster);
  return cluster;
}

function client(wsUrl: string, boardId: string): TestClient {
  const c = connectClient(wsUrl, boardId);
  clients.push(c);
  return c;
}

function converged(all: readonly TestClient[]): boolean {
  const first = all[0];
  return first !== undefined && all.every((c) => docState(c.doc) === docState(first.doc));
}

describe.skipIf(skip)('multi-instance (3 servers, one PostgreSQL, one Redis)', () => {
  it('participants on different instances of one board converge on 1,000 mixed edits while every instance compacts, and so do late joiners', async () => {
    // Frequent compaction, so all three instances fold the shared log while the others append.
    const cluster = await threeInstances({ COMPACT_AFTER_UPDATES: '40' });
    const boardId = await createBoard(cluster.instances[0]?.url ?? '');
    // Two participants on each instance.
    const participants = cluster.instances.flatMap((instance) => [client(instance.wsUrl, boardId), client(instance.wsUrl, boardId)]);
    await Promise.all(participants.map((c) => waitForSynced(c)));

    const random = seededRandom(2026);
    for (let i = 0; i < 1_000; i += 1) {
      const writer = participants[Math.floor(random() * participants.length)];
      if (!writer) throw new Error('no writer');
      randomEdit(writer.doc, random, `e${i}`);
      // Bursts with pauses between, as people type and drag.
      if (i % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
    }

    await waitFor(
      () => converged(participants),
      () => `replicas differ: ${participants.map((c) => docState(c.doc).length).join(', ')}`,
      30_000,
    );
    const first = participants[0]?.doc ?? client(cluster.instances[0]?.wsUrl ?? '', boardId).doc;
    const expected = docState(first);
    expect(cardCount(first, 'map-') + cardCount(first, 'item-')).toBeGreaterThan(30);

    // Whoever arrives later, on any instance, gets the same board from storage.
    const lateJoiners = cluster.instances.map((instance) => client(instance.wsUrl, boardId));
    await Promise.all(lateJoiners.map((c) => waitForSynced(c)));
    for (const late of lateJoiners) expect(docState(late.doc)).toBe(expected);

    const restarted = await cluster.startInstance();
    const fromFreshInstance = client(restarted.wsUrl, boardId);
    await waitForSynced(fromFreshInstance);
    expect(docState(fromFreshInstance.doc)).toBe(expected);
  });

  it('presence crosses instances: a participant sees who is on the board through another instance, and sees them leave', async () => {
    const cluster = await threeInstances();
    const [first, second, third] = cluster.instances;
    if (!first || !second || !third) throw new Error('cluster incomplete');
    const boardId = await createBoard(first.url);
    const ada = client(first.wsUrl, boardId);
    const bo = client(second.wsUrl, boardId);
    await Promise.all([waitForSynced(ada), waitForSynced(bo)]);
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    bo.provider.awareness.setLocalStateField('user', { name: 'Bo' });

    const names = (c: TestClient): string[] =>
      [...c.provider.awareness.getStates().values()]
        .map((state) => (state as { user?: { name?: string } }).user?.name)
        .filter((name): name is string => typeof name === 'string')
        .sort();
    await waitFor(() => names(bo).includes('Ada') && names(ada).includes('Bo'), () => `ada sees ${names(ada).join()}, bo sees ${names(bo).join()}`);

    // Someone joining through a third instance sees both at once, without waiting for them to move.
    const cy = client(third.wsUrl, boardId);
    await waitForSynced(cy);
    await waitFor(() => names(cy).join() === 'Ada,Bo', () => `cy sees ${names(cy).join()}`);

    ada.destroy();
    await waitFor(() => !names(cy).includes('Ada') && !names(bo).includes('Ada'), () => `after Ada left: cy ${names(cy).join()}, bo ${names(bo).join()}`);
  });

  it('a share link made through one instance works on the others, and revoking it closes connections on every instance', async () => {
    const admin = 'admin-token-0123456789';
    const cluster = await threeInstances({ ANONYMOUS_ROLE: 'none', BOARD_CREATION: 'admin', ADMIN_TOKEN: admin });
    const [first, second, third] = cluster.instances;
    if (!first || !second || !third) throw new Error('cluster incomplete');
    const created = await fetch(`${first.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ title: 'Workshop' }),
    });
    const board = CreatedBoardSchema.parse(await created.json());
    // Tokens are signed with one key for all instances (kept in PostgreSQL).
    const linkResponse = await fetch(`${second.url}/api/boards/${board.id}/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${board.facilitatorToken}` },
      body: JSON.stringify({ role: 'editor', label: 'Team' }),
    });
    expect(linkResponse.status).toBe(201);
    const link = ShareLinkSchema.parse(await linkResponse.json());
    const editor = connectClientWithToken(third.wsUrl, board.id, link.token);
    await waitForSynced(editor);
    const closes: { code: number; reason: string }[] = [];
    editor.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });

    const revoked = await fetch(`${first.url}/api/boards/${board.id}/links/${link.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${board.facilitatorToken}` },
    });
    expect(revoked.status).toBe(204);
    await waitFor(() => closes.length > 0, () => 'the connection on another instance stayed open');
    expect(closes[0]).toEqual({ code: CloseCode.Forbidden, reason: 'this share link was revoked' });
  });

  it('live metrics, webhooks and the portfolio are the same on every instance, and a new comment is delivered once', async () => {
    const admin = 'admin-token-0123456789';
    const secret = 'receiver-secret-0123456789';
    const receiver = new WebhookReceiver(secret);
    receivers.push(receiver);
    const receiverUrl = await receiver.listen();
    const cluster = await threeInstances({ ADMIN_TOKEN: admin, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '50', JOURNEY_DEBOUNCE_MS: '50' });
    const [first, second, third] = cluster.instances;
    if (!first || !second || !third) throw new Error('cluster incomplete');
    const board = CreatedBoardSchema.parse(await (await fetch(`${first.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Shared"}' })).json());
    const call = (instance: { url: string }, path: string, init: { method?: string; json?: unknown; csv?: string; admin?: boolean } = {}): Promise<Response> =>
      fetch(`${instance.url}/api${path}`, {
        method: init.method ?? (init.json !== undefined || init.csv !== undefined ? 'POST' : 'GET'),
        headers: {
          authorization: `Bearer ${init.admin ? admin : board.facilitatorToken}`,
          ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.csv !== undefined ? { 'content-type': 'text/csv' } : {}),
        },
        body: init.csv ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined),
      });

    // Cards imported through the third instance; a value for one posted through the third, read through the first.
    // (Other instances see the cards a moment later: the import's own instance names them.)
    expect((await call(third, `/boards/${board.id}/import`, { csv: 'stage,lane,text\nPurchase,Steps,Checkout\nPurchase,Steps,Pay\n' })).status).toBe(201);
    const journey = JourneyDataSchema.parse(await (await call(third, `/boards/${board.id}/journey`)).json());
    const payId = journey.maps[0]?.cells.flatMap((c) => c.cards).find((c) => c.text === 'Pay')?.id ?? '';
    const metric = { cardId: payId, name: 'Conversion', value: 41, unit: '%', target: 60, at: '2026-11-01T10:00:00Z' };
    expect((await call(third, `/boards/${board.id}/metrics`, { json: { values: [metric] } })).status).toBe(200);
    const series = MetricSeriesSchema.parse(await (await call(first, `/boards/${board.id}/metrics?cardId=${encodeURIComponent(payId)}`)).json());
    expect(series.points.map((p) => [p.name, p.value])).toEqual([['Conversion', 41]]);

    // The portfolio index, written by whichever instance extracted the board, lists it everywhere.
    const indexedCards = async (): Promise<number | undefined> =>
      PortfolioBoardListSchema.parse(await (await call(second, '/portfolio/boards', { json: {}, admin: true })).json()).boards.find((b) => b.id === board.id)
        ?.summary?.cards;
    await expect.poll(indexedCards, { timeout: 10_000 }).toBe(2);

    // A webhook made through the first instance is listed by the second.
    const created = await call(first, `/boards/${board.id}/webhooks`, { json: { url: receiverUrl, secret, events: ['comment.created'] } });
    expect(created.status).toBe(201);
    const webhook = WebhookSchema.parse(await created.json());
    expect(WebhookListSchema.parse(await (await call(second, `/boards/${board.id}/webhooks`)).json()).webhooks.map((w) => w.id)).toEqual([webhook.id]);

    // The board is open on all three instances; a comment added through the second is announced once.
    const writers = [first, second, third].map((instance) => connectClientWithToken(instance.wsUrl, board.id, board.facilitatorToken));
    for (const writer of writers) await waitForSynced(writer);
    const commenter = writers[1];
    if (!commenter) throw new Error('no commenter');
    const fiona = { author: { id: 'user:fiona', name: 'Fiona', role: 'facilitator' as const }, secret: 'fiona secret' };
    const { thread, comment } = createThread(fiona, { kind: 'point', pageId: 'page:page', x: 10, y: 10 }, 'Who owns checkout?', []);
    const comments = new YKeyValue<unknown>(commenter.doc.getArray(DocLayout.comments));
    commenter.doc.transact(() => {
      comments.set(thread.id, thread);
      comments.set(comment.id, comment);
    });
    for (const writer of writers) {
      const seen = new YKeyValue<unknown>(writer.doc.getArray(DocLayout.comments));
      await waitFor(() => seen.get(comment.id) !== undefined, () => 'the comment did not reach every instance');
    }
    await waitFor(() => receiver.received.some((r) => r.event === 'comment.created'), () => JSON.stringify(receiver.received.map((r) => r.event)));
    // A later ping arriving means any second comment.created would have arrived too.
    expect((await call(third, `/boards/${board.id}/webhooks/${webhook.id}/test`, { method: 'POST' })).status).toBe(202);
    await waitFor(() => receiver.received.some((r) => r.event === 'ping'), () => 'the ping did not arrive');
    expect(receiver.received.filter((r) => r.event === 'comment.created')).toHaveLength(1);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const log = async (): Promise<string[][]> =>
      WebhookDeliveryListSchema.parse(await (await call(first, `/boards/${board.id}/webhooks/deliveries`)).json()).deliveries.map((d) => [d.event, d.status]);
    await expect.poll(log, { timeout: 10_000 }).toEqual([
      ['ping', 'delivered'],
      ['comment.created', 'delivered'],
    ]);
  });

  it('ballots cast through different instances all count when the round is revealed through a third', async () => {
    const cluster = await threeInstances();
    const [first, second, third] = cluster.instances;
    if (!first || !second || !third) throw new Error('cluster incomplete');
    const board = CreatedBoardSchema.parse(await (await fetch(`${first.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Votes"}' })).json());
    const call = (instance: { url: string }, path: string, method: string, json?: unknown): Promise<Response> =>
      fetch(`${instance.url}/api/boards/${board.id}${path}`, {
        method,
        headers: { authorization: `Bearer ${board.facilitatorToken}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
    const imported = await fetch(`${first.url}/api/boards/${board.id}/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'stage,lane,text\nPurchase,Steps,Checkout\nPurchase,Steps,Pay\n' });
    expect(imported.status).toBe(201);
    const journey = JourneyDataSchema.parse(await (await call(first, '/journey', 'GET')).json());
    const idOf = (text: string): string => journey.maps[0]?.cells.flatMap((c) => c.cards).find((c) => c.text === text)?.id ?? '';
    const [checkout, pay] = [idOf('Checkout'), idOf('Pay')];

    const started = await call(first, '/session/votes/rounds', 'POST', { budget: 3, allowMultiplePerCard: true, scope: { kind: 'board' } });
    const { round } = z.object({ round: z.object({ id: z.string() }) }).parse(await started.json());
    // The round reaches the other instances through Redis a moment later (until then: 400, no open round); a ballot replaces, so retrying is harmless.
    const cast = async (instance: { url: string }, voterId: string, cardIds: string[]): Promise<void> => {
      await expect.poll(async () => (await call(instance, `/session/votes/rounds/${round.id}/ballot`, 'PUT', { voterId, cardIds })).status, { timeout: 10_000 }).toBe(200);
    };
    await cast(second, 'user:ada', [pay, pay, checkout]);
    await cast(third, 'user:bo', [pay]);
    await cast(first, 'user:cy', [checkout]);
    await cast(first, 'user:cy', []);
    // A voter reads their own ballot back through any instance.
    const own = await call(third, `/session/votes/rounds/${round.id}/ballot?voterId=user:ada`, 'GET');
    expect(await own.json()).toEqual({ voterId: 'user:ada', cardIds: [pay, pay, checkout] });

    const revealed = await call(third, `/session/votes/rounds/${round.id}/reveal`, 'POST');
    expect(revealed.status).toBe(200);
    expect(await revealed.json()).toMatchObject({ round: { status: 'revealed', voterCount: 2, results: { [pay]: 3, [checkout]: 1 } } });
  });
});

function connectClientWithToken(wsUrl: string, boardId: string, token: string): TestClient {
  const c = connectClient(wsUrl, boardId, { params: { token } });
  clients.push(c);
  return c;
}
