/**
 * An update can build on one the server has not received yet (a participant got it another way, or
 * a reconnecting client's edits overtake each other); Yjs holds it back until the missing one
 * arrives, and then integrates both in the transaction of the update that completed it. Whoever
 * sent that completing update has never seen the held-back one: it must be sent to them too.
 */
import * as decoding from 'lib0/decoding';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { MessageType } from '../../shared/src/index.ts';
import { cardText, putCard } from '../support/boardContent.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

/** A bare participant: sends what it is given and applies every document update it receives to `doc`. */
interface RawParticipant {
  socket: WebSocket;
  doc: Y.Doc;
  /** Messages of other kinds received (awareness, save state), by their type. */
  others: number[];
}

async function rawParticipant(server: RunningServer, boardId: string): Promise<RawParticipant> {
  const socket = new WebSocket(`${server.wsUrl}/sync/${boardId}`);
  socket.binaryType = 'nodebuffer';
  const participant: RawParticipant = { socket, doc: new Y.Doc(), others: [] };
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    const syncType = type === MessageType.Sync ? decoding.readVarUint(decoder) : -1;
    // Sync step 2 (1) and update (2) carry document content; the server's own step 1 does not.
    if (syncType === 1 || syncType === 2) Y.applyUpdate(participant.doc, decoding.readVarUint8Array(decoder));
    else if (type !== MessageType.Sync) participant.others.push(type);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // A fresh participant's sync request (empty state vector).
  socket.send(new Uint8Array([MessageType.Sync, 0, 1, 0]));
  return participant;
}

function updateMessage(update: Uint8Array): Uint8Array {
  return new Uint8Array([MessageType.Sync, 2, ...encodeLength(update.byteLength), ...update]);
}

function encodeLength(length: number): number[] {
  const bytes: number[] = [];
  let rest = length;
  while (rest > 0x7f) {
    bytes.push(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** The update `write` makes on `doc`. */
function updateOf(doc: Y.Doc, write: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  write();
  return Y.encodeStateAsUpdate(doc, before);
}

describe('updates held back until what they build on arrives', () => {
  const servers: RunningServer[] = [];
  const clients: TestClient[] = [];
  const sockets: WebSocket[] = [];

  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it("reach the participant whose update completed them, as they reach everyone else", async () => {
    const server = await startServer();
    servers.push(server);
    const boardId = await createBoard(server.url);
    const observer = connectClient(server.wsUrl, boardId);
    clients.push(observer);
    await waitForSynced(observer);
    const a = await rawParticipant(server, boardId);
    const b = await rawParticipant(server, boardId);
    sockets.push(a.socket, b.socket);

    // B has A's card (not through the server) and adds its own after it.
    const aDoc = new Y.Doc();
    const aCard = updateOf(aDoc, () => putCard(aDoc, 'from-a', 'Customer calls'));
    const bDoc = new Y.Doc();
    Y.applyUpdate(bDoc, aCard);
    const bCard = updateOf(bDoc, () => putCard(bDoc, 'from-b', 'Agent answers'));

    // B's card reaches the server first and is held back; the awareness reply B asks for after it says it was handled.
    b.socket.send(updateMessage(bCard));
    b.socket.send(new Uint8Array([MessageType.QueryAwareness]));
    await waitFor(() => b.others.includes(MessageType.Awareness), () => 'B got no awareness reply');
    expect(cardText(observer.doc, 'from-b')).toBeUndefined();

    // A's card completes it: the server integrates both at once.
    Y.applyUpdate(a.doc, aCard);
    a.socket.send(updateMessage(aCard));
    await waitFor(() => cardText(observer.doc, 'from-b') === 'Agent answers', () => 'the observer did not get B card');
    await waitFor(
      () => cardText(a.doc, 'from-b') === 'Agent answers',
      () => 'A never received B card, which the server integrated in A update',
      5_000,
    );
    expect(cardText(a.doc, 'from-a')).toBe('Customer calls');
  });
});
