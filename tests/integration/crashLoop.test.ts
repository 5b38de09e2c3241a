/**
 * Crash loop: the server is SIGKILLed at a seeded random moment while several
 * clients write, restarted on the same port, again and again. After every
 * restart, everything any client had received from a writer must be stored.
 *
 * The long-lived clients (three writers and an observer) connect through a TCP
 * proxy and reconnect by themselves across cycles. The proxy refuses them while
 * a fresh client checks the restarted server: a reconnecting client re-sends what
 * it holds, which would hide a lost edit. Each cycle also has an observer of its
 * own that connects directly.
 *
 * In the burst variant the writers write together: every few milliseconds each of them writes
 * several items in one tick, so the server receives several frames from several sockets in the same
 * event-loop turn and stores and relays them together (Room.closeTurn); the kill then lands in the
 * middle of such batches. Both variants also check that each writer's own items are stored in the
 * order written: a later item is never there without every earlier one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { listItems, putListItem } from '../support/boardContent.ts';
import { seededRandom } from '../support/random.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const CYCLES = 10;
const BURST_CYCLES = 8;
const WRITERS = 3;
const BURST_WRITERS = 4;
/** Most items one writer writes in one tick of the burst variant. */
const BURST_MAX_ITEMS = 6;
const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : 20_260_611;

interface LoopOptions {
  cycles: number;
  writers: number;
  /** Writers write together, several items each in one tick (see the file comment). */
  bursts: boolean;
  /** Received items to check in all, at least. */
  minChecked: number;
}

interface Participant {
  name: string;
  client: TestClient;
}

function items(doc: Y.Doc, writer: number): string[] {
  return listItems(doc, `writer-${writer}`);
}

/** Where `seen` stops being a prefix of `stored`, or -1 if it is one. */
function prefixMismatch(seen: readonly string[], stored: readonly string[]): number {
  if (seen.length > stored.length) return stored.length;
  return seen.findIndex((item, index) => stored[index] !== item);
}

