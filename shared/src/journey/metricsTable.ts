/** Metric values from an uploaded table (CSV): one row per value, with the same fields as the JSON API. */
import { MetricValueInputSchema, type MetricValueInput } from './liveMetrics.ts';
import { cellsOf, isBlankRow, mapColumns, parseDecimal, type LineProblem, type Table } from './tableRows.ts';

const METRIC_COLUMNS = {
  cardId: ['cardid', 'card', 'karte'],
  map: ['map', 'journeymap'],
  stage: ['stage', 'phase'],
  step: ['step', 'schritt'],
  lane: ['lane', 'spur', 'ebene'],
  name: ['name', 'metric', 'kennzahl', 'kpi'],
  value: ['value', 'wert'],
  unit: ['unit', 'einheit'],
  target: ['target', 'ziel', 'zielwert'],
  direction: ['direction', 'richtung'],
  at: ['at', 'timestamp', 'time', 'zeitpunkt', 'zeit'],
} as const;

const DIRECTIONS: Record<string, MetricValueInput['direction']> = {
  higher: 'higherIsBetter',
  higherisbetter: 'higherIsBetter',
  höher: 'higherIsBetter',
  hoeher: 'higherIsBetter',
  lower: 'lowerIsBetter',
  lowerisbetter: 'lowerIsBetter',
  niedriger: 'lowerIsBetter',
};

export function metricValuesFromTable(table: Table): { values: MetricValueInput[]; lines: number[]; problems: LineProblem[] } {
  const { columns, problems } = mapColumns(table.header, METRIC_COLUMNS);
  const values: MetricValueInput[] = [];
  const lines: number[] = [];
  if (problems.length > 0) return { values, lines, problems };
  for (const row of table.rows) {
    if (isBlankRow(row)) continue;
    const cells = cellsOf(row, columns);
    const rowProblems: LineProblem[] = [];
    const number = (field: 'value' | 'target'): number | null | undefined => {
      const text = cells[field] ?? '';
      if (text === '') return undefined;
      const value = parseDecimal(text);
      if (value === null) rowProblems.push({ line: row.line, column: field, message: `${field} "${text}" is not a number` });
      return value;
    };
    const value = number('value');
    const target = number('target');
    const directionText = (cells.direction ?? '').toLocaleLowerCase().replace(/[\s_-]+/g, '');
    const direction = directionText === '' ? undefined : DIRECTIONS[directionText];
    if (directionText !== '' && !direction) {
      rowProblems.push({ line: row.line, column: 'direction', message: `direction "${cells.direction ?? ''}" is not higher or lower` });
    }
    const optional = (text: string | undefined) => (text === undefined || text === '' ? undefined : text);
    const candidate = {
      cardId: optional(cells.cardId),
      map: optional(cells.map),
      stage: optional(cells.stage),
      step: optional(cells.step),
      lane: optional(cells.lane),
      name: cells.name ?? '',
      value: value ?? undefined,
      unit: cells.unit ?? '',
      target: target ?? null,
      direction,
      at: optional(cells.at),
    };
    const parsed = MetricValueInputSchema.safeParse(candidate);
    if (!parsed.success && rowProblems.length === 0) {
      for (const issue of parsed.error.issues) {
        const column = issue.path.map(String).join('.');
        rowProblems.push({ line: row.line, ...(column ? { column } : {}), message: column ? `${column}: ${issue.message}` : issue.message });
      }
    }
    if (rowProblems.length > 0 || !parsed.success) {
      problems.push(...rowProblems);
      continue;
    }
    values.push(parsed.data);
    lines.push(row.line);
  }
  if (values.length === 0 && problems.length === 0) problems.push({ line: table.header.line, message: 'the file has no values' });
  return { values, lines, problems };
}
