import { expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { DocLayout } from '../../shared/src/index.ts';
import { cardText, putCard } from '../support/boardContent.ts';
import { overlappingStructUpdate } from '../support/craftedUpdates.ts';
import { fuzzNote } from '../support/fuzzInputs.ts';
import { seededRandom } from '../support/random.ts';
import { createBoard, startServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced } from '../support/yClients.ts';

function syncFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
async function deliver(url: string, frame: Uint8Array): Promise<string> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => { socket.once('message', resolve); socket.once('error', reject); });
  const outcome = new Promise<string>((resolve) => {
    socket.once('pong', () => resolve('accepted'));
    socket.once('close', (code, reason) => resolve(`closed ${code} ${reason.toString()}`));
  });
  socket.send(frame);
  socket.ping();
  const result = await outcome;
  socket.close();
  return result;
}

it('a participant who writes concurrently with a crafted cross-linked struct keeps the write', async () => {
  const server = await startServer();
  const boardId = await createBoard(server.url);
  const alice = connectClient(server.wsUrl, boardId);
  const bob = connectClient(server.wsUrl, boardId);
  await Promise.all([waitForSynced(alice), waitForSynced(bob)]);
  const url = `${server.wsUrl}/sync/${boardId}`;
  const writer = new Y.Doc();
  writer.clientID = 0xffff_ffff;
  const random = seededRandom(11);
  writer.getArray<unknown>(DocLayout.records).push([fuzzNote('cross-a', random), fuzzNote('cross-b', random)].map((note) => ({ key: String(note.id), val: note })));
  expect(await deliver(url, syncFrame(Y.encodeStateAsUpdate(writer)))).toBe('accepted');
  putCard(alice.doc, 'marker', 'before');
  await waitFor(() => cardText(bob.doc, 'marker') === 'before', () => 'first marker');
  // Alice is offline while the crafted struct arrives; her next write is concurrent with it.
  alice.provider.disconnect();
  await deliver(url, syncFrame(overlappingStructUpdate(writer.clientID, 1, DocLayout.comments, ['known already', 'not a record'])));
  putCard(alice.doc, 'marker', 'after');
  alice.provider.connect();
  try {
    await waitFor(() => cardText(bob.doc, 'marker') === 'after', () => `bob never got alice's write; server log: ${server.output().slice(-1500)}`, 5000);
  } finally {
    alice.destroy();
    bob.destroy();
    await server.kill();
  }
});
