import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, DocLayout, InputRejectedSchema, JourneyDataSchema } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced } from '../support/yClients.ts';
import { rebuiltWorkbook, spacesBomb, workbookOf } from '../support/zipArchive.ts';
import { note } from '../unit/journey/fixtures.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const GIB = 1024 * 1024 * 1024;
const HEADER = ['stage', 'lane', 'text'];
const cardRows = (n: number): string[][] => Array.from({ length: n }, (_, i) => [`Stage ${i % 5}`, 'Steps', `Card ${i + 1}`]);

let server: RunningServer;
/** Runs out of its 16 MB heap on a workbook of 5,000 cards. */
let smallHeap: RunningServer;
/** No file can be read in 1 ms: every import runs into the time limit. */
let noTime: RunningServer;

beforeAll(async () => {
  [server, smallHeap, noTime] = await Promise.all([
    startServer(),
    startServer({ env: { IMPORT_MAX_MEMORY_MB: '16' } }),
    startServer({ env: { IMPORT_TIMEOUT_MS: '1' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([server, smallHeap, noTime].map((s) => s.stop()));
});

function importFile(target: RunningServer, boardId: string, body: Buffer | string, type = XLSX): Promise<Response> {
  return fetch(`${target.url}/api/boards/${boardId}/import`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
}

async function mapsOn(target: RunningServer, boardId: string): Promise<number> {
  return JourneyDataSchema.parse(await (await fetch(`${target.url}/api/boards/${boardId}/journey`)).json()).maps.length;
}

const hasCard = (client: ReturnType<typeof connectClient>, id: string): boolean =>
  client.doc.getArray<{ key: string }>(DocLayout.records).toArray().some((entry) => entry.key === id);

/** /healthz answers, and a card one participant adds reaches another. */
async function expectResponsive(target: RunningServer, boardId: string, label: string): Promise<void> {
  const writer = connectClient(target.wsUrl, boardId);
  const reader = connectClient(target.wsUrl, boardId);
  try {
    await Promise.all([waitForSynced(writer), waitForSynced(reader)]);
    expect((await fetch(`${target.url}/healthz`)).status).toBe(200);
    const card = note(label.replace(/\W/g, '-'), 0, 0, label);
    writer.doc.getArray<unknown>(DocLayout.records).push([{ key: card.id, val: card }]);
    await waitFor(() => hasCard(reader, String(card.id)), () => `the card "${label}" did not arrive`);
  } finally {
    writer.destroy();
    reader.destroy();
  }
}

describe('import limits', () => {
  it('answers a workbook with one cell in XFD1 and 2,000 rows in column A promptly, and the server keeps serving meanwhile', async () => {
    const boardId = await createBoard(server.url, 'Far right');
    const workbook = await workbookOf([HEADER, ...cardRows(2000)], { XFD1: 'note' });
    expect(workbook.length).toBeLessThan(64 * 1024);
    const pending = importFile(server, boardId, workbook);
    await expectResponsive(server, boardId, 'during the import');
    const response = await pending;
    // Read cell by cell as they exist: the stray header cell is reported, nothing is imported.
    expect(response.status).toBe(400);
    const { problems } = InputRejectedSchema.parse(await response.json());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 1, column: 'note' });
    expect(problems[0]?.message).toContain('unknown column "note"');
    expect(await mapsOn(server, boardId)).toBe(0);
  });

  it('refuses a 1 MiB workbook that unpacks to a gigabyte with 413 and the reason, whether its directory tells or lies', async () => {
    const boardId = await createBoard(server.url, 'Bomb');
    const base = await workbookOf([HEADER, ...cardRows(3)]);
    const honest = rebuiltWorkbook(base, () => [spacesBomb('xl/sharedStrings.xml', GIB)]);
    const lying = rebuiltWorkbook(base, () => [{ ...spacesBomb('xl/sharedStrings.xml', GIB), declaredSize: 4096 }]);
    for (const bomb of [honest, lying]) {
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
      const response = await importFile(server, boardId, bomb);
      expect(response.status).toBe(413);
      const { error } = ApiErrorSchema.parse(await response.json());
      expect(error.code).toBe('payload_too_large');
      expect(error.message).toMatch(/unpacks to more than 64 MiB/);
    }
    expect(await mapsOn(server, boardId)).toBe(0);
    // The same board still takes a good workbook.
    expect((await importFile(server, boardId, base)).status).toBe(201);
    await expectResponsive(server, boardId, 'after the bombs');
  });

  it('answers 422 when reading the file needs more memory than the worker may use, and reads the next file', async () => {
    const boardId = await createBoard(smallHeap.url, 'Small heap');
    const large = await workbookOf([HEADER, ...cardRows(5000)]);
    const response = await importFile(smallHeap, boardId, large);
    expect(response.status).toBe(422);
    expect(ApiErrorSchema.parse(await response.json()).error.message).toBe('the file was not read: reading the file needed more than 16 MB of memory');
    await expectResponsive(smallHeap, boardId, 'after running out of memory');
    expect((await importFile(smallHeap, boardId, 'stage,lane,text\nA,Steps,x\n', 'text/csv')).status).toBe(201);
    expect(await mapsOn(smallHeap, boardId)).toBe(1);
  });

  it('answers 422 when reading the file runs over the time limit', async () => {
    const boardId = await createBoard(noTime.url, 'No time');
    const response = await importFile(noTime, boardId, await workbookOf([HEADER, ...cardRows(3)]));
    expect(response.status).toBe(422);
    expect(ApiErrorSchema.parse(await response.json()).error.message).toBe('the file was not read: reading the file took longer than 1 ms');
    expect(await mapsOn(noTime, boardId)).toBe(0);
    await expectResponsive(noTime, boardId, 'after the time limit');
  });
});
