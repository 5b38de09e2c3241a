/**
 * Reading an uploaded table (CSV or XLSX) into rows with their lines, within the import limits.
 * Runs in a worker thread (parseWorker.ts), never on the server's event loop: whatever a file
 * costs to read is bounded by the worker's time and memory limits besides the checks here.
 * The checks make the common hostile files fail fast with a reason: work follows the cells
 * that exist (not the sheet's declared size), and an XLSX workbook's parts are checked against
 * the unpacked-size and packing-ratio limits before and while they are unpacked.
 */
import type { LineProblem, Table, TableRow } from '../../../shared/src/index.ts';
import { formatMiB, type ImportLimits, type LimitRefusal } from './importLimits.ts';
import { readZipDirectory, unpackPart, type ZipPart } from './zipParts.ts';

export type TableResult = { ok: true; table: Table } | { ok: false; problems: LineProblem[] };

/** What reading a file came to: its table, its problems, or a limit it ran into. */
export type ParseOutcome = { kind: 'read'; result: TableResult } | { kind: 'refused'; refusal: LimitRefusal };

export type TableLimits = Pick<ImportLimits, 'maxUncompressedBytes' | 'maxCompressionRatio' | 'maxCells'>;

/** Parts up to this size may pack as well as they like: the ratio limit is for what could hurt. */
export const RATIO_GRACE_BYTES = 1024 * 1024;
/** Real workbooks have a few dozen parts; each costs the reading library an object. */
const MAX_PARTS = 10_000;
/** Excel's last column, XFD. */
const MAX_COLUMNS = 16_384;

const tooManyCells = (maxCells: number): ParseOutcome => ({
  kind: 'refused',
  refusal: { status: 413, message: `the table has more than ${maxCells.toLocaleString('en')} cells (counting empty cells between filled ones of a row)` },
});

const unreadable = (format: 'CSV' | 'XLSX', reason: string, line = 1): ParseOutcome => ({
  kind: 'read',
  result: { ok: false, problems: [{ line, message: `not readable as ${format}: ${reason}` }] },
});

/** Excel in German locales writes `;` between fields; the header line tells which one a file uses. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ',';
}

class TooManyCells extends Error {}

/** A CSV file as rows with the line each starts on; a broken file reports where it broke. */
export async function parseCsvTable(text: string, limits: TableLimits): Promise<ParseOutcome> {
  const { parse } = await import('csv-parse/sync');
  let cells = 0;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: guessDelimiter(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      // Counting as records arrive stops a file of separators early. With `info`, each record
      // arrives as {record, info}, though csv-parse's types say string[].
      on_record: (entry: string[]) => {
        cells += (entry as unknown as { record: string[] }).record.length;
        if (cells > limits.maxCells) throw new TooManyCells();
        return entry;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof TooManyCells) return tooManyCells(limits.maxCells);
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    return unreadable('CSV', (error as Error).message, line);
  }
  const rows: TableRow[] = [];
  let previousEnd = 0;
  for (const { record, info } of records) {
    rows.push({ line: previousEnd + 1, values: record });
    previousEnd = info.lines;
  }
  return { kind: 'read', result: toTable(rows) };
}

function toTable(rows: TableRow[]): TableResult {
  const headerIndex = rows.findIndex((row) => row.values.some((v) => v.trim() !== ''));
  const header = rows[headerIndex];
  if (!header) return { ok: false, problems: [{ line: 1, message: 'the file is empty' }] };
  return { ok: true, table: { header, rows: rows.slice(headerIndex + 1) } };
}

/**
 * Cells the reading library visits for the ranges in a defined name: every cell of
 * `Sheet1!$A$1:$XFD$1048576`, every row of `Sheet1!$1:$1048576` (whole columns cost nothing).
 */
function rangeCells(reference: string): number {
  let total = 0;
  for (const match of reference.matchAll(/\$?([A-Z]{1,3})?\$?(\d+):\$?([A-Z]{1,3})?\$?(\d+)/gi)) {
    const [, fromColumn, fromRow = '', toColumn, toRow = ''] = match;
    const columns = fromColumn && toColumn ? Math.abs(columnNumber(toColumn) - columnNumber(fromColumn)) + 1 : 1;
    total += columns * (Math.abs(Number(toRow) - Number(fromRow)) + 1);
  }
  return total;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters.toUpperCase()) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}

/**
 * The workbook's declared sizes, then its actual sizes while unpacking, against the limits.
 * The reading library unpacks the archive again afterwards; it finds the parts checked here,
 * each of the size its directory declares (a part that unpacks to more is refused here).
 */
