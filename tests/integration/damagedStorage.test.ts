/**
 * Damaged storage (issue 21, finding 7): a board whose stored rows are damaged is rebuilt from
 * what is readable and served read-only, never as an empty board, and its stored bytes are
 * never written over: they are copied into a quarantine that can be listed and downloaded.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { BoardStatusSchema, QuarantineListSchema } from '../../shared/src/index.ts';
import { cardKeys, cardText, putCard } from '../support/boardContent.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends TestClient | RunningServer>(item: T): T {
  cleanups.push(() => ('destroy' in item ? item.destroy() : item.kill()));
  return item;
}

const ENV = { COMPACT_AFTER_UPDATES: '5', ROOM_IDLE_UNLOAD_MS: '100' };

async function createBoard(server: RunningServer): Promise<{ id: string; facilitatorToken: string }> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Claims journey' }),
  });
  return (await response.json()) as { id: string; facilitatorToken: string };
}

async function metric(server: RunningServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}

async function waitForMetric(server: RunningServer, name: string, predicate: (value: number) => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!predicate(await metric(server, name))) {
    if (Date.now() > deadline) throw new Error(`${name} never reached the expected value`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function boardStatus(server: RunningServer, boardId: string) {
  const response = await fetch(`${server.url}/api/boards/${boardId}`);
  expect(response.status).toBe(200);
  return BoardStatusSchema.parse(await response.json());
}

/** A board with 30 cards written over three compactions, so a current and a previous snapshot are stored. */
async function boardWithTwoSnapshots(): Promise<{ dataDir: string; board: { id: string; facilitatorToken: string }; cards: Record<string, string> }> {
  const server = await startServer({ env: ENV });
  const board = await createBoard(server);
  const writer = connectClient(server.wsUrl, board.id);
  await waitForSynced(writer);
  const cards: Record<string, string> = {};
  for (let round = 1; round <= 3; round += 1) {
    for (let i = 0; i < 10; i += 1) {
      cards[`card-${round}-${i}`] = `Step ${round}.${i}`;
      putCard(writer.doc, `card-${round}-${i}`, `Step ${round}.${i}`);
    }
    await waitForMetric(server, 'journeyboard_compactions_total', (value) => value >= round);
  }
  putCard(writer.doc, 'after-compaction', 'Call centre');
  cards['after-compaction'] = 'Call centre';
  const observer = connectClient(server.wsUrl, board.id);
  await waitFor(() => cardText(observer.doc, 'after-compaction') === 'Call centre', () => 'last edit not stored');
  writer.destroy();
  observer.destroy();
  expect(await server.stop()).toBe(0);
  return { dataDir: server.dataDir, board, cards };
}

function cardsOf(doc: Y.Doc): Record<string, string | undefined> {
  return Object.fromEntries(cardKeys(doc, '').map((key) => [key, cardText(doc, key)]));
}

function database(dataDir: string): DatabaseSync {
  return new DatabaseSync(join(dataDir, 'journeyboard.sqlite'));
}

function storedSnapshot(dataDir: string, boardId: string): Uint8Array {
  const db = database(dataDir);
  try {
    return new Uint8Array((db.prepare('SELECT data FROM doc_snapshots WHERE board_id = ?').get(boardId) as { data: Uint8Array }).data);
  } finally {
    db.close();
  }
}

