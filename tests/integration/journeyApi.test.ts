import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocLayout, JourneyDataSchema } from '../../shared/src/index.ts';
import { arrow, cellCentre, emotion, fixedMapProps, GRID_LEFT, GRID_TOP, journeyMap, note } from '../unit/journey/fixtures.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitForSynced, type TestClient } from '../support/yClients.ts';

let server: RunningServer;
let client: TestClient;
let boardId: string;

beforeAll(async () => {
  server = await startServer({ env: { ROOM_IDLE_UNLOAD_MS: '100' } });
  boardId = await createBoard(server.url, 'Claims journey');
  client = connectClient(server.wsUrl, boardId);
  await waitForSynced(client);
});
afterAll(async () => {
  client.destroy();
  await server.stop();
});

function writeRecords(records: Record<string, unknown>[]): void {
  const kv = new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
  client.doc.transact(() => {
    for (const record of records) kv.set(record.id as string, record);
  });
}

async function journey(format?: string): Promise<Response> {
  return fetch(`${server.url}/api/boards/${boardId}/journey${format ? `?format=${format}` : ''}`);
}

describe('journey data API', () => {
  it('serves the live structure of the board, then CSV and Markdown of it', async () => {
    const props = fixedMapProps(['Report', 'Assess'], ['steps', 'touchpoints', 'emotions']);
    const step = cellCentre(0, 0, 0, 0);
    const touchpoint = cellCentre(0, 0, 1, 1);
    writeRecords([
      journeyMap('m', 0, 0, props),
      note('step', step.x, step.y, 'Reports damage online'),
      note('tp', touchpoint.x, touchpoint.y, 'Callback form', { touchpoint: { channel: 'web', owner: 'Claims team' } }),
      emotion('e1', GRID_LEFT + 150, GRID_TOP + 400 + 20, 'worried'),
      ...arrow('flow', 'step', 'tp'),
    ]);

    // The API reads through to the live document, so no waiting for a debounce.
    await expect
      .poll(async () => JourneyDataSchema.parse(await (await journey()).json()).maps[0]?.cells.flatMap((c) => c.cards.map((card) => card.text)))
      .toEqual(['Reports damage online', 'Callback form']);
    const data = JourneyDataSchema.parse(await (await journey()).json());
    expect(data.maps[0]?.emotionCurve.map((p) => p.score)).toEqual([2]);
    expect(data.flows).toEqual([{ id: 'shape:flow', fromId: 'shape:step', toId: 'shape:tp', label: '', mapId: 'shape:m' }]);
    expect(data.maps[0]?.cells.find((c) => c.cards.length && c.laneId === 'l2')?.cards[0]?.touchpoint).toMatchObject({
      channel: 'web',
      mode: 'digital',
      owner: 'Claims team',
    });

    const csv = await journey('csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('Claims-journey.csv');
    const rows = (await csv.text()).trimEnd().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain('Callback form');

    const md = await journey('md');
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(await md.text()).toContain('# Claims journey');
  });

  it('answers for boards that are not in memory', async () => {
    client.provider.disconnect();
    // Wait until the server unloaded the board, then read from storage.
    await expect.poll(async () => (await (await journey()).json()) as unknown, { timeout: 10_000 }).toMatchObject({ schemaVersion: 1 });
    const data = JourneyDataSchema.parse(await (await journey()).json());
    expect(data.maps).toHaveLength(1);
    client.provider.connect();
  });

  it('publishes the JSON Schema and rejects bad requests clearly', async () => {
    const schema = await fetch(`${server.url}/api/schema/journey.json`);
    expect(schema.headers.get('content-type')).toMatch(/application\/schema\+json/);
    expect(((await schema.json()) as { $id: string }).$id).toBe('/api/schema/journey.json');
    expect((await journey('xml')).status).toBe(400);
    expect((await fetch(`${server.url}/api/boards/AAAAAAAAAAAAAAAAAAAAA/journey`)).status).toBe(404);
  });
});
