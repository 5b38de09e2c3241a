import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FlakyStorage, startInProcess, testConfig } from '../support/inProcessServer.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends TestClient | RunningServer>(item: T): T {
  cleanups.push(() => ('destroy' in item ? item.destroy() : item.kill()));
  return item;
}

describe('observability and faults', () => {
  it('reports liveness and readiness separately', async () => {
    let flaky: FlakyStorage | undefined;
    const server = await startInProcess(testConfig(), (storage) => (flaky = new FlakyStorage(storage)));
    cleanups.push(() => server.close());
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    if (flaky) flaky.unreachable = true;
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'storage unreachable' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('exposes Prometheus metrics for connections, boards, updates, persistence, compaction and event-loop delay', async () => {
    const server = track(await startServer({ env: { COMPACT_AFTER_UPDATES: '5' } }));
    const boardId = await createBoard(server.url);
    const a = track(connectClient(server.wsUrl, boardId));
    const b = track(connectClient(server.wsUrl, boardId));
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    for (let i = 0; i < 10; i++) a.doc.getArray('list').push([i]);
    await waitFor(() => b.doc.getArray('list').length === 10, () => 'b incomplete');
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^journeyboard_connections 2$/m);
    expect(text).toMatch(/^journeyboard_boards_in_memory 1$/m);
    // Ten edits plus each client's sync-step-2 reply at connect.
    expect(text).toMatch(/^journeyboard_updates_in_total 12$/m);
    expect(text).toMatch(/^journeyboard_updates_out_total 10$/m);
    expect(text).toMatch(/^journeyboard_persist_duration_seconds_count [1-9]/m);
    expect(text).toMatch(/^journeyboard_compactions_total [1-9]/m);
    expect(text).toMatch(/^journeyboard_event_loop_delay_p99_seconds /m);
    expect(text).toMatch(/^# TYPE journeyboard_guard_reverts_total counter$/m);
    expect(text).toMatch(/^# TYPE journeyboard_rejected_messages_total counter$/m);
  });

  it('writes structured JSON logs with board and connection ids', async () => {
    const server = track(await startServer({ env: { LOG_LEVEL: 'info' } }));
    const boardId = await createBoard(server.url);
    const socket = new WebSocket(`${server.wsUrl}/sync/${boardId}`);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(new Uint8Array([9, 9, 9]));
    await new Promise((resolve) => socket.once('close', resolve));
    const entries = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    await waitFor(() => entries().some((e) => e.msg === 'closing connection'), () => server.output());
    const entry = entries().find((e) => e.msg === 'closing connection') ?? {};
    expect(entry).toMatchObject({ boardId, msg: 'closing connection', code: 4422 });
    expect(entry.connectionId).toMatch(/^c/);
  });

  it('is quiet by default', async () => {
    const server = track(await startServer({ env: { LOG_LEVEL: 'warn' } }));
    const boardId = await createBoard(server.url);
    const client = track(connectClient(server.wsUrl, boardId));
    await waitForSynced(client);
    expect(server.output().trim()).toBe(`Journeyboard listening on ${server.url}`);
  });

  it('loads a board with a corrupt stored update from what is valid, and logs the incident with the board id', async () => {
    const first = await startServer();
    const boardId = await createBoard(first.url);
    const writer = connectClient(first.wsUrl, boardId);
    await waitForSynced(writer);
    writer.doc.getMap('map').set('before', 'kept');
    const observer = connectClient(first.wsUrl, boardId);
    await waitFor(() => observer.doc.getMap('map').get('before') === 'kept', () => 'not stored');
    writer.destroy();
    observer.destroy();
    expect(await first.stop()).toBe(0);

    const db = new DatabaseSync(join(first.dataDir, 'journeyboard.sqlite'));
    // A row that fails to parse, and a row whose bytes no longer match their checksum.
    db.prepare('INSERT INTO doc_updates (board_id, data) VALUES (?, ?)').run(boardId, new Uint8Array([0, 1, 255, 255, 255, 7]));
    const damaged = new Uint8Array([...(db.prepare('SELECT data FROM doc_updates WHERE board_id = ? ORDER BY seq LIMIT 1').get(boardId) as { data: Uint8Array }).data]);
    damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 0xff;
    db.prepare('INSERT INTO doc_updates (board_id, data, checksum) VALUES (?, ?, 12345)').run(boardId, damaged);
    db.close();

    const restarted = track(await startServer({ dataDir: first.dataDir, env: { LOG_LEVEL: 'error' } }));
    const reader = track(connectClient(restarted.wsUrl, boardId));
    await waitForSynced(reader);
    expect(reader.doc.getMap('map').get('before')).toBe('kept');
    reader.doc.getMap('map').set('after', 'still writable');
    const second = track(connectClient(restarted.wsUrl, boardId));
    await waitFor(() => second.doc.getMap('map').get('after') === 'still writable', () => 'board not writable');
    const incidents = restarted
      .output()
      .split('\n')
      .filter((l) => l.includes('corrupt stored update'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(incidents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ boardId, msg: 'skipping corrupt stored update', level: 50 }),
        expect.objectContaining({ boardId, msg: 'skipping corrupt stored update (checksum mismatch)', count: 1, level: 50 }),
      ]),
    );
  });
});
