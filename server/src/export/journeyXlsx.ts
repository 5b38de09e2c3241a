/**
 * XLSX export of journey data: one sheet per map, the stages as columns and the lanes as
 * rows, each cell listing its cards one per line (the emotions row lists the curve's points).
 */
import { emotionText, mapGrid, type JourneyData } from '../../../shared/src/index.ts';

/** Excel's limits on sheet names: at most 31 characters, none of : \ / ? * [ ], unique ignoring case. */
const SHEET_NAME_MAX = 31;

function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim() || 'Journey';
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const candidate = `${base.slice(0, SHEET_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

/** Header of the first column, above the lane labels. */
export const XLSX_LANE_HEADER = 'Lane';

export async function journeyToXlsx(data: JourneyData): Promise<Buffer> {
  // Loaded on first use: a large library most servers never need between two exports.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Journeyboard';
  const taken = new Set<string>();
  if (data.maps.length === 0) {
    workbook.addWorksheet('Journey').addRow(['No journey map on this board yet.']);
  }
  for (const map of data.maps) {
    const sheet = workbook.addWorksheet(sheetName(map.title, taken), { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    const stages = [...map.stages].sort((a, b) => a.index - b.index);
    sheet.columns = [{ width: 24 }, ...stages.map(() => ({ width: 36 }))];
    const header = sheet.addRow([XLSX_LANE_HEADER, ...stages.map((stage) => stage.label)]);
    header.font = { bold: true };
    for (const { lane, cells } of mapGrid(map)) {
      const values = cells.map((cell) =>
        (lane.kind === 'emotions' ? cell.emotions.map(emotionText) : cell.cards.map((card) => card.text)).join('\n'),
      );
      const row = sheet.addRow([lane.label, ...values]);
      row.alignment = { vertical: 'top', wrapText: true };
      row.getCell(1).font = { bold: true };
    }
  }
  // Strings are written as text cells, never as formulas, so card text cannot run in a spreadsheet.
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
