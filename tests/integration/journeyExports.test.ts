import ExcelJS from 'exceljs';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocLayout, type JourneyData } from '../../shared/src/index.ts';
import { cellCentre, fixedMapProps, journeyMap, note } from '../unit/journey/fixtures.ts';
import { markdownLinkTargets, markdownUnsafeMarkup, parseMermaidJourney, readableMarkdown } from '../unit/journey/inertExports.ts';
import { csvRecords } from '../support/csv.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitForSynced, type TestClient } from '../support/yClients.ts';

let server: RunningServer;
let client: TestClient;
let boardId: string;
let hostileBoardId: string;
let hostile: TestClient;

/** Card texts that must stay text in every export: markup, script links, a Mermaid comment, a formula. */
const HOSTILE_CARDS = ['<img src=x onerror=alert(1)>', '[click](javascript:alert(1))', '%% hidden', '=HYPERLINK("http://evil.example","x")'];
const HOSTILE_TITLE = '<script>alert(1)</script>';

beforeAll(async () => {
  server = await startServer();
  boardId = await createBoard(server.url, 'Claims: Q3 / review');
  client = connectClient(server.wsUrl, boardId);
  await waitForSynced(client);
  const step = cellCentre(0, 0, 0, 0);
  const kv = new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
  client.doc.transact(() => {
    for (const record of [journeyMap('m', 0, 0, fixedMapProps(['Report', 'Assess'], ['steps'])), note('step', step.x, step.y, 'Reports damage')]) {
      kv.set(record.id as string, record);
    }
  });
  hostileBoardId = await createBoard(server.url, HOSTILE_TITLE);
  hostile = connectClient(server.wsUrl, hostileBoardId);
  await waitForSynced(hostile);
  const hostileKv = new YKeyValue<unknown>(hostile.doc.getArray(DocLayout.records));
  const map = { ...fixedMapProps(['A', 'B', 'C', 'D'], ['steps']), title: HOSTILE_TITLE };
  hostile.doc.transact(() => {
    hostileKv.set('shape:m', journeyMap('m', 0, 0, map));
    HOSTILE_CARDS.forEach((text, stage) => {
      const at = cellCentre(0, 0, stage, 0);
      hostileKv.set(`shape:h${stage}`, note(`h${stage}`, at.x, at.y, text));
    });
  });
});
afterAll(async () => {
  client.destroy();
  hostile.destroy();
  await server.stop();
});

const exportOf = (format: string, board = boardId) => fetch(`${server.url}/api/boards/${board}/journey?format=${format}`);

describe('journey exports over the API', () => {
  it('serves XLSX as a download with one sheet per map', async () => {
    await expect.poll(async () => (await (await exportOf('csv')).text()).includes('Reports damage')).toBe(true);
    const response = await exportOf('xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Claims-Q3-review.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets[0]?.getCell('B2').text).toBe('Reports damage');
  });

  it('serves Mermaid journey syntax', async () => {
    const response = await exportOf('mermaid');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Claims-Q3-review.mmd"');
    expect(await response.text()).toBe('journey\n  title Test map\n  section Report\n    Reports damage: 3\n  section Assess\n');
  });

  it('keeps the existing formats and refuses an unknown one with a clear error', async () => {
    expect((await exportOf('md')).headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const refused = await exportOf('pptx');
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('format');
  });
});

describe('journey exports of hostile card texts over the API', () => {
  const hostileExport = async (format: string) => {
    await expect.poll(async () => (await (await exportOf('csv', hostileBoardId)).text()).includes('%% hidden')).toBe(true);
    const response = await exportOf(format, hostileBoardId);
    expect(response.status).toBe(200);
    // A browser opening the file must not guess HTML from its content.
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    return response;
  };

  it('serves a Markdown report without markup or script links, every text readable', async () => {
    const md = await (await hostileExport('md')).text();
    expect(markdownUnsafeMarkup(md)).toEqual([]);
    expect(markdownLinkTargets(md)).toEqual([]);
    for (const text of [HOSTILE_TITLE, ...HOSTILE_CARDS]) expect(readableMarkdown(md)).toContain(text);
  });

  it('serves a Mermaid diagram with every card its own task', async () => {
    const diagram = parseMermaidJourney(await (await hostileExport('mermaid')).text());
    expect(diagram.title).toBe(HOSTILE_TITLE);
    expect(diagram.sections.flatMap((section) => section.tasks.map((task) => task.name))).toEqual(HOSTILE_CARDS);
  });

  it('serves CSV and XLSX whose cells cannot run as formulas, and JSON as typed', async () => {
    const csv = csvRecords(await (await hostileExport('csv')).text());
    expect(csv.map((row) => row.text)).toEqual(HOSTILE_CARDS.map((text) => (text.startsWith('=') ? `'${text}` : text)));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await hostileExport('xlsx')).arrayBuffer());
    const row = workbook.worksheets[0]!.getRow(2);
    expect([2, 3, 4, 5].map((column) => row.getCell(column).type)).toEqual([2, 3, 4, 5].map(() => ExcelJS.ValueType.String));
    expect([2, 3, 4, 5].map((column) => row.getCell(column).text)).toEqual(HOSTILE_CARDS);
    const json = (await (await hostileExport('json')).json()) as JourneyData;
    expect(json.maps[0]!.cells.flatMap((cell) => cell.cards.map((card) => card.text))).toEqual(HOSTILE_CARDS);
  });
});