describe('crash loop', () => {
  const servers: RunningServer[] = [];
  const clients: TestClient[] = [];
  let proxy: TcpProxy | undefined;

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await proxy?.close();
    await Promise.all(servers.splice(0).map((s) => s.kill()));
  });

  it(`loses no edit a peer had received across ${CYCLES} SIGKILL/restart cycles with ${WRITERS} writers`, async () => {
    await runCrashLoop({ cycles: CYCLES, writers: WRITERS, bursts: false, minChecked: CYCLES * 100 });
  }, 90_000);

  it(`loses no edit a peer had received, and stores each writer's in order, when ${BURST_WRITERS} writers write bursts in one turn across ${BURST_CYCLES} cycles`, async () => {
    await runCrashLoop({ cycles: BURST_CYCLES, writers: BURST_WRITERS, bursts: true, minChecked: BURST_CYCLES * 100 });
  }, 90_000);

  async function runCrashLoop({ cycles: CYCLES, writers: WRITERS, bursts, minChecked }: LoopOptions): Promise<void> {
    console.log(`crash loop${bursts ? ' (bursts)' : ''} seed ${SEED} (reproduce with CRASH_SEED=${SEED})`);
    const random = seededRandom(SEED);
    const started = Date.now();
    let server = await startServer();
    servers.push(server);
    const { port, dataDir } = server;
    const boardId = await createBoard(server.url);
    const tcpProxy = await startTcpProxy(port);
    proxy = tcpProxy;
    const viaProxy = tcpProxy.url.replace(/^http/, 'ws');

    const connect = (wsUrl: string): TestClient => {
      const c = connectClient(wsUrl, boardId);
      clients.push(c);
      return c;
    };
    const writers: Participant[] = Array.from({ length: WRITERS }, (_, k) => ({ name: `writer ${k}`, client: connect(viaProxy) }));
    const longObserver: Participant = { name: 'long-lived observer', client: connect(viaProxy) };
    const longLived = [...writers, longObserver];
    await Promise.all(longLived.map((p) => waitForSynced(p.client)));

    // Each writer adds uniquely named items to its own list, online or not (offline edits are re-sent on reconnect).
    let writing = true;
    const counters = writers.map(() => 0);
    const writeLoop = async (k: number): Promise<void> => {
      const pace = seededRandom(SEED + k);
      const doc = writers[k]?.client.doc;
      if (!doc) throw new Error('unreachable');
      while (writing) {
        const count = (counters[k] = (counters[k] ?? 0) + 1);
        putListItem(doc, `writer-${k}`, count, `w${k}-${count}`);
        await new Promise((resolve) => setTimeout(resolve, 2 + Math.floor(pace() * 4)));
      }
    };
    // Every writer writes 1..BURST_MAX_ITEMS items in the same tick: separate frames on separate sockets.
    const burstLoop = async (): Promise<void> => {
      const pace = seededRandom(SEED + WRITERS);
      while (writing) {
        writers.forEach((writer, k) => {
          for (let n = 1 + Math.floor(pace() * BURST_MAX_ITEMS); n > 0; n--) {
            const count = (counters[k] = (counters[k] ?? 0) + 1);
            putListItem(writer.client.doc, `writer-${k}`, count, `w${k}-${count}`);
          }
        });
        await new Promise((resolve) => setTimeout(resolve, 3 + Math.floor(pace() * 6)));
      }
    };
    const writeLoops = bursts ? [burstLoop()] : writers.map((_, k) => writeLoop(k));

    const lost: string[] = [];
    const misordered: string[] = [];
    const reconnectMs: number[] = [];
    let checkedItems = 0;
    try {
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        const observer: Participant = { name: `observer of cycle ${cycle}`, client: connect(server.wsUrl) };
        const reconnectStart = Date.now();
        await waitFor(
          () => [...longLived, observer].every((p) => p.client.provider.synced && p.client.provider.wsconnected),
          () => `cycle ${cycle}: not everyone reconnected: ${[...longLived, observer].filter((p) => !p.client.provider.synced).map((p) => p.name).join(', ')}`,
        );
        reconnectMs.push(Date.now() - reconnectStart);

        // Kill at a seeded random moment: once the cycle's observer has received a random number of new items.
        const received = (): number => writers.reduce((sum, _, k) => sum + items(observer.client.doc, k).length, 0);
        const target = received() + 30 + Math.floor(random() * 300);
        await waitFor(
          () => received() >= target && writers.every((_, k) => items(observer.client.doc, k).length > 0),
          () => `cycle ${cycle}: the observer received ${received()} items, waiting for ${target}`,
        );
        // Bursts come every few ms: a random moment within the next one or two lands mid-batch.
        if (bursts) await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 12)));
        await server.kill();
        tcpProxy.cut();
        const participants = [...longLived, observer];
        // Every byte the server sent before dying has been handled once each socket reports the close.
        await waitFor(
          () => participants.every((p) => !p.client.provider.wsconnected),
          () => `cycle ${cycle}: clients still think they are connected`,
        );
        const seen = participants.map((p) => ({ name: p.name, views: writers.map((_, k) => items(p.client.doc, k)) }));
        observer.client.destroy();

        server = await startServer({ dataDir, port });
        servers.push(server);
        const verifier = connect(server.wsUrl);
        await waitForSynced(verifier);
        writers.forEach((writer, k) => {
          const stored = items(verifier.doc, k);
          for (const { name, views } of seen) {
            if (name === writer.name) {
              // The writer's own items: what is stored must be the start of what it wrote, in order.
              const own = views[k] ?? [];
              const at = prefixMismatch(stored, own);
              if (at >= 0) {
                misordered.push(
                  `cycle ${cycle}: ${writer.name} wrote ${own.length} items, the restarted server has ${stored.length}; ` +
                    `first difference at ${at}: ${String(stored[at])} stored where it wrote ${String(own[at])}`,
                );
              }
              continue;
            }
            const view = views[k] ?? [];
            checkedItems += view.length;
            const at = prefixMismatch(view, stored);
            if (at >= 0) {
              lost.push(
                `cycle ${cycle}: ${name} had ${view.length} items of ${writer.name}, the restarted server has ${stored.length}; ` +
                  `first difference at ${at}: ${String(view[at])} vs ${String(stored[at])}`,
              );
            }
          }
        });
        verifier.destroy();
        tcpProxy.restore();
      }

      // Finally every edit, including those made while the server was down, arrives everywhere.
      writing = false;
      await Promise.all(writeLoops);
      await waitFor(
        () => longLived.every((p) => p.client.provider.synced && p.client.provider.wsconnected),
        () => 'the long-lived clients did not reconnect after the last cycle',
      );
      const fresh = connect(server.wsUrl);
      await waitForSynced(fresh);
      await waitFor(
        () =>
          writers.every((writer, k) =>
            [fresh, longObserver.client].every((c) => items(c.doc, k).length === items(writer.client.doc, k).length),
          ),
        () =>
          `not every writer's items arrived (fresh, long-lived observer / written): ${writers
            .map((w, k) => `${items(fresh.doc, k).length}, ${items(longObserver.client.doc, k).length} / ${items(w.client.doc, k).length}`)
            .join('; ')}`,
      );
      writers.forEach((writer, k) => {
        expect(items(fresh.doc, k)).toEqual(items(writer.client.doc, k));
        expect(items(longObserver.client.doc, k)).toEqual(items(writer.client.doc, k));
      });
    } finally {
      writing = false;
      await Promise.all(writeLoops);
    }

    console.log(
      `crash loop${bursts ? ' (bursts)' : ''}: ${CYCLES} cycles, ${counters.reduce((a, b) => a + b, 0)} items written, ${checkedItems} received items checked ` +
        `after restarts, reconnect worst ${Math.max(...reconnectMs)} ms, ${Date.now() - started} ms in all`,
    );
    expect(lost, `seed ${SEED}`).toEqual([]);
    expect(misordered, `seed ${SEED}`).toEqual([]);
    expect(checkedItems).toBeGreaterThan(minChecked);
  }
});
