import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import Ajv2020 from 'ajv/dist/2020.js';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { DocLayout, JourneyDataSchema, type JourneyData, type JourneyMap } from '../../shared/src/index.ts';
import { csvRecords } from '../support/csv.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitForSynced, type TestClient } from '../support/yClients.ts';
import { cellCentre, emotion, fixedMapProps, GRID_TOP, journeyMap, note, persona } from '../unit/journey/fixtures.ts';
import { expectHealthy, joinAs, openBoard, type Participant } from './participants.ts';

let server: RunningServer;
let writer: TestClient;
let boardId: string;

const SECOND_MAP_Y = 1600;
/** Both maps: stages x (steps, touchpoints, emotions). */
const LANES = ['steps', 'touchpoints', 'emotions'] as const;
const EMOTION_LANE_TOP = GRID_TOP + 400;

test.beforeAll(async () => {
  server = await startServer();
  boardId = await createBoard(server.url, 'Insurance claims');
  writer = connectClient(server.wsUrl, boardId);
  await waitForSynced(writer);
  const first = fixedMapProps(['Awareness', 'Purchase'], [...LANES]);
  const second = { ...fixedMapProps(['Report', 'Assess', 'Pay out'], [...LANES]), title: 'Claim journey' };
  const at = (stage: number, lane: number, mapY = 0) => cellCentre(0, mapY, stage, lane);
  const records = [
    journeyMap('first', 0, 0, { ...first, personaId: 'shape:anna' }),
    journeyMap('second', 0, SECOND_MAP_Y, second),
    persona('anna', 'Anna'),
    note('ad', at(0, 0).x, at(0, 0).y, 'Sees an ad'),
    note('compare', at(1, 0).x, at(1, 0).y, 'Compares prices, "twice"'),
    note('insta', at(0, 1).x, at(0, 1).y, 'Instagram ad', { touchpoint: { channel: 'social', owner: 'Marketing' } }),
    note('call', at(0, 0, SECOND_MAP_Y).x, at(0, 0, SECOND_MAP_Y).y, 'Calls the hotline'),
    note('wait', at(1, 0, SECOND_MAP_Y).x, at(1, 0, SECOND_MAP_Y).y, 'Waits for the assessor'),
    // Delight at the first step, frustration at the second (top and bottom of the emotions lane).
    emotion('happy', at(0, 0).x, EMOTION_LANE_TOP + 5, 'curious'),
    emotion('sad', at(1, 0).x, EMOTION_LANE_TOP + 195, 'confused'),
  ];
  const kv = new YKeyValue<unknown>(writer.doc.getArray(DocLayout.records));
  writer.doc.transact(() => {
    for (const record of records) kv.set(record.id as string, record);
  });
  await expect
    .poll(async () => (await journeyFromApi()).maps.flatMap((map) => map.cells.flatMap((cell) => cell.cards)).length)
    .toBe(5);
});

test.afterAll(async () => {
  writer.destroy();
  await server.stop();
});

async function journeyFromApi(): Promise<JourneyData> {
  return JourneyDataSchema.parse(await (await fetch(`${server.url}/api/boards/${boardId}/journey`)).json());
}

interface DownloadedFile {
  name: string;
  bytes: Buffer;
}

async function downloadFrom(page: Page, testId: string): Promise<DownloadedFile> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** Decodes an image the way the browser shows it; fails if it does not decode. */
async function decodeImage(page: Page, file: DownloadedFile, type: string): Promise<{ width: number; height: number }> {
  return page.evaluate(
    async ({ base64, mime }) => {
      const image = new Image();
      image.src = `data:${mime};base64,${base64}`;
      await image.decode();
      return { width: image.naturalWidth, height: image.naturalHeight };
    },
    { base64: file.bytes.toString('base64'), mime: type },
  );
}

