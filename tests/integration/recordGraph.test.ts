/**
 * Records that stopped a board loading for everyone (issue 21): a shape that is its own parent,
 * two shapes parented to each other, an arrow bound to itself, a note too long for a browser to
 * lay out. The server refuses each one for everyone: no other participant ever receives it, a
 * restart does not bring it back, and the sender hears why. The nearest variants the server
 * accepts open in a browser in tests/e2e/acceptedVariants.spec.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { boardRecordsOf, collectRejections, frame, recordsObject, textOfLength, valuesEverHeld, writeRecords } from '../support/boardRecords.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';
import { arrow, note, type BoardRecord } from '../unit/journey/fixtures.ts';

/** The server's default MAX_RECORD_TEXT_CHARS; these servers run with the defaults. */
const MAX_RECORD_TEXT_CHARS = 20_000;

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((server) => server.kill()));
});

async function joinSynced(server: RunningServer, boardId: string, params: Record<string, string> = {}): Promise<TestClient> {
  const client = connectClient(server.wsUrl, boardId, { params });
  clients.push(client);
  await waitForSynced(client);
  return client;
}

interface RefusedCase {
  name: string;
  /** Accepted first: what the refused write changes. */
  existing?: BoardRecord[];
  /** One write (one transaction); the records named in `refused` must not come through. */
  write: BoardRecord[];
  refused: Record<string, RegExp>;
}

const cycleReason = /a shape cannot be its own ancestor/;
const cycleOrOrphanReason = /a shape cannot be its own ancestor|the parent shape:\w+ does not exist/;
const textReason = new RegExp(`a record may hold at most ${MAX_RECORD_TEXT_CHARS} characters of text`);

const CASES: RefusedCase[] = [
  {
    name: 'a shape whose parent is itself',
    write: [note('loop', 300, 300, 'My own parent', { parentId: 'loop' })],
    refused: { 'shape:loop': cycleReason },
  },
  {
    name: 'two new shapes parented to each other',
    write: [frame('outer', 0, 0, { w: 600, h: 400 }, { parentId: 'inner' }), frame('inner', 40, 40, { w: 300, h: 200 }, { parentId: 'outer' })],
    // Whichever is checked second has lost its parent by then.
    refused: { 'shape:outer': cycleOrOrphanReason, 'shape:inner': cycleOrOrphanReason },
  },
  {
    // Two editors each dropping one frame into the other: each move is fine on its own.
    name: 'a frame moved into the frame nested in it',
    existing: [frame('outer', 0, 0, { w: 600, h: 400 }), frame('inner', 40, 40, { w: 300, h: 200 }, { parentId: 'outer' })],
    write: [frame('outer', 10, 10, { w: 600, h: 400 }, { parentId: 'inner' })],
    refused: { 'shape:outer': cycleReason },
  },
  {
    name: 'an arrow bound to itself',
    // The arrow itself is fine; its two bindings are not.
    write: arrow('loop', 'loop', 'loop'),
    refused: { 'binding:loop-start': /a shape cannot be bound to itself/, 'binding:loop-end': /a shape cannot be bound to itself/ },
  },
  {
    name: 'a note with 300 KiB of text',
    write: [note('huge', 300, 300, textOfLength(300 * 1024))],
    refused: { 'shape:huge': textReason },
  },
  {
    name: `a note with ${MAX_RECORD_TEXT_CHARS + 1} characters of text`,
    write: [note('long', 300, 300, textOfLength(MAX_RECORD_TEXT_CHARS + 1))],
    refused: { 'shape:long': textReason },
  },
];

describe('records that would stop a board loading', () => {
  it.each(CASES)('$name: refused for everyone, for good, and the sender is told', async ({ existing = [], write, refused }) => {
    const server = await startServer();
    servers.push(server);
    const boardId = await createBoard(server.url, 'Record graph');
    const writer = await joinSynced(server, boardId, { ext: '1' });
    const observer = await joinSynced(server, boardId);
    const rejections = collectRejections(writer);
    const written = boardRecordsOf(writer.doc);
    const observed = boardRecordsOf(observer.doc);

    writeRecords(written, existing);
    await waitFor(() => existing.every((record) => observed.has(String(record.id))), () => `the existing records did not arrive: ${JSON.stringify(rejections)}`);
    expect(rejections).toEqual([]);
    const board = recordsObject(observed);

    const observedValues = valuesEverHeld(observed);
    writeRecords(written, write);
    // The server handles one participant's updates in order: once this arrives, the write above is settled.
    const settled = note('settled', 900, 300, 'Written after');
    writeRecords(written, [settled]);
    await waitFor(() => observed.has(String(settled.id)), () => 'the write after the refused one never arrived');

    const expected = new Map<string, unknown>(Object.entries(board));
    for (const record of write) if (!(String(record.id) in refused)) expected.set(String(record.id), record);
    expected.set(String(settled.id), settled);
    const expectedBoard = Object.fromEntries(expected);

    for (const record of write) {
      if (String(record.id) in refused) expect(observedValues.get(String(record.id)) ?? [], `${String(record.id)} reached another participant`).not.toContainEqual(record);
    }
    expect(recordsObject(observed)).toEqual(expectedBoard);
    await waitFor(() => rejections.length >= Object.keys(refused).length, () => `rejections: ${JSON.stringify(rejections)}`);
    expect(rejections.map(({ id }) => id).sort()).toEqual(Object.keys(refused).sort());
    for (const { id, reason } of rejections) expect(reason).toMatch(refused[id] ?? /never/);
    // The sender's own copy is reverted too (before the settling write's echo, in the same order).
    await waitFor(() => isDeepStrictEqual(recordsObject(written), expectedBoard), () => 'the sender still holds the refused write');

    // For good: what the server stored does not bring it back.
    for (const client of clients.splice(0)) client.destroy();
    await server.stop();
    const restarted = await startServer({ dataDir: server.dataDir });
    servers.push(restarted);
    const later = await joinSynced(restarted, boardId);
    expect(recordsObject(boardRecordsOf(later.doc))).toEqual(expectedBoard);
  });
});
