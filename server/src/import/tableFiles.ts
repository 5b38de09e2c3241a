import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import type { LineProblem, Table, TableRow } from '../../../shared/src/index.ts';
import { XLSX_CONTENT_TYPE } from '../export/journeyFormats.ts';

export const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'] as const;
export const XLSX_TYPE = XLSX_CONTENT_TYPE;

export type TableResult = { ok: true; table: Table } | { ok: false; problems: LineProblem[] };

/** Excel in German locales writes `;` between fields; the header line tells which one a file uses. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ',';
}

/** A CSV file as rows with the line each starts on; a broken file reports where it broke. */
export function parseCsvTable(text: string): TableResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: guessDelimiter(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    return { ok: false, problems: [{ line, message: `not readable as CSV: ${(error as Error).message}` }] };
  }
  const rows: TableRow[] = [];
  let previousEnd = 0;
  for (const { record, info } of records) {
    rows.push({ line: previousEnd + 1, values: record });
    previousEnd = info.lines;
  }
  return toTable(rows);
}

function toTable(rows: TableRow[]): TableResult {
  const headerIndex = rows.findIndex((row) => row.values.some((v) => v.trim() !== ''));
  const header = rows[headerIndex];
  if (!header) return { ok: false, problems: [{ line: 1, message: 'the file is empty' }] };
  return { ok: true, table: { header, rows: rows.slice(headerIndex + 1) } };
}

/** The first worksheet of an XLSX workbook, as the text each cell shows; lines are row numbers. */
export async function parseXlsxTable(data: Buffer): Promise<TableResult> {
  // Loaded on first use: it takes a quarter of a second, which every server start would pay otherwise.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    return { ok: false, problems: [{ line: 1, message: `not readable as XLSX: ${(error as Error).message}` }] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, problems: [{ line: 1, message: 'the workbook has no worksheet' }] };
  const rows: TableRow[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let column = 1; column <= width; column++) values.push(row.getCell(column).text);
    rows.push({ line: rowNumber, values });
  });
  return toTable(rows);
}

/** Reads an uploaded body by its content type. */
export async function readTable(contentType: string | undefined, body: unknown): Promise<TableResult | undefined> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === XLSX_TYPE && Buffer.isBuffer(body)) return parseXlsxTable(body);
  if ((CSV_TYPES as readonly string[]).includes(type)) {
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : undefined;
    if (text !== undefined) return parseCsvTable(text);
  }
  return undefined;
}

/**
 * Lets routes registered in `scope` (an encapsulated plugin) take CSV and XLSX bodies as raw
 * bytes; text/plain already arrives as a string. Other routes are not affected.
 */
export function acceptTableBodies(scope: FastifyInstance, bodyLimit: number): void {
  scope.addContentTypeParser([...CSV_TYPES.filter((t) => t !== 'text/plain'), XLSX_TYPE], { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
}