async function openExportMenu(participant: Participant): Promise<Page> {
  const { page } = participant;
  await openBoard(participant, boardId, 'Exporter');
  await expect(page.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(5);
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-menu')).toBeVisible();
  return page;
}

/** (map, stage, lane, card id, text) of every card: what each export must carry. */
function cardsOf(data: JourneyData): string[][] {
  return data.maps.flatMap((map) =>
    map.cells.flatMap((cell) =>
      cell.cards.map((card) => [
        map.title,
        map.stages.find((s) => s.id === cell.stageId)?.label ?? '?',
        map.lanes.find((l) => l.id === cell.laneId)?.label ?? '?',
        card.id,
        card.text,
      ]),
    ),
  );
}

/** Cell texts of a map as a table, lanes as rows and stages as columns, built from the JSON. */
function gridOf(map: JourneyMap): string[][][] {
  return map.lanes.map((lane) =>
    map.stages.map((stage) =>
      lane.kind === 'emotions'
        ? map.emotionCurve.filter((p) => p.stageId === stage.id).map((p) => `${p.score > 0 ? '+' : ''}${p.score} ${p.label}`.trim())
        : (map.cells.find((c) => c.stageId === stage.id && c.laneId === lane.id)?.cards ?? []).map((card) => card.text),
    ),
  );
}

test('exports the canvas as PNG, SVG and an A3 PDF with one page per journey map', async ({ browser }) => {
  const participant = await joinAs(browser, server.url);
  const page = await openExportMenu(participant);

  const png = await downloadFrom(page, 'export-png');
  expect(png.name).toBe('Insurance-claims.png');
  const board = await decodeImage(page, png, 'image/png');
  expect(board.width).toBeGreaterThan(500);
  expect(board.height).toBeGreaterThan(board.width); // two maps above each other

  const svg = await downloadFrom(page, 'export-svg');
  const svgText = svg.bytes.toString('utf8');
  expect(svgText).toMatch(/^<svg/);
  for (const text of ['Sees an ad', 'Calls the hotline', 'Claim journey']) expect(svgText).toContain(text);
  expect((await decodeImage(page, svg, 'image/svg+xml')).width).toBeGreaterThan(0);

  // One template: the picture is the map's area and a 16 px margin.
  const mapSize = await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    const bounds = editor?.getShapePageBounds('shape:second' as never);
    if (!bounds) throw new Error('no map');
    return { w: bounds.w, h: bounds.h };
  });
  await page.getByTestId('export-scope').selectOption({ label: 'Template: Claim journey' });
  const template = await decodeImage(page, await downloadFrom(page, 'export-png'), 'image/png');
  expect(template.width / template.height).toBeCloseTo((mapSize.w + 32) / (mapSize.h + 32), 2);

  // The selection: only the persona card (300 x 400) with the export's padding.
  await page.evaluate(() => {
    window.__journeyboard?.editor.select('shape:anna' as never);
  });
  await page.getByTestId('export-scope').selectOption('selection');
  const selection = await decodeImage(page, await downloadFrom(page, 'export-png'), 'image/png');
  expect(selection.width / selection.height).toBeCloseTo((300 + 64) / (400 + 64), 1);

  const pdfFile = await downloadFrom(page, 'export-pdf');
  expect(pdfFile.name).toBe('Insurance-claims.pdf');
  const pdf = await PDFDocument.load(pdfFile.bytes);
  expect(pdf.getPageCount()).toBe(2);
  for (const pdfPage of pdf.getPages()) {
    const { width, height } = pdfPage.getSize();
    // A3 landscape: 420 x 297 mm in points.
    expect(width).toBeCloseTo(1190.55, 0);
    expect(height).toBeCloseTo(841.89, 0);
  }
  expect(pdf.getTitle()).toBe('Insurance claims');

  await expect(page.getByTestId('export-error')).toHaveCount(0);
  // The menu speaks German too.
  await page.getByTestId('language-de').click();
  await expect(page.getByTestId('export-png')).toHaveText('PNG-Bild');
  await expect(page.getByTestId('export-scope').locator('option').first()).toHaveText('Ganzes Board');
  expectHealthy(participant);
  await participant.context.close();
});