describe('damaged storage', () => {
  it('rebuilds a board whose snapshot has one damaged byte from the previous snapshot, read-only, and never writes over the damaged bytes', async () => {
    const { dataDir, board, cards } = await boardWithTwoSnapshots();
    const db = database(dataDir);
    expect(db.prepare('SELECT count(*) AS n FROM doc_previous_snapshots WHERE board_id = ?').get(board.id)).toEqual({ n: 1 });
    const damaged = storedSnapshot(dataDir, board.id);
    const middle = Math.floor(damaged.length / 2);
    damaged[middle] = (damaged[middle] ?? 0) ^ 0x01;
    db.prepare('UPDATE doc_snapshots SET data = ? WHERE board_id = ?').run(damaged, board.id);
    db.close();

    const server = track(await startServer({ dataDir, env: { ...ENV, LOG_LEVEL: 'error' } }));
    const status = await boardStatus(server, board.id);
    expect(status.damage).toMatchObject({ state: 'rebuilt', rebuiltFrom: 'previous-snapshot', damagedRows: [{ kind: 'snapshot', reason: 'checksum mismatch' }] });

    // Every card is there: the previous snapshot and the rows kept after it hold the whole board.
    const reader = track(connectClient(server.wsUrl, board.id));
    const participant = track(connectClient(server.wsUrl, board.id));
    await Promise.all([waitForSynced(reader), waitForSynced(participant)]);
    expect(cardsOf(reader.doc)).toEqual(cards);

    // Read-only: the edit is refused (the awareness change sent after it on the same socket is the barrier).
    putCard(participant.doc, 'card-1-0', 'overwritten');
    participant.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    await waitFor(() => [...reader.provider.awareness.getStates().values()].some((state) => (state.user as { name?: string } | undefined)?.name === 'Ada'), () => 'awareness not relayed');
    const late = track(connectClient(server.wsUrl, board.id));
    await waitForSynced(late);
    expect(cardText(late.doc, 'card-1-0')).toBe('Step 1.0');
    expect(server.output()).toMatch(/"boardId":"[^"]+".*"damagedRows".*board is damaged in storage/);
    expect(await metric(server, 'journeyboard_damaged_board_loads_total')).toBeGreaterThanOrEqual(1);

    // The damaged bytes, byte for byte, from the quarantine.
    const auth = { authorization: `Bearer ${board.facilitatorToken}` };
    const { entries } = QuarantineListSchema.parse(await (await fetch(`${server.url}/api/boards/${board.id}/quarantine`, { headers: auth })).json());
    expect(entries).toEqual([expect.objectContaining({ kind: 'snapshot', reason: 'checksum mismatch', size: damaged.length, resolvedAt: null })]);
    const raw = await fetch(`${server.url}/api/boards/${board.id}/quarantine/${entries[0]?.id}`, { headers: auth });
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(damaged);
    expect((await fetch(`${server.url}/api/boards/${board.id}/quarantine`)).status).toBe(403);

    // Everyone leaves: the board is unloaded (which compacts intact boards) without touching its rows.
    for (const client of [reader, participant, late]) client.destroy();
    await waitForMetric(server, 'journeyboard_boards_in_memory', (value) => value === 0);
    expect(storedSnapshot(dataDir, board.id)).toEqual(damaged);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    expect(storedSnapshot(dataDir, board.id)).toEqual(damaged);
  });

  it('makes the rebuilt board writable once a facilitator accepts it, keeping the quarantined bytes', async () => {
    const { dataDir, board, cards } = await boardWithTwoSnapshots();
    const db = database(dataDir);
    const damaged = storedSnapshot(dataDir, board.id);
    damaged[3] = (damaged[3] ?? 0) ^ 0x80;
    db.prepare('UPDATE doc_snapshots SET data = ? WHERE board_id = ?').run(damaged, board.id);
    db.close();

    const server = track(await startServer({ dataDir, env: ENV }));
    expect((await boardStatus(server, board.id)).damage?.state).toBe('rebuilt');
    const accept = (headers: Record<string, string> = {}) => fetch(`${server.url}/api/boards/${board.id}/damage/accept`, { method: 'POST', headers });
    expect((await accept()).status).toBe(403);
    const accepted = await accept({ authorization: `Bearer ${board.facilitatorToken}` });
    expect(accepted.status).toBe(200);
    expect((await accept({ authorization: `Bearer ${board.facilitatorToken}` })).status).toBe(409);
    expect((await boardStatus(server, board.id)).damage).toBeNull();

    const writer = track(connectClient(server.wsUrl, board.id));
    await waitForSynced(writer);
    putCard(writer.doc, 'after-accept', 'Claim paid');
    const other = track(connectClient(server.wsUrl, board.id));
    await waitFor(() => cardText(other.doc, 'after-accept') === 'Claim paid', () => 'board still read-only');
    writer.destroy();
    other.destroy();
    expect(await server.stop()).toBe(0);

    const restarted = track(await startServer({ dataDir, env: ENV }));
    expect((await boardStatus(restarted, board.id)).damage).toBeNull();
    const reader = track(connectClient(restarted.wsUrl, board.id));
    await waitForSynced(reader);
    expect(cardsOf(reader.doc)).toEqual({ ...cards, 'after-accept': 'Claim paid' });
    const { entries } = QuarantineListSchema.parse(
      await (await fetch(`${restarted.url}/api/boards/${board.id}/quarantine`, { headers: { authorization: `Bearer ${board.facilitatorToken}` } })).json(),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'snapshot', size: damaged.length });
    expect(entries[0]?.resolvedAt).not.toBeNull();
  });

  it('leaves out only a damaged update row, reports the board damaged and quarantines the row', async () => {
    const first = await startServer();
    const board = await createBoard(first);
    const writer = connectClient(first.wsUrl, board.id);
    await waitForSynced(writer);
    // The damaged row is the last: Yjs also holds back every later item placed after one that is missing.
    // Two rows: the server stores what arrives in one event-loop turn as one row, so the second card waits for the first to be out.
    const observer = connectClient(first.wsUrl, board.id);
    putCard(writer.doc, 'arrive', 'Customer arrives');
    await waitFor(() => cardText(observer.doc, 'arrive') === 'Customer arrives', () => 'not stored');
    putCard(writer.doc, 'queue', 'Customer queues');
    await waitFor(() => cardText(observer.doc, 'queue') === 'Customer queues', () => 'not stored');
    writer.destroy();
    observer.destroy();
    // Killed, so the rows are not folded into a snapshot at shutdown: the load reads them.
    await first.kill();

    const db = database(first.dataDir);
    const rows = db.prepare('SELECT seq, data FROM doc_updates WHERE board_id = ? ORDER BY seq').all(board.id) as { seq: number; data: Uint8Array }[];
    const queue = rows.find((row) => Buffer.from(row.data).includes('Customer queues'));
    if (!queue) throw new Error('no row holds the card');
    const damaged = new Uint8Array(queue.data);
    damaged[damaged.length - 2] = (damaged[damaged.length - 2] ?? 0) ^ 0xff;
    db.prepare('UPDATE doc_updates SET data = ? WHERE seq = ?').run(damaged, queue.seq);
    db.close();

    const server = track(await startServer({ dataDir: first.dataDir, env: { LOG_LEVEL: 'error' } }));
    expect((await boardStatus(server, board.id)).damage).toMatchObject({
      state: 'rebuilt',
      rebuiltFrom: 'snapshot',
      damagedRows: [{ kind: 'update', seq: queue.seq, reason: 'checksum mismatch' }],
    });
    const reader = track(connectClient(server.wsUrl, board.id));
    await waitForSynced(reader);
    expect(cardsOf(reader.doc)).toEqual({ arrive: 'Customer arrives' });
    const auth = { authorization: `Bearer ${board.facilitatorToken}` };
    const { entries } = QuarantineListSchema.parse(await (await fetch(`${server.url}/api/boards/${board.id}/quarantine`, { headers: auth })).json());
    expect(entries).toEqual([expect.objectContaining({ kind: 'update', seq: queue.seq, size: damaged.length })]);
    expect(new Uint8Array(await (await fetch(`${server.url}/api/boards/${board.id}/quarantine/${entries[0]?.id}`, { headers: auth })).arrayBuffer())).toEqual(damaged);
  });

  it('does not serve a board as empty, nor crash, when the last page of the database file is overwritten', async () => {
    const { dataDir, board, cards } = await boardWithTwoSnapshots();
    const file = openSync(join(dataDir, 'journeyboard.sqlite'), 'r+');
    const size = fstatSync(file).size;
    writeSync(file, randomBytes(4096), 0, 4096, size - 4096);
    closeSync(file);

    const server = track(await startServer({ dataDir, env: { ...ENV, LOG_LEVEL: 'error' } }));
    const status = await fetch(`${server.url}/api/boards/${board.id}`);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const damage = status.status === 200 ? BoardStatusSchema.parse(await status.json()).damage : undefined;
    const reader = track(connectClient(server.wsUrl, board.id));
    const closes: number[] = [];
    reader.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closes.push(event.code);
    });
    await waitFor(() => reader.provider.synced || closes.length > 0, () => 'neither synced nor refused');
    if (reader.provider.synced) {
      const served = cardsOf(reader.doc);
      // Served: everything, or what could be rebuilt from a board reported damaged (read-only).
      if (damage === null) expect(served).toEqual(cards);
      else expect(damage?.state).toBe('rebuilt');
      expect(Object.keys(served).length).toBeGreaterThan(0);
    } else {
      // Refused with a clear error, and the API says why.
      expect(damage?.state).toBe('unreadable');
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.process.exitCode).toBeNull();
  });
});
