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

/** Excel refuses (and offers to "repair") a workbook with a longer text in one cell. */
export const XLSX_CELL_TEXT_MAX = 32_767;

/** The text, cut where Excel's cell limit demands it with a note saying how much is missing. */
export function xlsxCellText(text: string): string {
  if (text.length <= XLSX_CELL_TEXT_MAX) return text;
  const note = (missing: number) => `… [${missing} more characters in the JSON or CSV export]`;
  let kept = XLSX_CELL_TEXT_MAX - note(text.length).length;
  // A surrogate pair cut in half would leave an invalid character.
  if (/[\uD800-\uDBFF]/.test(text.charAt(kept - 1))) kept -= 1;
  return text.slice(0, kept) + note(text.length - kept);
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
    const header = sheet.addRow([XLSX_LANE_HEADER, ...stages.map((stage) => xlsxCellText(stage.label))]);
    header.font = { bold: true };
    for (const { lane, cells } of mapGrid(map)) {
      const values = cells.map((cell) =>
        xlsxCellText((lane.kind === 'emotions' ? cell.emotions.map(emotionText) : cell.cards.map((card) => card.text)).join('\n')),
      );
      const row = sheet.addRow([xlsxCellText(lane.label), ...values]);
      row.alignment = { vertical: 'top', wrapText: true };
      row.getCell(1).font = { bold: true };
    }
  }
  if (data.actions && data.actions.length > 0) {
    const sheet = workbook.addWorksheet(sheetName('Actions', taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [{ width: 12 }, { width: 48 }, { width: 24 }, { width: 14 }, { width: 8 }];
    sheet.addRow(['Kind', 'Card', 'Owner', 'Due', 'Done']).font = { bold: true };
    for (const item of data.actions) {
      const row = sheet.addRow([item.kind, xlsxCellText(item.text), xlsxCellText(item.owner), item.due ?? '', item.done ? 'yes' : '']);
      row.alignment = { vertical: 'top', wrapText: true };
    }
  }
  // Strings are written as text cells, never as formulas, so card text cannot run in a spreadsheet
  // (no quote prefix needed, unlike CSV, where the program guesses each cell's type).
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
