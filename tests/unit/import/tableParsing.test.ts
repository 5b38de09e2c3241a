import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../server/src/http/errors.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../../server/src/import/importLimits.ts';
import { readTable, TableReader, XLSX_TYPE } from '../../../server/src/import/tableFiles.ts';
import { parseCsvTable, parseXlsxTable, type ParseOutcome } from '../../../server/src/import/tableParsing.ts';
import { deflatedPart, rebuiltWorkbook, spacesBomb, workbookOf } from '../../support/zipArchive.ts';

const limits = { maxUncompressedBytes: 64 * 1024 * 1024, maxCompressionRatio: 100, maxCells: 200_000 };
const GIB = 1024 * 1024 * 1024;
const HEADER = ['stage', 'lane', 'text'];
const cardRows = (n: number): string[][] => Array.from({ length: n }, (_, i) => [`Stage ${i % 5}`, 'Steps', `Card ${i + 1}`]);

function tableOf(outcome: ParseOutcome): { header: string[]; rows: string[][] } {
  if (outcome.kind !== 'read' || !outcome.result.ok) throw new Error(`not a table: ${JSON.stringify(outcome)}`);
  return { header: outcome.result.table.header.values, rows: outcome.result.table.rows.map((row) => row.values) };
}

/** The first sheet's XML with `extra` after its cell data (merged cells, validations). */
const withSheetExtra = (workbook: Buffer, extra: string): Buffer =>
  rebuiltWorkbook(workbook, (parts) => [deflatedPart('xl/worksheets/sheet1.xml', String(parts.get('xl/worksheets/sheet1.xml')).replace('</sheetData>', `</sheetData>${extra}`))]);

describe('reading an XLSX table within the import limits', () => {
  it('makes each row as wide as its own cells, not the widest row of the sheet (a stray cell in XFD1)', async () => {
    const outcome = await parseXlsxTable(await workbookOf([HEADER, ...cardRows(50)], { XFD1: 'stray' }), limits);
    const { header, rows } = tableOf(outcome);
    expect(header).toHaveLength(16_384);
    expect(header.at(-1)).toBe('stray');
    expect(rows).toHaveLength(50);
    for (const row of rows) expect(row).toHaveLength(3);
    expect(rows[49]).toEqual(['Stage 4', 'Steps', 'Card 50']);
  });

  it('refuses a sheet whose rows reach far right once the cells would pass the limit', async () => {
    const far = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`XFD${i + 2}`, 'x']));
    const outcome = await parseXlsxTable(await workbookOf([HEADER, ...cardRows(20)], far), limits);
    expect(outcome).toEqual({ kind: 'refused', refusal: { status: 413, message: 'the table has more than 200,000 cells (counting empty cells between filled ones of a row)' } });
  });

  it('reads values under a merged range or a validation that covers the whole sheet without visiting its cells', async () => {
    const workbook = await workbookOf([HEADER, ...cardRows(3)]);
    const hostile = withSheetExtra(
      workbook,
      '<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>' +
        '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A2:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>',
    );
    expect(tableOf(await parseXlsxTable(hostile, limits)).rows).toEqual(cardRows(3));
  });

  it('refuses a workbook whose defined names cover a whole sheet (the reading library visits every cell of a name)', async () => {
    const workbook = await workbookOf([HEADER, ...cardRows(3)]);
    const hostile = rebuiltWorkbook(workbook, (parts) => [
      deflatedPart(
        'xl/workbook.xml',
        String(parts.get('xl/workbook.xml')).replace(/<definedNames\/>|<\/sheets>/, '</sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Journey!$A$1:$XFD$1048576</definedName></definedNames>'),
      ),
    ]);
    const outcome = await parseXlsxTable(hostile, limits);
    expect(outcome).toMatchObject({ kind: 'refused', refusal: { status: 422 } });
    expect(outcome.kind === 'refused' && outcome.refusal.message).toContain('defined names');
  });

  it('refuses a part that declares a gigabyte before unpacking anything', async () => {
    const bomb = rebuiltWorkbook(await workbookOf([HEADER, ...cardRows(3)]), () => [spacesBomb('xl/sharedStrings.xml', GIB)]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    expect(await parseXlsxTable(bomb, limits)).toEqual({ kind: 'refused', refusal: { status: 413, message: 'the workbook unpacks to more than 64 MiB (1024 MiB)' } });
  });

  it('stops unpacking a part that declares a few bytes and holds a gigabyte', async () => {
    const lying = rebuiltWorkbook(await workbookOf([HEADER, ...cardRows(3)]), () => [{ ...spacesBomb('xl/sharedStrings.xml', GIB), declaredSize: 1000 }]);
    expect(await parseXlsxTable(lying, limits)).toEqual({ kind: 'refused', refusal: { status: 413, message: 'the workbook unpacks to more than 64 MiB' } });
    const lyingWithinSize = rebuiltWorkbook(await workbookOf([HEADER]), () => [{ ...spacesBomb('xl/sharedStrings.xml', 2 * 1024 * 1024), declaredSize: 1000 }]);
    const roomy = { ...limits, maxCompressionRatio: 10_000 };
    expect(await parseXlsxTable(lyingWithinSize, roomy)).toEqual({
      kind: 'read',
      result: { ok: false, problems: [{ line: 1, message: 'not readable as XLSX: its part xl/sharedStrings.xml unpacks to 2097152 bytes, not the 1000 its directory declares' }] },
    });
  });

  it('refuses a part packed far tighter than real workbooks are, though within the unpacked size', async () => {
    const tight = rebuiltWorkbook(await workbookOf([HEADER]), () => [spacesBomb('xl/sharedStrings.xml', 8 * 1024 * 1024)]);
    expect(await parseXlsxTable(tight, limits)).toEqual({
      kind: 'refused',
      refusal: { status: 413, message: "the workbook's part xl/sharedStrings.xml unpacks to more than 100 times its packed size (a ZIP bomb?)" },
    });
  });

  it('reports a file that is no workbook as a problem of its first line', async () => {
    expect(await parseXlsxTable(Buffer.from('stage,lane,text\n'), limits)).toEqual({
      kind: 'read',
      result: { ok: false, problems: [{ line: 1, message: 'not readable as XLSX: it is not a ZIP archive (XLSX workbooks are)' }] },
    });
  });
});

