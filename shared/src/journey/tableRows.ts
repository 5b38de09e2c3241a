/**
 * Rows of an uploaded table (CSV or XLSX) with the line each came from, so every problem
 * can name its line. Parsing the file is the server's job; this is what both formats become.
 */
export interface TableRow {
  /** 1-based line (CSV) or row number (XLSX) in the file. */
  line: number;
  values: string[];
}

export interface Table {
  header: TableRow;
  rows: TableRow[];
}

export interface LineProblem {
  line: number;
  /** The column the problem is in, when it is one cell's fault. */
  column?: string;
  message: string;
}

/** Header names compare without case, spaces, dashes, dots and underscores: "Moment of truth" = "moment_of_truth". */
export function headerKey(name: string): string {
  return name.toLocaleLowerCase().replace(/[\s_\-.]+/g, '');
}

/**
 * Maps each header cell to a field through `aliases` (field -> accepted header keys).
 * Unknown or repeated columns are problems: a column nobody reads would be dropped silently.
 */
export function mapColumns<F extends string>(
  header: TableRow,
  aliases: Readonly<Record<F, readonly string[]>>,
): { columns: Map<number, F>; problems: LineProblem[] } {
  const columns = new Map<number, F>();
  const problems: LineProblem[] = [];
  const seen = new Set<F>();
  const known = Object.values<readonly string[]>(aliases).map((keys) => keys[0]).join(', ');
  header.values.forEach((raw, index) => {
    const key = headerKey(raw);
    if (key === '') return;
    const field = (Object.keys(aliases) as F[]).find((f) => aliases[f].includes(key));
    if (!field) problems.push({ line: header.line, column: raw, message: `unknown column "${raw}" (known columns: ${known})` });
    else if (seen.has(field)) problems.push({ line: header.line, column: raw, message: `column "${raw}" appears twice` });
    else {
      seen.add(field);
      columns.set(index, field);
    }
  });
  return { columns, problems };
}

/** The row's cells by field, trimmed; missing cells are empty. */
export function cellsOf<F extends string>(row: TableRow, columns: ReadonlyMap<number, F>): Partial<Record<F, string>> {
  const cells: Partial<Record<F, string>> = {};
  for (const [index, field] of columns) cells[field] = (row.values[index] ?? '').trim();
  return cells;
}

export function isBlankRow(row: TableRow): boolean {
  return row.values.every((value) => value.trim() === '');
}

/** A number as spreadsheets write it: "12.5", "12,5" (German decimal comma), "12 %" (percent sign dropped). */
export function parseDecimal(text: string): number | null {
  const cleaned = text.replace(/\s|%/g, '');
  const normalised = /^-?\d+,\d+$/.test(cleaned) ? cleaned.replace(',', '.') : cleaned;
  if (normalised === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalised)) return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}
