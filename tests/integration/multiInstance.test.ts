/**
 * Three server processes on one PostgreSQL and one Redis: participants of one board on
 * different instances edit together and see each other. Needs DATABASE_URL and REDIS_URL
 * (`source .ci/services`); skipped with that hint otherwise.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, CreatedBoardSchema, ShareLinkSchema } from '../../shared/src/index.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { randomEdit } from '../support/edits.ts';
import { seededRandom } from '../support/random.ts';
import { DATABASE_URL, REDIS_URL, reportSkipped } from '../support/scaleServices.ts';
import { createBoard } from '../support/server.ts';
import { connectClient, docState, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const skip = reportSkipped(['DATABASE_URL', 'REDIS_URL']);

const clusters: Cluster[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
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
    const expected = docState(participants[0]?.doc ?? client(cluster.instances[0]?.wsUrl ?? '', boardId).doc);
    const { map, list } = JSON.parse(expected) as { map: Record<string, string>; list: string[] };
    expect(Object.keys(map).length + list.length).toBeGreaterThan(30);

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
});

function connectClientWithToken(wsUrl: string, boardId: string, token: string): TestClient {
  const c = connectClient(wsUrl, boardId, { params: { token } });
  clients.push(c);
  return c;
}
