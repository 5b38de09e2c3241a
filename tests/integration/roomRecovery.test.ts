/**
 * If anything throws while the server applies a participant's update or runs its observers, the
 * board recovers by itself: the update is dropped, the doc is reloaded from storage with every
 * durable edit, and everyone else stays connected and live.
 */
import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, DocLayout } from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';
import { startInProcess, testConfig } from '../support/inProcessServer.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const clients: TestClient[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const close of closers.splice(0)) await close();
});

describe('a board whose document broke while applying an update', () => {
  it('drops that update, reloads from storage and stays live for everyone else', async () => {
    const server = await startInProcess(testConfig());
    closers.push(() => server.close());
    const created = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Fragile"}' });
    const { id: boardId } = (await created.json()) as { id: string };
    const connect = (): TestClient => {
      const client = connectClient(server.wsUrl, boardId);
      clients.push(client);
      return client;
    };
    const alice = connect();
    const bob = connect();
    const mallory = connect();
    await Promise.all([alice, bob, mallory].map((c) => waitForSynced(c)));
    const kv = (c: TestClient): YKeyValue<unknown> => new YKeyValue<unknown>(c.doc.getArray(DocLayout.records));
    const aliceRecords = kv(alice);
    const bobRecords = kv(bob);
    aliceRecords.set('shape:durable', note('durable', 100, 100, 'kept'));
    await waitFor(() => bobRecords.has('shape:durable'), () => 'the first edit never arrived');

    // A fault in the server's handling of the next update (an observer that throws once).
    const room = server.rooms.loaded(boardId);
    if (!room) throw new Error('board not in memory');
    const broken = room.doc;
    let armed = true;
    broken.getArray(DocLayout.records).observe(() => {
      if (!armed) return;
      armed = false;
      throw new Error('simulated fault while observing an update');
    });
    const closed = new Promise<number>((resolve) => mallory.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
    kv(mallory).set('shape:fault', note('fault', 300, 100, 'breaks the server'));
    expect(await closed).toBe(CloseCode.MalformedMessage);
    mallory.destroy();

    // Alice's next edit reaches Bob within a second, through a doc rebuilt from storage.
    aliceRecords.set('shape:after', note('after', 500, 100, 'still live'));
    await waitFor(() => bobRecords.has('shape:after'), () => 'the edit after the fault did not arrive', 1_000);
    expect(room.doc).not.toBe(broken);
    expect(bobRecords.has('shape:fault')).toBe(false);
    const rebuilt = new YKeyValue<unknown>(room.doc.getArray(DocLayout.records));
    expect(rebuilt.has('shape:durable') && rebuilt.has('shape:after') && !rebuilt.has('shape:fault')).toBe(true);
    expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
  });
});
