import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../support/random.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});

function client(s: RunningServer, boardId: string): TestClient {
  const c = connectClient(s.wsUrl, boardId);
  clients.push(c);
  return c;
}

function isPrefix(prefix: readonly string[], whole: readonly string[]): boolean {
  return prefix.every((item, index) => whole[index] === item);
}

describe('crash safety', () => {
  it('keeps every edit a peer had received when the server is SIGKILLed mid-write', async () => {
    const random = seededRandom(7);
    let s = await startServer();
    servers.push(s);
    const boardId = await createBoard(s.url);

    for (let round = 0; round < 3; round++) {
      const alice = client(s, boardId);
      const bob = client(s, boardId);
      await Promise.all([waitForSynced(alice), waitForSynced(bob)]);
      const aliceList = alice.doc.getArray<string>('alice');
      const bobList = bob.doc.getArray<string>('bob');
      const startA = aliceList.length;
      const startB = bobList.length;

      let writing = true;
      const writer = async (list: typeof aliceList, name: string, start: number): Promise<void> => {
        for (let i = start; writing; i++) {
          list.push([`${name}-${i}`]);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      };
      const writers = [writer(aliceList, 'alice', startA), writer(bobList, 'bob', startB)];
      // Kill at an arbitrary moment once both have exchanged some edits.
      await waitFor(
        () => bob.doc.getArray('alice').length > startA + 20 && alice.doc.getArray('bob').length > startB + 20,
        () => 'peers did not exchange edits',
      );
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 50)));
      await s.kill();
      writing = false;
      await Promise.all(writers);

      const aliceItemsBobSaw = bob.doc.getArray<string>('alice').toArray();
      const bobItemsAliceSaw = alice.doc.getArray<string>('bob').toArray();
      for (const c of clients.splice(0)) c.destroy();

      s = await startServer({ dataDir: s.dataDir });
      servers.push(s);
      const fresh = client(s, boardId);
      await waitForSynced(fresh);
      const storedAlice = fresh.doc.getArray<string>('alice').toArray();
      const storedBob = fresh.doc.getArray<string>('bob').toArray();
      expect(storedAlice.length).toBeGreaterThanOrEqual(aliceItemsBobSaw.length);
      expect(isPrefix(aliceItemsBobSaw, storedAlice)).toBe(true);
      expect(storedBob.length).toBeGreaterThanOrEqual(bobItemsAliceSaw.length);
      expect(isPrefix(bobItemsAliceSaw, storedBob)).toBe(true);
      fresh.destroy();
      clients.splice(0);
    }
  });
});
