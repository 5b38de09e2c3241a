import * as decoding from 'lib0/decoding';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { DocLayout, MessageType } from '../../shared/src/index.ts';
import { SqliteStorage } from '../../server/src/storage/sqliteStorage.ts';
import { FlakyStorage, SlowLoadStorage, startInProcess, testConfig } from '../support/inProcessServer.ts';
import { boardRecords, cardText, listLength, putCard, putListItem } from '../support/boardContent.ts';
import { createBoard } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';
import { note } from '../unit/journey/fixtures.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(client: TestClient): TestClient {
  cleanups.push(() => client.destroy());
  return client;
}

/** A stock provider that also listens to the server's save-state extension message. */
function clientWithSaveState(wsUrl: string, boardId: string): TestClient & { saveStates: string[] } {
  const client = track(connectClient(wsUrl, boardId, { params: { ext: '1' } }));
  const saveStates: string[] = [];
  client.provider.messageHandlers[MessageType.SaveState] = (_encoder, decoder) => {
    saveStates.push(decoding.readVarString(decoder));
    decoding.readVarUint8Array(decoder);
  };
  return Object.assign(client, { saveStates });
}

describe('persistence', () => {
  it('keeps edits in memory while the disk refuses writes, tells clients, holds them back, and saves on retry', async () => {
    const config = testConfig();
    let flaky: FlakyStorage | undefined;
    const server = await startInProcess(config, (storage) => (flaky = new FlakyStorage(storage)));
    cleanups.push(() => server.close());
    if (!flaky) throw new Error('storage not wrapped');
    const boardId = await createBoard(server.url);
    const alice = clientWithSaveState(server.wsUrl, boardId);
    const bob = track(connectClient(server.wsUrl, boardId));
    await Promise.all([waitForSynced(alice), waitForSynced(bob)]);

    flaky.failing = true;
    putCard(alice.doc, 'draft', 'written while the disk is full');
    await waitFor(() => alice.saveStates.at(-1) === 'failing', () => `save states: ${alice.saveStates.join(',')}`);
    expect(server.stats().pendingWrites).toBeGreaterThan(0);
    // Nothing unsaved reaches other participants: a crash now must not lose what they saw.
    expect(cardText(bob.doc, 'draft')).toBeUndefined();

    flaky.failing = false;
    await waitFor(() => cardText(bob.doc, 'draft') === 'written while the disk is full', () => 'bob never got it');
    await waitFor(() => alice.saveStates.at(-1) === 'saved', () => `save states: ${alice.saveStates.join(',')}`);

    const stored = await new SqliteStorage({ dataDir: config.dataDir }).load(boardId);
    expect(stored.updates.length).toBeGreaterThan(0);
  });

  it('answers no sync request before the stored board has loaded', async () => {
    const config = testConfig();
    const first = await startInProcess(config);
    const boardId = await createBoard(first.url);
    const writer = track(connectClient(first.wsUrl, boardId));
    await waitForSynced(writer);
    for (let i = 0; i < 50; i++) putListItem(writer.doc, 'list', i, String(i));
    const observer = track(connectClient(first.wsUrl, boardId));
    await waitFor(() => listLength(observer.doc, 'list') === 50, () => 'observer incomplete');
    writer.destroy();
    observer.destroy();
    await first.close();

    let slow: SlowLoadStorage | undefined;
    const second = await startInProcess(config, (storage) => (slow = new SlowLoadStorage(storage)));
    cleanups.push(() => second.close());
    const late = track(connectClient(second.wsUrl, boardId));
    let lengthWhenSynced = -1;
    late.provider.on('sync', (synced: boolean) => {
      if (synced) lengthWhenSynced = listLength(late.doc, 'list');
    });
    // Give the client time to connect and ask; it must not be answered from an empty doc.
    await waitFor(() => second.stats().connections === 1, () => 'client did not connect');
    expect(late.provider.synced).toBe(false);
    slow?.release();
    await waitForSynced(late);
    expect(lengthWhenSynced).toBe(50);
  });

  it('compacts the log into a snapshot and unloads idle boards once flushed', async () => {
    const config = testConfig({ compactAfterUpdates: 20, roomIdleUnloadMs: 50 });
    const server = await startInProcess(config);
    cleanups.push(() => server.close());
    const boardId = await createBoard(server.url);
    const writer = track(connectClient(server.wsUrl, boardId));
    await waitForSynced(writer);
    const observer = track(connectClient(server.wsUrl, boardId));
    await waitForSynced(observer);
    for (let i = 0; i < 200; i++) putCard(writer.doc, `k${i % 10}`, String(i));
    await waitFor(() => cardText(observer.doc, 'k9') === '199', () => 'observer incomplete');

    const storage = new SqliteStorage({ dataDir: config.dataDir });
    cleanups.push(() => storage.close());
    await waitFor(() => server.stats().pendingWrites === 0, () => 'writes pending');
    expect((await storage.load(boardId)).updatesSinceSnapshot).toBeLessThan(200);

    writer.destroy();
    observer.destroy();
    await waitFor(() => server.stats().boardsInMemory === 0, () => 'board stayed in memory');
    const afterUnload = await storage.load(boardId);
    expect(afterUnload.updatesSinceSnapshot).toBe(0);
    expect(afterUnload.updates).toHaveLength(1);

    const fresh = track(connectClient(server.wsUrl, boardId));
    await waitForSynced(fresh);
    expect(boardRecords(fresh.doc)).toEqual(boardRecords(observer.doc));
  });

  it('serves a board at rest to whoever opens it first; edits made right away are guarded and reach the others', async () => {
    const config = testConfig({ roomIdleUnloadMs: 50 });
    const server = await startInProcess(config);
    cleanups.push(() => server.close());
    const boardId = await createBoard(server.url);
    const author = track(connectClient(server.wsUrl, boardId));
    await waitForSynced(author);
    const authorRecords = new YKeyValue<unknown>(author.doc.getArray(DocLayout.records));
    author.doc.transact(() => {
      for (const i of [1, 2, 3]) authorRecords.set(`shape:card${i}`, note(`card${i}`, i * 250, 100, `Card ${i}`));
    });
    await waitFor(() => server.stats().pendingWrites === 0, () => 'writes pending');
    const localCopy = Y.encodeStateAsUpdate(author.doc);
    author.destroy();
    // Unloaded and compacted: the board is one stored snapshot now, like any board at rest.
    await waitFor(() => server.stats().boardsInMemory === 0, () => 'board stayed in memory');

    // A returning participant brings its local copy with an edit made offline; a new one brings nothing.
    const returningDoc = new Y.Doc();
    Y.applyUpdate(returningDoc, localCopy);
    new YKeyValue<unknown>(returningDoc.getArray(DocLayout.records)).set('shape:offline', note('offline', 1000, 100, 'Written offline'));
    const newcomer = track(connectClient(server.wsUrl, boardId));
    track(connectClient(server.wsUrl, boardId, { doc: returningDoc }));
    const newcomerRecords = new YKeyValue<unknown>(newcomer.doc.getArray(DocLayout.records));
    const returningRecords = new YKeyValue<unknown>(returningDoc.getArray(DocLayout.records));
    await waitForSynced(newcomer);
    expect(['shape:card1', 'shape:card2', 'shape:card3'].every((id) => newcomerRecords.has(id))).toBe(true);
    newcomer.doc.transact(() => {
      newcomerRecords.set('shape:fresh', note('fresh', 100, 400, 'Added at once'));
      newcomerRecords.set('shape:broken', { ...note('broken', 400, 400, 'Broken'), props: { color: 42 } });
    });

    await waitFor(() => newcomerRecords.has('shape:offline'), () => 'the offline edit never reached the newcomer');
    await waitFor(() => returningRecords.has('shape:fresh'), () => 'the newcomer’s edit never reached the returning participant');
    await waitFor(() => !newcomerRecords.has('shape:broken'), () => 'the invalid record was not reverted');
    expect(returningRecords.has('shape:broken')).toBe(false);
    expect([...returningRecords.map.keys()].sort()).toEqual([...newcomerRecords.map.keys()].sort());
  });
});
