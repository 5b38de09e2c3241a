import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageType } from '../../shared/src/index.ts';
import { SqliteStorage } from '../../server/src/storage/sqliteStorage.ts';
import { FlakyStorage, SlowLoadStorage, startInProcess, testConfig } from '../support/inProcessServer.ts';
import { createBoard } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

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
    alice.doc.getMap('map').set('draft', 'written while the disk is full');
    await waitFor(() => alice.saveStates.at(-1) === 'failing', () => `save states: ${alice.saveStates.join(',')}`);
    expect(server.stats().pendingWrites).toBeGreaterThan(0);
    // Nothing unsaved reaches other participants: a crash now must not lose what they saw.
    expect(bob.doc.getMap('map').get('draft')).toBeUndefined();

    flaky.failing = false;
    await waitFor(() => bob.doc.getMap('map').get('draft') === 'written while the disk is full', () => 'bob never got it');
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
    for (let i = 0; i < 50; i++) writer.doc.getArray('list').push([i]);
    const observer = track(connectClient(first.wsUrl, boardId));
    await waitFor(() => observer.doc.getArray('list').length === 50, () => 'observer incomplete');
    writer.destroy();
    observer.destroy();
    await first.close();

    let slow: SlowLoadStorage | undefined;
    const second = await startInProcess(config, (storage) => (slow = new SlowLoadStorage(storage)));
    cleanups.push(() => second.close());
    const late = track(connectClient(second.wsUrl, boardId));
    let lengthWhenSynced = -1;
    late.provider.on('sync', (synced: boolean) => {
      if (synced) lengthWhenSynced = late.doc.getArray('list').length;
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
    for (let i = 0; i < 200; i++) writer.doc.getMap('map').set(`k${i % 10}`, i);
    await waitFor(() => observer.doc.getMap('map').get('k9') === 199, () => 'observer incomplete');

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
    expect(fresh.doc.getMap('map').toJSON()).toEqual(observer.doc.getMap('map').toJSON());
  });
});