export function checkWorkbookParts(data: Buffer, limits: TableLimits): ParseOutcome | null {
  const directory = readZipDirectory(data, MAX_PARTS);
  if (!directory.ok) return unreadable('XLSX', directory.reason);
  const { maxUncompressedBytes, maxCompressionRatio } = limits;
  /** `declared`: what the archive's directory says, when that is what runs over the limit. */
  const tooLarge = (declared?: number): ParseOutcome => ({
    kind: 'refused',
    refusal: { status: 413, message: `the workbook unpacks to more than ${formatMiB(maxUncompressedBytes)}${declared ? ` (${formatMiB(declared)})` : ''}` },
  });
  const packedTooTightly = (part: ZipPart): ParseOutcome => ({
    kind: 'refused',
    refusal: { status: 413, message: `the workbook's part ${part.name} unpacks to more than ${maxCompressionRatio} times its packed size (a ZIP bomb?)` },
  });
  const ratioBound = (part: ZipPart): number => Math.max(RATIO_GRACE_BYTES, part.compressedSize * maxCompressionRatio);

  const declaredTotal = directory.parts.reduce((sum, part) => sum + part.declaredSize, 0);
  if (declaredTotal > maxUncompressedBytes) return tooLarge(declaredTotal);
  const declaredTooTight = directory.parts.find((part) => part.declaredSize > ratioBound(part));
  if (declaredTooTight) return packedTooTightly(declaredTooTight);

  let unpackedTotal = 0;
  for (const part of directory.parts) {
    const remaining = maxUncompressedBytes - unpackedTotal;
    const unpacked = unpackPart(data, part, Math.min(remaining, ratioBound(part)));
    if (!unpacked.ok) {
      if (!unpacked.overBound) return unreadable('XLSX', unpacked.reason);
      return remaining < ratioBound(part) ? tooLarge() : packedTooTightly(part);
    }
    if (unpacked.bytes.length !== part.declaredSize) {
      return unreadable('XLSX', `its part ${part.name} unpacks to ${unpacked.bytes.length} bytes, not the ${part.declaredSize} its directory declares`);
    }
    unpackedTotal += unpacked.bytes.length;
    if (part.name === 'xl/workbook.xml') {
      // The reading library expands every cell of a defined name's range (a print area of a whole sheet: 17 billion).
      const named = [...unpacked.bytes.toString('utf8').matchAll(/<definedName\b[^>]*>([^<]*)</g)].reduce((sum, m) => sum + rangeCells(m[1] ?? ''), 0);
      if (named > limits.maxCells) {
        return {
          kind: 'refused',
          refusal: { status: 422, message: `the workbook's defined names (print areas, named ranges) cover ${named.toLocaleString('en')} cells, more than ${limits.maxCells.toLocaleString('en')}` },
        };
      }
    }
  }
  return null;
}

/**
 * Worksheet elements the import does not use. The reading library expands merged ranges and
 * data validations cell by cell (a 3 KB file can name all 17 billion cells of a sheet), so
 * they are skipped while parsing; cell values and their text do not depend on any of them.
 */
const IGNORED_SHEET_ELEMENTS = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'autoFilter', 'mergeCells', 'rowBreaks', 'hyperlinks', 'pageMargins',
  'dataValidations', 'pageSetup', 'headerFooter', 'printOptions', 'picture', 'drawing', 'sheetProtection', 'tableParts', 'conditionalFormatting', 'extLst',
];

/** The first worksheet of an XLSX workbook, as the text each cell shows; lines are row numbers. */
export async function parseXlsxTable(data: Buffer, limits: TableLimits): Promise<ParseOutcome> {
  const refused = checkWorkbookParts(data, limits);
  if (refused) return refused;
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer, {
      ignoreNodes: IGNORED_SHEET_ELEMENTS,
      maxRows: limits.maxCells,
      maxCols: MAX_COLUMNS,
    } as Parameters<typeof workbook.xlsx.load>[1]);
  } catch (error) {
    const message = (error as Error).message;
    if (/^Max (row|column) count/.test(message)) return tooManyCells(limits.maxCells);
    return unreadable('XLSX', message);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { kind: 'read', result: { ok: false, problems: [{ line: 1, message: 'the workbook has no worksheet' }] } };
  const rows: TableRow[] = [];
  let cells = 0;
  let overLimit = false;
  // Only the cells that exist: a sheet's width is that of its widest row, and one stray cell in
  // column XFD must not make every row 16,384 cells wide.
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (overLimit) return;
    const filled: { column: number; text: string }[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      filled.push({ column, text: cell.text });
    });
    const width = filled.at(-1)?.column ?? 0;
    cells += width;
    if (cells > limits.maxCells) {
      overLimit = true;
      return;
    }
    const values = new Array<string>(width).fill('');
    for (const { column, text } of filled) values[column - 1] = text;
    rows.push({ line: rowNumber, values });
  });
  if (overLimit) return tooManyCells(limits.maxCells);
  return { kind: 'read', result: toTable(rows) };
}