test('exports the journey data as JSON, CSV, XLSX, Mermaid and Markdown that agree', async ({ browser }) => {
  const participant = await joinAs(browser, server.url);
  const page = await openExportMenu(participant);

  // JSON: valid against the published JSON Schema.
  const jsonFile = await downloadFrom(page, 'export-json');
  expect(jsonFile.name).toBe('Insurance-claims.json');
  const data = JSON.parse(jsonFile.bytes.toString('utf8')) as JourneyData;
  const schema = (await (await fetch(`${server.url}/api/schema/journey.json`)).json()) as object;
  const validate = new Ajv2020({ strict: false }).compile(schema);
  expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  expect(data.maps.map((map) => map.title)).toEqual(['Test map', 'Claim journey']);
  const cards = cardsOf(data);
  expect(cards).toHaveLength(5);

  // CSV: one row per card, with stage, lane and text as in the JSON.
  const csv = csvRecords((await downloadFrom(page, 'export-csv')).bytes.toString('utf8'));
  expect(csv.map((row) => [row.map, row.stage, row.lane, row.card_id, row.text])).toEqual(cards);
  expect(csv.find((row) => row.card_id === 'shape:insta')).toMatchObject({ channel: 'social', owner: 'Marketing', comments: '0', votes: '' });

  // XLSX: a sheet per map, stages as columns, lanes as rows.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await downloadFrom(page, 'export-xlsx')).bytes as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(data.maps.map((map) => map.title));
  data.maps.forEach((map, index) => {
    const sheet = workbook.worksheets[index]!;
    // Every cell the export writes is plain text.
    const cell = (row: number, column: number) => sheet.getRow(row).getCell(column).text;
    expect(map.stages.map((_, s) => cell(1, s + 2))).toEqual(map.stages.map((stage) => stage.label));
    gridOf(map).forEach((texts, lane) => {
      expect(cell(lane + 2, 1)).toBe(map.lanes[lane]!.label);
      expect(texts.map((_, s) => cell(lane + 2, s + 2))).toEqual(texts.map((items) => items.join('\n')));
    });
  });

  // Mermaid: a journey diagram per map; sections are the stages, tasks the steps, scored from the curve.
  const mermaid = (await downloadFrom(page, 'export-mermaid')).bytes.toString('utf8');
  const diagrams = mermaid.split(/^(?=journey$)/m).map((diagram) => diagram.trim().split('\n').map((line) => line.trim()));
  expect(diagrams).toHaveLength(data.maps.length);
  data.maps.forEach((map, index) => {
    const lines = diagrams[index]!;
    expect(lines[1]).toBe(`title ${map.title}`);
    expect(lines.filter((line) => line.startsWith('section ')).map((line) => line.slice('section '.length))).toEqual(map.stages.map((s) => s.label));
    const steps = map.lanes.find((lane) => lane.kind === 'steps')!;
    const expectedTasks = map.cells.filter((c) => c.laneId === steps.id).flatMap((c) => c.cards.map((card) => card.text));
    expect(lines.filter((line) => /: [1-5]/.test(line)).map((line) => line.split(':')[0])).toEqual(expectedTasks);
  });
  expect(diagrams[0]).toContain('Sees an ad: 5: Anna');
  expect(diagrams[0]).toContain('Compares prices, "twice": 1: Anna');

  // Markdown: a table per map with the stages as header and each lane's cards.
  const markdown = (await downloadFrom(page, 'export-md')).bytes.toString('utf8');
  for (const map of data.maps) {
    const section = markdown.split(`## ${map.title}\n`)[1]!.split('\n## ')[0]!;
    const rows = section.split('\n').filter((line) => line.startsWith('| '));
    // No card text here holds a '|', so the plain split is the table's cells.
    const cellsOf = (row: string) => row.split('|').slice(1, -1).map((cell) => cell.trim());
    expect(cellsOf(rows[0]!).slice(1)).toEqual(map.stages.map((s) => s.label));
    gridOf(map).forEach((texts, lane) => {
      const row = cellsOf(rows[lane + 1]!);
      expect(row[0]).toBe(`**${map.lanes[lane]!.label}**`);
      expect(row.slice(1)).toEqual(texts.map((items) => items.join(map.lanes[lane]!.kind === 'emotions' ? ', ' : '<br>')));
    });
  }

  // The same files over the API, for scripts.
  const apiCsv = await fetch(`${server.url}/api/boards/${boardId}/journey?format=csv`);
  expect(csvRecords(await apiCsv.text())).toEqual(csv);
  const apiXlsx = await fetch(`${server.url}/api/boards/${boardId}/journey?format=xlsx`);
  expect(apiXlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

  expectHealthy(participant);
  await participant.context.close();
});

test('the API page is served by the app and lists the endpoints without other origins', async ({ browser }) => {
  const participant = await joinAs(browser, server.url);
  const { page } = participant;
  await page.goto(`${server.url}/api/docs/`);
  await expect(page.getByText('Journeyboard API')).toBeVisible();
  await expect(page.locator('.opblock-summary-path', { hasText: '/api/boards/{id}/journey' }).first()).toBeVisible();
  expectHealthy(participant);
  await participant.context.close();
});
