import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { extractJourney, JOURNEY_SCHEMA_VERSION } from '../../../shared/src/index.ts';
import { journeyToXlsx, XLSX_LANE_HEADER } from '../../../server/src/export/journeyXlsx.ts';
import { cellCentre, emotion, fixedMapProps, GRID_TOP, journeyMap, note } from '../journey/fixtures.ts';

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

const rowsOf = (sheet: ExcelJS.Worksheet): string[][] =>
  sheet.getSheetValues().filter(Boolean).map((row) => (row as ExcelJS.CellValue[]).slice(1).map((value) => (value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value))));

describe('XLSX export', () => {
  it('writes one sheet per map with stages as columns and lanes as rows', async () => {
    const props = fixedMapProps(['Awareness', 'Purchase'], ['steps', 'emotions']);
    const first = cellCentre(0, 0, 0, 0);
    const records = [
      journeyMap('m', 0, 0, props),
      journeyMap('n', 0, 2000, { ...props, title: 'Test map' }),
      note('a', first.x, first.y - 40, 'Sees an ad'),
      note('b', first.x, first.y + 40, '=HYPERLINK("x")'),
      emotion('e', first.x, GRID_TOP + 200 + 5, 'curious'),
    ];
    const workbook = await readBack(await journeyToXlsx(extractJourney(records)));

    // Two maps with the same title get distinct sheet names.
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Test map', 'Test map (2)']);
    const sheet = workbook.worksheets[0]!;
    expect(rowsOf(sheet)).toEqual([
      [XLSX_LANE_HEADER, 'Awareness', 'Purchase'],
      ['steps', 'Sees an ad\n=HYPERLINK("x")', ''],
      ['emotions', '+2 curious', ''],
    ]);
    // Card text stays text: no cell becomes a formula.
    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.String);
  });

  it('keeps sheet names within Excel rules', async () => {
    const props = { ...fixedMapProps(['S'], ['steps']), title: 'Onboarding: new customers / [B2B] and more words here' };
    const workbook = await readBack(await journeyToXlsx(extractJourney([journeyMap('m', 0, 0, props)])));
    const name = workbook.worksheets[0]!.name;
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).not.toMatch(/[:\\/?*[\]]/);
  });

  it('writes a note on a board without maps', async () => {
    const workbook = await readBack(await journeyToXlsx({ schemaVersion: JOURNEY_SCHEMA_VERSION, maps: [], personas: [], flows: [], unplaced: [], canvases: [] }));
    expect(rowsOf(workbook.worksheets[0]!)).toEqual([['No journey map on this board yet.']]);
  });

  it('adds an Actions sheet listing action items and decisions with owners and due dates', async () => {
    const props = fixedMapProps(['Awareness'], ['steps']);
    const at = cellCentre(0, 0, 0, 0);
    const card = note('a', at.x, at.y, 'Call back within a day');
    const decision = note('b', at.x, at.y + 40, 'No more fax');
    const records = [
      journeyMap('m', 0, 0, props),
      { ...card, meta: { action: { kind: 'action', owner: 'Service', due: '2027-03-01' } } },
      { ...decision, meta: { action: { kind: 'decision', done: true } } },
    ];
    const workbook = await readBack(await journeyToXlsx(extractJourney(records)));
    const sheet = workbook.getWorksheet('Actions')!;
    expect(rowsOf(sheet)).toEqual([
      ['Kind', 'Card', 'Owner', 'Due', 'Done'],
      ['action', 'Call back within a day', 'Service', '2027-03-01', ''],
      ['decision', 'No more fax', '', '', 'yes'],
    ]);
  });
});
