import { afterEach, describe, expect, it } from 'vitest';
import { listItems, listLength, putListItem } from '../support/boardContent.ts';
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
      const startA = listLength(alice.doc, 'alice');
      const startB = listLength(bob.doc, 'bob');

      let writing = true;
      const writer = async (participant: TestClient, name: string, start: number): Promise<void> => {
        for (let i = start; writing; i++) {
          putListItem(participant.doc, name, i, `${name}-${i}`);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      };
      const writers = [writer(alice, 'alice', startA), writer(bob, 'bob', startB)];
      // Kill at an arbitrary moment once both have exchanged some edits.
      await waitFor(
        () => listLength(bob.doc, 'alice') > startA + 20 && listLength(alice.doc, 'bob') > startB + 20,
        () => 'peers did not exchange edits',
      );
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 50)));
      await s.kill();
      writing = false;
      await Promise.all(writers);

      const aliceItemsBobSaw = listItems(bob.doc, 'alice');
      const bobItemsAliceSaw = listItems(alice.doc, 'bob');
      for (const c of clients.splice(0)) c.destroy();

      s = await startServer({ dataDir: s.dataDir });
      servers.push(s);
      const fresh = client(s, boardId);
      await waitForSynced(fresh);
      const storedAlice = listItems(fresh.doc, 'alice');
      const storedBob = listItems(fresh.doc, 'bob');
      expect(storedAlice.length).toBeGreaterThanOrEqual(aliceItemsBobSaw.length);
      expect(isPrefix(aliceItemsBobSaw, storedAlice)).toBe(true);
      expect(storedBob.length).toBeGreaterThanOrEqual(bobItemsAliceSaw.length);
      expect(isPrefix(bobItemsAliceSaw, storedBob)).toBe(true);
      fresh.destroy();
      clients.splice(0);
    }
  });
});
