import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode, MessageType } from '../../shared/src/index.ts';
import { cardText, putCard } from '../support/boardContent.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});

async function serverWith(env: Record<string, string>): Promise<{ server: RunningServer; boardId: string }> {
  const server = await startServer({ env });
  servers.push(server);
  return { server, boardId: await createBoard(server.url) };
}

interface RawClient {
  socket: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
}

function rawClient(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
  const socket = new WebSocket(url, options);
  sockets.push(socket);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

function syncStep1(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
  return encoding.toUint8Array(encoder);
}

/** A valid y-protocols update message that writes the card `key` with a text of `size` characters. */
function updateMessage(doc: Y.Doc, key: string, size: number): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  const capture = (u: Uint8Array) => {
    update = u;
  };
  doc.on('update', capture);
  putCard(doc, key, 'x'.repeat(size));
  doc.off('update', capture);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function queryAwareness(): Uint8Array {
  return new Uint8Array([MessageType.QueryAwareness]);
}

async function metric(server: RunningServer, name: string): Promise<string> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .join('\n');
}

describe('sync limits', () => {
  it('closes a socket that sends a message over MAX_MESSAGE_BYTES with 1009', async () => {
    const { server, boardId } = await serverWith({ MAX_MESSAGE_BYTES: '4096' });
    const client = await rawClient(`${server.wsUrl}/sync/${boardId}`);
    client.socket.send(updateMessage(new Y.Doc(), 'big', 5000));
    expect((await client.closed).code).toBe(CloseCode.MessageTooBig);
  });

  it('closes a socket that floods messages with 4429 and says which rate', async () => {
    const { server, boardId } = await serverWith({ MAX_MESSAGES_PER_SECOND: '20' });
    const client = await rawClient(`${server.wsUrl}/sync/${boardId}`);
    client.socket.send(syncStep1());
    for (let i = 0; i < 200; i++) client.socket.send(queryAwareness());
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.RateLimited);
    expect(closed.reason).toMatch(/more than 20 messages per second/);
    expect(await metric(server, 'journeyboard_rejected_messages_total')).toMatch(/reason="rate"} [1-9]/);
  });

  it('closes a socket that sends too many bytes per second with 4429', async () => {
    const { server, boardId } = await serverWith({ MAX_BYTES_PER_SECOND: '20000', MAX_MESSAGE_BYTES: '20000' });
    const client = await rawClient(`${server.wsUrl}/sync/${boardId}`);
    client.socket.send(syncStep1());
    const doc = new Y.Doc();
    for (let i = 0; i < 30; i++) client.socket.send(updateMessage(doc, `k${i}`, 5000));
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.RateLimited);
    expect(closed.reason).toMatch(/bytes per second/);
  });

  it('closes a socket whose awareness state is too large with 4413, and drops awareness beyond its rate', async () => {
    const { server, boardId } = await serverWith({ MAX_AWARENESS_BYTES: '1024', MAX_AWARENESS_PER_SECOND: '5' });
    const chatty = connectClient(server.wsUrl, boardId);
    const observer = connectClient(server.wsUrl, boardId);
    clients.push(chatty, observer);
    await Promise.all([waitForSynced(chatty), waitForSynced(observer)]);
    for (let i = 0; i < 100; i++) chatty.provider.awareness.setLocalStateField('cursor', { x: i, y: i });
    await waitFor(
      () => (observer.provider.awareness.getStates().get(chatty.doc.clientID) as { cursor?: unknown } | undefined)?.cursor !== undefined,
      () => 'observer never saw the cursor',
    );
    await expect.poll(() => metric(server, 'journeyboard_rejected_messages_total')).toMatch(/reason="rate"} [1-9]/);
    expect(chatty.provider.wsconnected).toBe(true);

    const closes: { code: number; reason: string }[] = [];
    chatty.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });
    chatty.provider.awareness.setLocalStateField('blob', 'x'.repeat(2000));
    await waitFor(() => closes.length > 0, () => 'not closed');
    expect(closes[0]?.code).toBe(CloseCode.MessageTooLarge);
    expect(closes[0]?.reason).toMatch(/awareness state too large/);
  });

  it('refuses a connection beyond MAX_CONNECTIONS_PER_BOARD with 4430 "board is full"', async () => {
    const { server, boardId } = await serverWith({ MAX_CONNECTIONS_PER_BOARD: '2' });
    await rawClient(`${server.wsUrl}/sync/${boardId}`);
    await rawClient(`${server.wsUrl}/sync/${boardId}`);
    const third = await rawClient(`${server.wsUrl}/sync/${boardId}`);
    const closed = await third.closed;
    expect(closed.code).toBe(CloseCode.BoardFull);
    expect(closed.reason).toBe('board is full: at most 2 connections');
    // Another board is not affected.
    const otherBoard = await createBoard(server.url);
    const other = connectClient(server.wsUrl, otherBoard);
    clients.push(other);
    await waitForSynced(other);
  });

  it('refuses updates that would grow a board past MAX_DOC_BYTES with 4413, keeping what was stored', async () => {
    const { server, boardId } = await serverWith({ MAX_DOC_BYTES: '20000' });
    const writer = connectClient(server.wsUrl, boardId);
    clients.push(writer);
    await waitForSynced(writer);
    const closes: { code: number; reason: string }[] = [];
    writer.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });
    putCard(writer.doc, 'small', 'fits');
    for (let i = 0; i < 10 && closes.length === 0; i++) {
      putCard(writer.doc, `big${i}`, 'x'.repeat(5000));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await waitFor(() => closes.length > 0, () => 'not closed');
    expect(closes[0]).toEqual({ code: CloseCode.MessageTooLarge, reason: 'board has reached its size limit of 20000 bytes' });
    const reader = connectClient(server.wsUrl, boardId);
    clients.push(reader);
    await waitForSynced(reader);
    expect(cardText(reader.doc, 'small')).toBe('fits');
  });

  it('disconnects a client that stops reading while the board keeps changing (slow consumer)', async () => {
    const { server, boardId } = await serverWith({ MAX_BUFFERED_BYTES: '65536', MAX_BYTES_PER_SECOND: '100000000', MAX_MESSAGES_PER_SECOND: '100000' });
    const slow = await rawClient(`${server.wsUrl}/sync/${boardId}`);
    slow.socket.send(syncStep1());
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const writer = connectClient(server.wsUrl, boardId);
    clients.push(writer);
    await waitForSynced(writer);
    await expect
      .poll(
        async () => {
          // 400 kB a round, in cards within the server's text limit per record.
          for (let i = 0; i < 40; i++) putCard(writer.doc, `k${i}`, `${Date.now()}${'y'.repeat(10_000)}`);
          return metric(server, 'journeyboard_rejected_messages_total');
        },
        { timeout: 20_000 },
      )
      .toMatch(/reason="slow"} [1-9]/);
    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await slow.closed;
    expect([CloseCode.SlowConsumer, 1006]).toContain(closed.code);
  });

  it('times out sockets that never start the sync handshake, and idle sockets, with 4408', async () => {
    const { server, boardId } = await serverWith({ HANDSHAKE_TIMEOUT_MS: '300', IDLE_TIMEOUT_MS: '600' });
    const silent = await rawClient(`${server.wsUrl}/sync/${boardId}`);
    expect(await silent.closed).toEqual({ code: CloseCode.Timeout, reason: 'no sync handshake in time' });
    const idle = await rawClient(`${server.wsUrl}/sync/${boardId}`);
    idle.socket.send(syncStep1());
    expect(await idle.closed).toEqual({ code: CloseCode.Timeout, reason: 'idle timeout' });
  });

  it('drops peers that stop answering pings', async () => {
    const { server, boardId } = await serverWith({ HEARTBEAT_MS: '200' });
    const deaf = await rawClient(`${server.wsUrl}/sync/${boardId}`, { autoPong: false });
    deaf.socket.send(syncStep1());
    expect((await deaf.closed).code).toBe(1006);
  });

  it('refuses WebSocket upgrades from other origins unless allowed', async () => {
    const { server, boardId } = await serverWith({ ALLOWED_ORIGINS: 'https://partner.example' });
    const url = `${server.wsUrl}/sync/${boardId}`;
    await expect(rawClient(url, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const sameOrigin = await rawClient(url, { origin: server.url });
    const allowed = await rawClient(url, { origin: 'https://partner.example' });
    const noOrigin = await rawClient(url);
    for (const client of [sameOrigin, allowed, noOrigin]) expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });
});
