import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocLayout, InputRejectedSchema, JourneyDataSchema, MetricSeriesSchema, type JourneyData } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced } from '../support/yClients.ts';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

const STAGES = ['Awareness', 'Consideration', 'Purchase', 'Use', 'Loyalty'];
const LANES = [
  { label: 'Steps', kind: '' },
  { label: 'Touchpoints', kind: 'touchpoints' },
  { label: 'Pain points', kind: 'painPoints' },
  { label: 'Ideas', kind: 'opportunities' },
];

/** 200 cards: 5 stages x 4 lanes x 10, touchpoints with channel and owner. */
function csvOf200(): string {
  const lines = ['stage,lane,lane_kind,text,channel,owner,moment_of_truth,systems'];
  for (const stage of STAGES) {
    for (const lane of LANES) {
      for (let n = 1; n <= 10; n++) {
        const touchpoint = lane.kind === 'touchpoints';
        lines.push(
          [stage, lane.label, lane.kind, `${stage} ${lane.label} ${n}`, touchpoint ? 'web' : '', touchpoint ? 'Team "Digital"' : '', touchpoint && n === 1 ? 'first' : '', touchpoint ? 'CRM; Shop' : '']
            .map((cell) => (/[",]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

async function importCsv(boardId: string, csv: string, query = ''): Promise<Response> {
  return fetch(`${server.url}/api/boards/${boardId}/import${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
}

async function journey(boardId: string): Promise<JourneyData> {
  return JourneyDataSchema.parse(await (await fetch(`${server.url}/api/boards/${boardId}/journey`)).json());
}

describe('import', () => {
  it('builds a journey map with all 200 cards of a CSV in their stage and lane', async () => {
    const boardId = await createBoard(server.url, 'Imported');
    const response = await importCsv(boardId, csvOf200(), '?title=Retail%20journey');
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ title: 'Retail journey', stages: 5, lanes: 4, cards: 200 });

    const data = await journey(boardId);
    expect(data.maps).toHaveLength(1);
    const [map] = data.maps;
    expect(map?.title).toBe('Retail journey');
    expect(map?.stages.map((s) => s.label)).toEqual(STAGES);
    expect(map?.lanes.map((l) => [l.label, l.kind])).toEqual([
      ['Steps', 'steps'],
      ['Touchpoints', 'touchpoints'],
      ['Pain points', 'painPoints'],
      ['Ideas', 'opportunities'],
    ]);
    expect(data.unplaced).toEqual([]);
    const stageOf = new Map(map?.stages.map((s) => [s.id, s.label]));
    const laneOf = new Map(map?.lanes.map((l) => [l.id, l.label]));
    const cards = map?.cells.flatMap((cell) => cell.cards.map((card) => ({ card, stage: stageOf.get(cell.stageId), lane: laneOf.get(cell.laneId) }))) ?? [];
    expect(cards).toHaveLength(200);
    for (const { card, stage, lane } of cards) expect(card.text.startsWith(`${stage} ${lane} `)).toBe(true);
    const touchpoint = cards.find(({ card }) => card.text === 'Purchase Touchpoints 1')?.card.touchpoint;
    expect(touchpoint).toMatchObject({ channel: 'web', mode: 'digital', owner: 'Team "Digital"', momentOfTruth: 'first', systems: ['CRM', 'Shop'] });
    expect(cards.find(({ card }) => card.text === 'Use Steps 3')?.card.touchpoint).toBeNull();

    // The board's participants get the map too: a client joining now sees every card record.
    const client = connectClient(server.wsUrl, boardId);
    await waitForSynced(client);
    const notes = client.doc.getArray<{ val: { type?: string } }>(DocLayout.records).toArray().filter((e) => e.val.type === 'note');
    expect(notes).toHaveLength(200);
    client.destroy();
  });

  it('reports a malformed row with its line and imports nothing', async () => {
    const boardId = await createBoard(server.url, 'Bad import');
    const csv = [
      'Stage;Lane;Text;Kanal',
      'Awareness;Steps;Sees an ad;',
      // A quoted field over two lines: the next record starts on line 5.
      'Awareness;Steps;"Reads the\nreviews";',
      'Purchase;Touchpoints;Checkout;carrier pigeon',
      ';Steps;No stage;',
    ].join('\n');
    const response = await importCsv(boardId, csv);
    expect(response.status).toBe(400);
    const body = InputRejectedSchema.parse(await response.json());
    expect(body.error.message).toContain('nothing was imported');
    expect(body.problems).toEqual([
      { line: 5, column: 'channel', message: 'channel "carrier pigeon" is not known' },
      { line: 6, column: 'stage', message: 'stage is empty' },
    ]);
    expect((await journey(boardId)).maps).toEqual([]);
  });

  it('imports the first worksheet of an XLSX workbook and names bad rows by row number', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Journey');
    sheet.addRow(['Phase', 'Spur', 'Text', 'Kanal', 'Verantwortlich']);
    sheet.addRow(['Anfrage', 'Touchpoints', 'Rückruf-Formular', 'Web', 'Service']);
    sheet.addRow(['Anfrage', 'Schritte', 'Formular ausfüllen', '', '']);
    sheet.addRow(['Klärung', 'Touchpoints', 'Hotline', 'Telefon / Hotline', 'Service']);
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    const boardId = await createBoard(server.url, 'XLSX');
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const response = await fetch(`${server.url}/api/boards/${boardId}/import?title=Antrag`, { method: 'POST', headers: { 'content-type': xlsx }, body: good });
    expect(response.status).toBe(201);
    const [map] = (await journey(boardId)).maps;
    expect(map?.stages.map((s) => s.label)).toEqual(['Anfrage', 'Klärung']);
    expect(map?.lanes.map((l) => l.kind)).toEqual(['touchpoints', 'steps']);
    expect(map?.cells.flatMap((c) => c.cards.map((card) => [card.text, card.touchpoint?.channel ?? null]))).toEqual([
      ['Rückruf-Formular', 'web'],
      ['Formular ausfüllen', null],
      ['Hotline', 'phone'],
    ]);

    sheet.addRow(['Klärung', 'Touchpoints', 'Brief', 'Brieftaube', '']);
    const bad = await fetch(`${server.url}/api/boards/${boardId}/import`, { method: 'POST', headers: { 'content-type': xlsx }, body: Buffer.from(await workbook.xlsx.writeBuffer()) });
    expect(bad.status).toBe(400);
    expect(InputRejectedSchema.parse(await bad.json()).problems).toEqual([{ line: 5, column: 'channel', message: 'channel "Brieftaube" is not known' }]);
    expect((await journey(boardId)).maps).toHaveLength(1);
  });

  it('refuses an unknown column instead of dropping it', async () => {
    const boardId = await createBoard(server.url, 'Unknown column');
    const response = await importCsv(boardId, 'stage,lane,text,priority\nA,Steps,x,high\n');
    expect(response.status).toBe(400);
    expect(InputRejectedSchema.parse(await response.json()).problems[0]).toMatchObject({ line: 1, column: 'priority' });
  });
});

describe('live metrics', () => {
  it('posted values land on their cards in the journey data and in the time series', async () => {
    const boardId = await createBoard(server.url, 'Metrics');
    expect((await importCsv(boardId, 'stage,lane,text\nPurchase,Steps,Checkout\nPurchase,Steps,Pay\nUse,Steps,Call hotline\n')).status).toBe(201);
    const cardId = (await journey(boardId)).maps[0]?.cells.flatMap((c) => c.cards).find((c) => c.text === 'Pay')?.id;
    expect(cardId).toBeDefined();

    const post = await fetch(`${server.url}/api/boards/${boardId}/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        values: [
          { cardId, name: 'Conversion', value: 41, unit: '%', target: 60, direction: 'higherIsBetter', at: '2026-11-01T10:00:00Z' },
          { stage: 'purchase', step: 'checkout', name: 'Drop-off rate', value: 12, unit: '%', target: 20, direction: 'lowerIsBetter' },
          { cardId, name: 'Conversion', value: 44, unit: '%', target: 60, at: '2026-11-02T10:00:00Z' },
        ],
      }),
    });
    expect(post.status).toBe(200);
    expect(await post.json()).toMatchObject({ recorded: 3 });

    const cards = (await journey(boardId)).maps[0]?.cells.flatMap((c) => c.cards) ?? [];
    expect(cards.find((c) => c.text === 'Pay')?.liveMetrics).toEqual([
      { name: 'Conversion', value: 44, unit: '%', target: 60, direction: 'higherIsBetter', at: '2026-11-02T10:00:00Z' },
    ]);
    expect(cards.find((c) => c.text === 'Checkout')?.liveMetrics?.[0]).toMatchObject({ name: 'Drop-off rate', value: 12, direction: 'lowerIsBetter' });
    expect(cards.find((c) => c.text === 'Call hotline')?.liveMetrics).toBeUndefined();

    const invalid = await fetch(`${server.url}/api/boards/${boardId}/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ values: [{ cardId, name: 'NPS', value: 3 }, { stage: 'Use', name: 'NPS', value: 'high' }] }),
    });
    expect(invalid.status).toBe(400);
    const problems = InputRejectedSchema.parse(await invalid.json()).problems;
    expect(problems.map((p) => p.index)).toEqual([1]);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/values\.1\.value/);

    const series = MetricSeriesSchema.parse(await (await fetch(`${server.url}/api/boards/${boardId}/metrics?cardId=${encodeURIComponent(cardId ?? '')}`)).json());
    expect(series.points.map((p) => p.value)).toEqual([41, 44]);
  });

  it('takes a CSV of values, and refuses the whole file when a row names no card', async () => {
    const boardId = await createBoard(server.url, 'Metric CSV');
    await importCsv(boardId, 'stage,lane,text\nUse,Steps,Call hotline\n');
    const ok = await fetch(`${server.url}/api/boards/${boardId}/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'stage;step;name;value;unit;target;direction\nUse;Call hotline;First contact resolution;63,5;%;75;higher\n',
    });
    expect(ok.status).toBe(200);
    const card = (await journey(boardId)).maps[0]?.cells.flatMap((c) => c.cards)[0];
    expect(card?.liveMetrics?.[0]).toMatchObject({ name: 'First contact resolution', value: 63.5, target: 75 });

    const bad = await fetch(`${server.url}/api/boards/${boardId}/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'stage,step,name,value\nUse,Call hotline,NPS,12\nUse,Visit store,NPS,30\n',
    });
    expect(bad.status).toBe(400);
    expect(InputRejectedSchema.parse(await bad.json()).problems).toEqual([{ line: 3, message: 'no card with stage "Use" and step "Visit store"' }]);
    const after = (await journey(boardId)).maps[0]?.cells.flatMap((c) => c.cards)[0];
    expect(after?.liveMetrics?.map((m) => m.name)).toEqual(['First contact resolution']);
  });

  it('reverts a participant who writes live metrics into the doc', async () => {
    const boardId = await createBoard(server.url, 'Forged');
    await importCsv(boardId, 'stage,lane,text\nUse,Steps,Call hotline\n');
    const client = connectClient(server.wsUrl, boardId);
    await waitForSynced(client);
    const metrics = client.doc.getMap(DocLayout.liveMetrics);
    metrics.set('shape:forged', [{ name: 'NPS', value: 100, unit: '', target: null, direction: 'higherIsBetter', at: '2026-11-01T10:00:00Z' }]);
    await waitFor(() => !metrics.has('shape:forged'), () => `forged metrics still there: ${JSON.stringify(metrics.toJSON())}`);
    client.destroy();
  });
});
