import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../shared/src/index.ts';
import { cardCount, cardText, listLength, putCard, putListItem } from '../support/boardContent.ts';
import { randomEdit } from '../support/edits.ts';
import { seededRandom } from '../support/random.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, docState, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];

async function server(options?: Parameters<typeof startServer>[0]): Promise<RunningServer> {
  const started = await startServer(options);
  servers.push(started);
  return started;
}

function client(s: RunningServer, boardId: string): TestClient {
  const c = connectClient(s.wsUrl, boardId);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});

function rawSocket(url: string): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(url);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

describe('sync with stock y-websocket clients', () => {
  it('three clients converge after 1,000 mixed edits, and a fresh client after a restart sees the same', async () => {
    const s = await server();
    const boardId = await createBoard(s.url);
    const peers = [client(s, boardId), client(s, boardId), client(s, boardId)];
    await Promise.all(peers.map((p) => waitForSynced(p)));

    const random = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const peer = peers[i % 3];
      if (!peer) throw new Error('unreachable');
      randomEdit(peer.doc, random, `e${i}`);
      // Yield now and then so edits interleave with network traffic, as in a live session.
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const [a, b, c] = peers.map((p) => p.doc);
    if (!a || !b || !c) throw new Error('unreachable');
    await waitFor(
      () => docState(a) === docState(b) && docState(b) === docState(c),
      () => 'replicas did not converge',
    );
    expect((cardText(a, 'text') ?? '').length + cardCount(a, 'item-') + cardCount(a, 'map-')).toBeGreaterThan(100);
    const converged = docState(a);

    for (const p of clients.splice(0)) p.destroy();
    expect(await s.stop()).toBe(0);
    const restarted = await server({ dataDir: s.dataDir });
    const fresh = client(restarted, boardId);
    await waitForSynced(fresh);
    expect(docState(fresh.doc)).toBe(converged);
  });

  it('disconnects a client that sends a malformed frame with a reason, while the others keep syncing', async () => {
    const s = await server();
    const boardId = await createBoard(s.url);
    const alice = client(s, boardId);
    const bob = client(s, boardId);
    await Promise.all([waitForSynced(alice), waitForSynced(bob)]);

    const { socket, closed } = await rawSocket(`${s.wsUrl}/sync/${boardId}`);
    // Sync message, "update" subtype, with a payload length that runs past the end.
    socket.send(new Uint8Array([0, 2, 200, 1, 7]));
    const closeEvent = await closed;
    expect(closeEvent.code).toBe(CloseCode.MalformedMessage);
    expect(closeEvent.reason).toMatch(/malformed message/);

    const garbage = await rawSocket(`${s.wsUrl}/sync/${boardId}`);
    // A structurally complete frame whose Yjs update is garbage.
    garbage.socket.send(new Uint8Array([0, 2, 4, 255, 255, 255, 255]));
    expect((await garbage.closed).code).toBe(CloseCode.MalformedMessage);

    putCard(alice.doc, 'after', 'still works');
    await waitFor(() => cardText(bob.doc, 'after') === 'still works', () => 'bob did not receive the edit');
  });

  it('closes sockets for unknown boards and invalid ids with a readable reason', async () => {
    const s = await server();
    const unknown = await rawSocket(`${s.wsUrl}/sync/AAAAAAAAAAAAAAAAAAAAA`);
    expect(await unknown.closed).toEqual({ code: CloseCode.UnknownBoard, reason: 'unknown board AAAAAAAAAAAAAAAAAAAAA' });
    const invalid = await rawSocket(`${s.wsUrl}/sync/bad!id`);
    const invalidClose = await invalid.closed;
    expect(invalidClose.code).toBe(CloseCode.InvalidBoardId);
    expect(invalidClose.reason).toMatch(/invalid board id/);
  });

  it('carries awareness between clients and removes it when a client leaves', async () => {
    const s = await server();
    const boardId = await createBoard(s.url);
    const alice = client(s, boardId);
    const bob = client(s, boardId);
    await Promise.all([waitForSynced(alice), waitForSynced(bob)]);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    const aliceId = alice.doc.clientID;
    await waitFor(
      () => (bob.provider.awareness.getStates().get(aliceId) as { user?: { name: string } } | undefined)?.user?.name === 'Alice',
      () => 'bob never saw alice',
    );
    alice.provider.disconnect();
    await waitFor(() => !bob.provider.awareness.getStates().has(aliceId), () => 'alice stayed visible');
  });

  it('shuts down gracefully on SIGTERM: clients are told 1001 and every edit is kept', async () => {
    const s = await server();
    const boardId = await createBoard(s.url);
    const alice = client(s, boardId);
    await waitForSynced(alice);
    const closeCodes: number[] = [];
    alice.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    for (let i = 0; i < 100; i++) putListItem(alice.doc, 'list', i, `item ${i}`);
    // Wait until the server has the edits (another client sees them), then stop it.
    const observer = client(s, boardId);
    await waitFor(() => listLength(observer.doc, 'list') === 100, () => 'observer did not see all edits');
    expect(await s.stop()).toBe(0);
    await waitFor(() => closeCodes.includes(CloseCode.GoingAway), () => `close codes: ${closeCodes.join(',')}`);

    for (const c of clients.splice(0)) c.destroy();
    const restarted = await server({ dataDir: s.dataDir });
    const fresh = client(restarted, boardId);
    await waitForSynced(fresh);
    expect(listLength(fresh.doc, 'list')).toBe(100);
  });
});