describe('reading a CSV table within the import limits', () => {
  it('refuses more cells than the limit', async () => {
    expect(await parseCsvTable(`${','.repeat(99)}\n`.repeat(30), { ...limits, maxCells: 2000 })).toMatchObject({ kind: 'refused', refusal: { status: 413 } });
    expect(tableOf(await parseCsvTable('stage;lane;text\nA;Steps;x\n', limits)).rows).toEqual([['A', 'Steps', 'x']]);
  });
});

describe('readTable (in a worker thread)', () => {
  it('answers a ZIP bomb with a 413 HttpError naming the reason', async () => {
    const bomb = rebuiltWorkbook(await workbookOf([HEADER]), () => [{ ...spacesBomb('xl/sharedStrings.xml', GIB), declaredSize: 1000 }]);
    const error = await readTable(XLSX_TYPE, bomb, new TableReader(DEFAULT_IMPORT_LIMITS)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    expect((error as HttpError).message).toMatch(/unpacks to more than 64 MiB/);
  });

  it('reads a workbook and a CSV file', async () => {
    const reader = new TableReader(DEFAULT_IMPORT_LIMITS);
    expect(await readTable(XLSX_TYPE, await workbookOf([HEADER, ...cardRows(2)]), reader)).toMatchObject({ ok: true, table: { rows: [{ line: 2 }, { line: 3 }] } });
    expect(await readTable('text/csv; charset=utf-8', Buffer.from('stage,lane,text\nA,Steps,x\n'), reader)).toMatchObject({ ok: true, table: { rows: [{ line: 2, values: ['A', 'Steps', 'x'] }] } });
  });

  it('answers 503 when more uploads wait than the workers can take, and reads the waiting ones in turn', async () => {
    const reader = new TableReader({ ...DEFAULT_IMPORT_LIMITS, concurrency: 1, timeoutMs: 100 }, new URL('./workers/spin.ts', import.meta.url));
    const reads = Array.from({ length: 6 }, () => reader.read('csv', 'a\n').catch((e: unknown) => e));
    // One runs, four wait; the sixth is turned away at once.
    expect(await reads[5]).toMatchObject({ statusCode: 503, code: 'service_unavailable' });
    for (const read of reads.slice(0, 5)) expect(await read).toMatchObject({ statusCode: 422, message: 'the file was not read: reading the file took longer than 100 ms' });
  });
});
