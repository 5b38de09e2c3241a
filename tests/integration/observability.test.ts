import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { BoardStatusSchema, CreatedBoardSchema, DocLayout, ShareLinkSchema } from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';
import pg from 'pg';
import { FlakyStorage, startInProcess, testConfig } from '../support/inProcessServer.ts';
import { createTestDatabase, DATABASE_URL } from '../support/scaleServices.ts';
import { cardText, listLength, putCard, putListItem } from '../support/boardContent.ts';
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

function records(client: TestClient): YKeyValue<unknown> {
  return new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
}

async function readiness(serverUrl: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${serverUrl}/readyz`);
  return { status: response.status, body: await response.json() };
}

/** Readiness before, during and after an outage in which the storage refuses writes; an edit made during it is kept. */
async function readinessThroughWriteOutage(server: RunningServer, outage: { start(): unknown; end(): unknown }): Promise<void> {
  const boardId = await createBoard(server.url);
  const writer = track(connectClient(server.wsUrl, boardId));
  await waitForSynced(writer);
  expect(await readiness(server.url)).toEqual({ status: 200, body: { status: 'ready' } });

  await outage.start();
  records(writer).set('shape:during', note('during', 100, 100, 'Written during the outage'));
  const poll = { timeout: 20_000, interval: 200 };
  await expect.poll(() => readiness(server.url), poll).toEqual({ status: 503, body: { status: 'storage refuses writes' } });
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  await outage.end();
  await expect.poll(() => readiness(server.url), poll).toEqual({ status: 200, body: { status: 'ready' } });
  const reader = track(connectClient(server.wsUrl, boardId));
  await waitForSynced(reader);
  await waitFor(() => records(reader).has('shape:during'), () => 'the edit made during the outage was lost');
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

  it('reports not ready while the storage refuses writes, and ready again once a write succeeds', async () => {
    const server = track(await startServer());
    // Another process holding the database's write lock: the server's commits time out with SQLITE_BUSY.
    const lockHolder = new DatabaseSync(join(server.dataDir, 'journeyboard.sqlite'));
    cleanups.push(() => lockHolder.close());
    await readinessThroughWriteOutage(server, {
      start: () => lockHolder.exec('BEGIN EXCLUSIVE'),
      end: () => lockHolder.exec('ROLLBACK'),
    });
  }, 60_000);

  it.skipIf(!DATABASE_URL)('reports not ready while PostgreSQL refuses writes (a read-only database), and ready once it takes them again', async () => {
    const database = await createTestDatabase(DATABASE_URL ?? '');
    cleanups.push(() => database.drop());
    const server = track(await startServer({ env: { DATABASE_URL: database.url } }));
    // As after a fail-over to a read-only replica: every new session refuses writes, reads still work.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    cleanups.push(() => admin.end());
    const name = new URL(database.url).pathname.slice(1);
    const reconnectEveryone = () => admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await readinessThroughWriteOutage(server, {
      start: async () => {
        await admin.query(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
        await reconnectEveryone();
      },
      end: async () => {
        await admin.query(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
        await reconnectEveryone();
      },
    });
  }, 60_000);

  it('never writes share-link or administrator tokens to the log, even at trace level', async () => {
    const adminToken = 'admin-token-0123456789';
    const server = track(await startServer({ env: { LOG_LEVEL: 'trace', ANONYMOUS_ROLE: 'none', BOARD_CREATION: 'admin', ADMIN_TOKEN: adminToken } }));
    const created = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ title: 'Secret workshop' }),
    });
    const board = CreatedBoardSchema.parse(await created.json());
    const linkResponse = await fetch(`${server.url}/api/boards/${board.id}/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${board.facilitatorToken}` },
      body: JSON.stringify({ role: 'editor' }),
    });
    const editorToken = ShareLinkSchema.parse(await linkResponse.json()).token;
    const [payload = '', signature = ''] = editorToken.split('.');
    const forged = `${payload}.${'A'.repeat(signature.length)}`;

    // Every way a token travels: query (downloads, sync), bearer header, unknown routes, refused sockets.
    expect((await fetch(`${server.url}/api/boards/${board.id}/journey?token=${encodeURIComponent(editorToken)}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${editorToken}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/api/boards?token=${adminToken}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/no-such-route?token=${encodeURIComponent(editorToken)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/boards/${board.id}?token=${encodeURIComponent(forged)}`)).status).toBe(401);
    const editor = track(connectClient(server.wsUrl, board.id, { params: { token: editorToken } }));
    await waitForSynced(editor);
    const refused = new WebSocket(`${server.wsUrl}/sync/${board.id}?token=${encodeURIComponent(forged)}`);
    await new Promise((resolve) => refused.once('close', resolve));
    await fetch(`${server.url}/healthz?token=${encodeURIComponent(editorToken)}`);
    const count = (text: string) => server.output().split(text).length - 1;
    // The requests were logged (their URLs, redacted), and every one of them has finished logging.
    await waitFor(
      () => count('/healthz?token=[redacted]') === 1 && count('"msg":"incoming request"') === count('"msg":"request completed"'),
      () => server.output(),
    );

    const log = server.output();
    for (const secret of [editorToken, board.facilitatorToken, forged, signature, adminToken]) expect(log).not.toContain(secret);
    expect(count('?token=[redacted]')).toBe(5);
  });

  it('exposes Prometheus metrics for connections, boards, updates, persistence, compaction and event-loop delay', async () => {
    const server = track(await startServer({ env: { COMPACT_AFTER_UPDATES: '5' } }));
    const boardId = await createBoard(server.url);
    const a = track(connectClient(server.wsUrl, boardId));
    const b = track(connectClient(server.wsUrl, boardId));
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    for (let i = 0; i < 10; i++) putListItem(a.doc, 'list', i, String(i));
    await waitFor(() => listLength(b.doc, 'list') === 10, () => 'b incomplete');
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^journeyboard_connections 2$/m);
    expect(text).toMatch(/^journeyboard_boards_in_memory 1$/m);
    // Ten edits plus each client's sync-step-2 reply at connect.
    expect(text).toMatch(/^journeyboard_updates_in_total 12$/m);
    // The ten edits were written in one tick: what arrives in one event-loop turn goes out merged, one message per receiver.
    expect(text).toMatch(/^journeyboard_updates_out_total ([1-9]|10)$/m);
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

  it('loads a board with a corrupt stored update from what is valid, read-only until accepted, and logs the incident with the board id', async () => {
    const first = await startServer({ env: { ADMIN_TOKEN: 'admin-token-0123456789' } });
    const boardId = await createBoard(first.url);
    const writer = connectClient(first.wsUrl, boardId);
    await waitForSynced(writer);
    putCard(writer.doc, 'before', 'kept');
    const observer = connectClient(first.wsUrl, boardId);
    await waitFor(() => cardText(observer.doc, 'before') === 'kept', () => 'not stored');
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

    const restarted = track(await startServer({ dataDir: first.dataDir, env: { LOG_LEVEL: 'error', ADMIN_TOKEN: 'admin-token-0123456789' } }));
    const reader = track(connectClient(restarted.wsUrl, boardId));
    await waitForSynced(reader);
    expect(cardText(reader.doc, 'before')).toBe('kept');
    // Damaged: read-only, and the API says so, until the rebuild is accepted.
    const status = BoardStatusSchema.parse(await (await fetch(`${restarted.url}/api/boards/${boardId}`)).json());
    expect(status.damage?.state).toBe('rebuilt');
    putCard(reader.doc, 'refused', 'not while damaged');
    await waitFor(() => cardText(reader.doc, 'refused') === undefined, () => 'an edit of a damaged board was kept');
    const accepted = await fetch(`${restarted.url}/api/boards/${boardId}/damage/accept`, { method: 'POST', headers: { authorization: 'Bearer admin-token-0123456789' } });
    expect(accepted.status).toBe(200);
    putCard(reader.doc, 'after', 'still writable');
    const second = track(connectClient(restarted.wsUrl, boardId));
    await waitFor(() => cardText(second.doc, 'after') === 'still writable', () => 'board not writable');
    const incidents = restarted
      .output()
      .split('\n')
      .filter((l) => l.includes('corrupt stored update') || l.includes('damaged in storage'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(incidents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ boardId, msg: 'skipping corrupt stored update', level: 50 }),
        // The row whose checksum no longer matches is quarantined by the storage and reported with the board.
        expect.objectContaining({ boardId, msg: expect.stringMatching(/^board is damaged in storage/) as unknown, level: 50 }),
      ]),
    );
  });
});
