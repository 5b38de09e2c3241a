/**
 * Faults of a scale-out deployment on loopback: an instance killed while its participants
 * write, Redis restarted mid-session, PostgreSQL unreachable for a while. Every run is
 * bounded (a few hundred edits, timeouts on every wait). Needs DATABASE_URL and REDIS_URL
 * (`source .ci/services`); skipped with that hint otherwise.
 */
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType } from '../../shared/src/index.ts';
import { startBalancer, type Balancer } from '../support/balancer.ts';
import { listItems, listLength, putListItem } from '../support/boardContent.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { startRedisProcess, type RedisProcess } from '../support/redisProcess.ts';
import { DATABASE_URL, REDIS_URL, reportSkipped } from '../support/scaleServices.ts';
import { createBoard } from '../support/server.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.ts';
import { connectClient, docState, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const skip = reportSkipped(['DATABASE_URL', 'REDIS_URL']);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends { destroy(): void } | TestClient>(client: T): T {
  cleanups.push(() => client.destroy());
  return client;
}

async function cluster(instances: number, options: { redisUrl?: string; databaseUrlFor?: (url: string) => string } = {}): Promise<Cluster> {
  const started = await startCluster({
    instances,
    adminDatabaseUrl: DATABASE_URL ?? '',
    redisUrl: options.redisUrl ?? REDIS_URL ?? '',
    databaseUrlFor: options.databaseUrlFor,
  });
  cleanups.push(() => started.stop());
  return started;
}

/** Adds `name-i` items to the client's own list until stopped, as someone typing. */
function keepWriting(client: TestClient, name: string): { stop(): Promise<void> } {
  let writing = true;
  const done = (async () => {
    for (let i = listLength(client.doc, name); writing && i < 5_000; i += 1) {
      putListItem(client.doc, name, i, `${name}-${i}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  return {
    stop: async () => {
      writing = false;
      await done;
    },
  };
}

function isPrefix(prefix: readonly string[], whole: readonly string[]): boolean {
  return prefix.every((item, index) => whole[index] === item);
}

function converged(all: readonly TestClient[]): boolean {
  const [first] = all;
  return first !== undefined && all.every((c) => docState(c.doc) === docState(first.doc) && listsOf(c) === listsOf(first));
}

function listsOf(client: TestClient): string {
  return JSON.stringify(['alice', 'bob', 'carol'].map((name) => listItems(client.doc, name)));
}

describe.skipIf(skip)('scale-out faults', () => {
  it('an instance is SIGKILLed while its participants write: they reconnect to another instance and nothing a peer had seen is lost', async () => {
    const { instances } = await cluster(3);
    const balancer: Balancer = await startBalancer(instances.map((instance) => instance.port));
    cleanups.push(() => balancer.close());
    const boardId = await createBoard(balancer.url);
    // Round robin: alice on the first instance, bob on the second, carol on the third.
    balancer.next = 0;
    const alice = track(connectClient(balancer.wsUrl, boardId));
    await waitForSynced(alice);
    const bob = track(connectClient(balancer.wsUrl, boardId));
    await waitForSynced(bob);
    const carol = track(connectClient(balancer.wsUrl, boardId));
    await waitForSynced(carol);
    const everyone = [alice, bob, carol];

    const writers = [keepWriting(alice, 'alice'), keepWriting(bob, 'bob'), keepWriting(carol, 'carol')];
    await waitFor(
      () => listLength(bob.doc, 'alice') > 30 && listLength(carol.doc, 'alice') > 30 && listLength(alice.doc, 'bob') > 30,
      () => 'participants did not exchange edits across instances',
    );
    await instances[0]?.kill();
    // What peers had of alice's list when her instance died.
    const aliceSeenByBob = listItems(bob.doc, 'alice');
    const aliceSeenByCarol = listItems(carol.doc, 'alice');
    const bobSeenByAlice = listItems(alice.doc, 'bob');

    // Alice's provider reconnects (through the balancer, to a live instance) and she keeps writing.
    const before = listLength(alice.doc, 'alice');
    await waitFor(
      () => alice.provider.wsconnected && listLength(bob.doc, 'alice') > before + 20,
      () => 'alice never came back on another instance',
    );
    await Promise.all(writers.map((writer) => writer.stop()));
    await waitFor(() => converged(everyone), () => 'participants did not converge after the kill', 30_000);

    const finalAlice = listItems(bob.doc, 'alice');
    expect(isPrefix(aliceSeenByBob, finalAlice)).toBe(true);
    expect(isPrefix(aliceSeenByCarol, finalAlice)).toBe(true);
    expect(isPrefix(bobSeenByAlice, listItems(alice.doc, 'bob'))).toBe(true);
    // Alice's own edits made while disconnected arrived too: nothing of hers is missing.
    expect(finalAlice).toEqual(listItems(alice.doc, 'alice'));

    const fresh = track(connectClient(instances[2]?.wsUrl ?? '', boardId));
    await waitForSynced(fresh);
    expect(listsOf(fresh)).toBe(listsOf(alice));
  });

  it('Redis restarts mid-session: the board keeps working across instances, and nothing is lost', async () => {
    const redis: RedisProcess = await startRedisProcess();
    cleanups.push(() => redis.kill());
    const { instances, startInstance } = await cluster(2, { redisUrl: redis.url });
    const [first, second] = instances;
    if (!first || !second) throw new Error('cluster incomplete');
    const boardId = await createBoard(first.url);
    const alice = track(connectClient(first.wsUrl, boardId));
    const bob = track(connectClient(second.wsUrl, boardId));
    await Promise.all([waitForSynced(alice), waitForSynced(bob)]);

    const push = (client: TestClient, name: string, from: number, count: number): void => {
      for (let i = from; i < from + count; i += 1) putListItem(client.doc, name, i, `${name}-${i}`);
    };
    push(alice, 'alice', 0, 50);
    push(bob, 'bob', 0, 50);
    await waitFor(() => converged([alice, bob]), () => 'no live exchange before the restart');

    await redis.kill();
    // Without Redis, instances still find each other's updates in PostgreSQL.
    push(alice, 'alice', 50, 50);
    push(bob, 'bob', 50, 50);
    await waitFor(
      () => converged([alice, bob]) && listLength(alice.doc, 'bob') === 100,
      () => `no exchange while Redis is down: alice has ${listLength(alice.doc, 'bob')} of bob's`,
      20_000,
    );

    await redis.start();
    push(alice, 'alice', 100, 50);
    push(bob, 'bob', 100, 50);
    bob.provider.awareness.setLocalStateField('user', { name: 'Bo' });
    await waitFor(
      () =>
        converged([alice, bob]) &&
        listLength(alice.doc, 'bob') === 150 &&
        [...alice.provider.awareness.getStates().values()].some((s) => (s as { user?: { name?: string } }).user?.name === 'Bo'),
      () => 'board or presence did not recover after Redis returned',
      20_000,
    );

    const third = await startInstance();
    const fresh = track(connectClient(third.wsUrl, boardId));
    await waitForSynced(fresh);
    expect(listItems(fresh.doc, 'alice')).toEqual(Array.from({ length: 150 }, (_, i) => `alice-${i}`));
    expect(listItems(fresh.doc, 'bob')).toEqual(Array.from({ length: 150 }, (_, i) => `bob-${i}`));
  });

  it('PostgreSQL is unreachable for a while: nothing acknowledged as saved is lost, unsaved edits wait, and the board recovers', async () => {
    const adminUrl = new URL(DATABASE_URL ?? '');
    const proxy: TcpProxy = await startTcpProxy(Number(adminUrl.port || 5432), adminUrl.hostname);
    cleanups.push(() => proxy.close());
    const throughProxy = (url: string): string => {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      return proxied.toString();
    };
    const { instances, startInstance } = await cluster(2, { databaseUrlFor: throughProxy });
    const [first, second] = instances;
    if (!first || !second) throw new Error('cluster incomplete');
    const boardId = await createBoard(first.url);

    // Alice's client listens to the server's save-state messages: state + what is durable.
    const alice = track(connectClient(first.wsUrl, boardId, { params: { ext: '1' } }));
    const acknowledged: Uint8Array[] = [];
    const saveStates: string[] = [];
    alice.provider.messageHandlers[MessageType.SaveState] = (_encoder, decoder) => {
      const state = decoding.readVarString(decoder);
      const stateVector = decoding.readVarUint8Array(decoder);
      saveStates.push(state);
      if (state === 'saved') acknowledged.push(stateVector);
    };
    const bob = track(connectClient(second.wsUrl, boardId));
    await Promise.all([waitForSynced(alice), waitForSynced(bob)]);

    for (let i = 0; i < 40; i += 1) putListItem(alice.doc, 'alice', i, `alice-${i}`);
    await waitFor(() => listLength(bob.doc, 'alice') === 40 && saveStates.at(-1) === 'saved', () => 'first edits not saved');

    proxy.cut();
    for (let i = 40; i < 80; i += 1) putListItem(alice.doc, 'alice', i, `alice-${i}`);
    await waitFor(() => saveStates.at(-1) === 'failing', () => `save states: ${saveStates.join(',')}`, 20_000);
    // Unsaved edits reach nobody: a crash now would lose nothing another participant saw.
    expect(listLength(bob.doc, 'alice')).toBe(40);

    proxy.restore();
    await waitFor(
      () => saveStates.at(-1) === 'saved' && listLength(bob.doc, 'alice') === 80,
      () => `no recovery: save states ${saveStates.slice(-3).join(',')}, bob has ${listLength(bob.doc, 'alice')}`,
      30_000,
    );

    // Every instance dies at once; a new one serves the board from PostgreSQL alone.
    await Promise.all(instances.map((instance) => instance.kill()));
    const survivor = await startInstance();
    const fresh = track(connectClient(survivor.wsUrl, boardId));
    await waitForSynced(fresh);
    expect(listItems(fresh.doc, 'alice')).toEqual(listItems(alice.doc, 'alice'));
    const stored = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
    for (const vector of acknowledged) {
      for (const [clientId, clock] of Y.decodeStateVector(vector)) expect(stored.get(clientId) ?? 0).toBeGreaterThanOrEqual(clock);
    }
  });
});
