/**
 * Every export format with hostile board texts: nothing a participant types may become markup,
 * a script, a link with a dangerous scheme, a formula, or drop a card out of the file.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { journeyToXlsx, XLSX_CELL_TEXT_MAX } from '../../../server/src/export/journeyXlsx.ts';
import { closeBidiControls } from '../../../shared/src/journey/inertText.ts';
import {
  JourneyDataSchema,
  journeyToCsv,
  journeyToMarkdown,
  journeyToMermaid,
  type JourneyCard,
  type JourneyData,
} from '../../../shared/src/index.ts';
import { csvRecords } from '../../support/csv.ts';
import { markdownLinkTargets, markdownUnsafeMarkup, parseMermaidJourney, readableMarkdown } from './inertExports.ts';

const RLO = '\u202E';

/** What participants could type on a card, a label or a title. */
const HOSTILE_TEXTS: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">open</a>',
  '[click](javascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vb](vbscript:msgbox(1))',
  '[spaced](  JaVaScRiPt:alert(1) "title")',
  '<javascript:alert(1)>',
  '[ref]: javascript:alert(1)',
  'see [ref] and [ref][]',
  '![pixel](https://tracker.example/p.gif)',
  '[entity](&#106;avascript:alert(1)) &lt;script&gt;',
  'escaped \\[x\\](javascript:alert(1)) and x\\](javascript:alert(2))',
  '`<b>code</b>` and ``double``',
  'cell | with\npipes\r\n| --- |\r---',
  '%% hidden comment',
  'a%%b',
  '%%{init: {"securityLevel": "loose"}}%%',
  'journey',
  'Title Evil',
  'section Evil: 5',
  'accTitle: hijacked',
  'accDescr { swallowed',
  'A["quoted"] --> B{x}; C(y)',
  'click A call alert(1)',
  'click A href "javascript:alert(1)"',
  '#lt;script#gt;alert(1)#lt;/script#gt;',
  'Pays #1: card; done',
  `${RLO}gnp.exe`,
  '=HYPERLINK("http://evil.example","x")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1)',
  '\t=1+1',
  '\r=1+1',
  'x'.repeat(40_000),
];

/** Links a report may keep. */
const SAFE_LINK_TEXTS = ['[docs](https://example.com/a?b=1&c=2)', '[mail](mailto:team@example.com)'];

const card = (id: string, text: string, x: number): JourneyCard => ({ id, text, color: 'yellow', position: { x, y: 0 }, touchpoint: null });

/** One map whose steps lane holds every hostile text as a card, every label and title hostile too. */
function hostileData(texts: readonly string[]): JourneyData {
  const cards = texts.map((text, i) => card(`shape:c${i}`, text, 300 + i));
  return JourneyDataSchema.parse({
    schemaVersion: 1,
    maps: [
      {
        id: 'shape:m',
        title: '<script>alert("title")</script>',
        locale: 'en',
        personaId: 'shape:p',
        stages: [
          { id: 's1', label: '<img src=x onerror=alert(1)>', index: 0 },
          { id: 's2', label: '%% stage', index: 1 },
        ],
        lanes: [
          { id: 'l1', kind: 'steps', label: '[lane](javascript:alert(1))', index: 0 },
          { id: 'l2', kind: 'emotions', label: 'Feelings', index: 1 },
        ],
        cells: [
          { stageId: 's1', laneId: 'l1', cards },
          { stageId: 's2', laneId: 'l1', cards: [card('shape:last', 'last card', 700)] },
        ],
        emotionCurve: [{ id: 'e', stageId: 's1', laneId: 'l2', x: 300, score: 1, label: '<svg onload=alert(1)>' }],
      },
    ],
    personas: [{ id: 'shape:p', name: 'Anna, <b>34</b>: #1; %%', demographics: '', job: '', pains: '', goals: '', informationBehaviour: '' }],
    flows: [{ id: 'shape:f', fromId: 'shape:c0', toId: 'shape:c1', label: '[flow](vbscript:x)', mapId: 'shape:m' }],
    unplaced: [{ id: 'shape:u', shapeType: 'note', text: '<iframe src="javascript:alert(1)">', mapId: null }],
    canvases: [
      {
        id: 'shape:w',
        kind: 'empathyMap',
        title: '# <script>canvas</script>\n[x]: javascript:alert(1)',
        locale: 'en',
        regions: [
          {
            id: 'r',
            role: 'says',
            label: '<b onmouseover=alert(1)>Says</b>',
            index: 0,
            cards: texts.map((text, i) => ({ id: `shape:w${i}`, text, color: 'blue', position: { x: i, y: 0 } })),
          },
        ],
        links: [{ id: 'shape:l', kind: 'provides', fromId: 'shape:w0', toId: 'shape:w1', label: '<javascript:alert(1)>', mapId: null }],
      },
    ],
  });
}

const data = hostileData(HOSTILE_TEXTS);
const BOARD_TITLE = '<script>alert("board")</script>';

describe('Markdown export with hostile texts', () => {
  const md = journeyToMarkdown(data, BOARD_TITLE);

  it('contains no HTML but its own line breaks, so no script, event handler or frame can run', () => {
    expect(md).not.toMatch(/<script/i);
    expect(md).not.toMatch(/<[^>]*\bon\w+\s*=/i);
    expect(markdownUnsafeMarkup(md)).toEqual([]);
  });

  it('links nowhere but http, https and mailto addresses', () => {
    expect(markdownLinkTargets(md).filter((target) => !/^(https?:|mailto:)/i.test(target))).toEqual([]);
  });

  it('keeps every hostile text readable, escaped rather than deleted', () => {
    const readable = readableMarkdown(md);
    for (const text of [...HOSTILE_TEXTS, BOARD_TITLE, '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<iframe src="javascript:alert(1)">']) {
      for (const line of text.split(/\r\n?|\n/)) expect(readable).toContain(line.trim());
    }
  });

  it('keeps the table one row per lane: a card cannot end its row or add a column', () => {
    const rows = md.split('\n').filter((line) => line.startsWith('| **'));
    expect(rows).toHaveLength(2);
    const unescapedPipes = (line: string) => line.match(/(?<!\\)(?:\\\\)*\|/g)?.length ?? 0;
    expect(rows.map(unescapedPipes)).toEqual([4, 4]);
  });

  it('keeps links to http, https and mailto addresses as links, and shows an image as a link', () => {
    const report = journeyToMarkdown(hostileData([...SAFE_LINK_TEXTS, '![pixel](https://tracker.example/p.gif)']), 'Links');
    expect(markdownLinkTargets(report)).toEqual(
      expect.arrayContaining(['https://example.com/a?b=1&c=2', 'mailto:team@example.com', 'https://tracker.example/p.gif']),
    );
    expect(report).toContain('\\![pixel](https://tracker.example/p.gif)');
    expect(report).not.toMatch(/(?<!\\)!\[pixel\]/);
  });

  it('closes a right-to-left override inside the card it is typed in', () => {
    expect(md).toContain(`${RLO}gnp.exe\u202C`);
  });
});

describe('Mermaid export with hostile texts', () => {
  const mermaid = journeyToMermaid(data);
  /** What Mermaid draws for a label: its text on one line. */
  const drawn = (text: string) => closeBidiControls(text.replace(/\s+/g, ' ').trim());

  it('parses as one journey diagram with every card its own task, in order', () => {
    const diagram = parseMermaidJourney(mermaid);
    expect(diagram.sections.map((section) => section.name)).toEqual([drawn('<img src=x onerror=alert(1)>'), '%% stage']);
    const tasks = diagram.sections.flatMap((section) => section.tasks.map((task) => task.name));
    expect(tasks).toEqual([...HOSTILE_TEXTS.map(drawn), 'last card']);
  });

  it('keeps the title, scores and the persona as the one actor of every task', () => {
    const diagram = parseMermaidJourney(mermaid);
    expect(diagram.title).toBe('<script>alert("title")</script>');
    const tasks = diagram.sections.flatMap((section) => section.tasks);
    expect(new Set(tasks.map((task) => task.score))).toEqual(new Set([4]));
    expect(new Set(tasks.map((task) => task.actors.join('|')))).toEqual(new Set(['Anna, <b>34</b>: #1; %%']));
  });

  it('carries no markup, comment or directive of a card in its text: one statement per line', () => {
    expect(mermaid).not.toMatch(/[<>%]/);
    const lines = mermaid.trimEnd().split('\n');
    expect(lines.filter((line) => !/^(journey| {2}title \S.*| {2}section \S.*| {4}\S.*: [1-5]: \S.*)$/.test(line))).toEqual([]);
    // Mermaid's lexer reads these words (in any case) as statements wherever a line starts with them.
    const taskLines = lines.filter((line) => line.startsWith('    '));
    expect(taskLines).toHaveLength(HOSTILE_TEXTS.length + 1);
    expect(taskLines.filter((line) => /^\s*(journey|title\s|section\s|acc(title|descr))/i.test(line))).toEqual([]);
  });
});

describe('CSV export with hostile texts', () => {
  const rows = csvRecords(journeyToCsv(data));
  const textOfCard = (text: string) => rows.find((row) => row.card_id === `shape:c${HOSTILE_TEXTS.indexOf(text)}`)?.text;

  it('has one row per card, each text in its own cell, readable', () => {
    expect(rows).toHaveLength(HOSTILE_TEXTS.length + 1);
    const asTyped = rows.slice(0, HOSTILE_TEXTS.length).map((row) => row.text?.replace(/^'(?=[=+\-@\t\r])/, ''));
    expect(asTyped).toEqual(HOSTILE_TEXTS.map(closeBidiControls));
  });

  it('starts no cell with a character that makes a spreadsheet run a formula', () => {
    const cells = rows.flatMap((row) => Object.values(row));
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(textOfCard(`=HYPERLINK("http://evil.example","x")`)).toBe(`'=HYPERLINK("http://evil.example","x")`);
  });

  it('closes a right-to-left override inside its cell', () => {
    expect(textOfCard(`${RLO}gnp.exe`)).toBe(`${RLO}gnp.exe\u202C`);
  });
});

describe('XLSX export with hostile texts', () => {
  it('writes every text as a text cell, never a formula, within Excel\'s cell limit', async () => {
    const buffer = await journeyToXlsx(data);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.filter((cell) => cell.type !== ExcelJS.ValueType.String)).toEqual([]);
    expect(cells.every((cell) => cell.text.length <= XLSX_CELL_TEXT_MAX)).toBe(true);
    const steps = sheet.getCell('B2').text;
    // XML turns a carriage return into a line feed.
    expect(steps.startsWith(HOSTILE_TEXTS.slice(0, -1).join('\n').replace(/\r\n?/g, '\n'))).toBe(true);
    expect(steps).toMatch(/… \[\d+ more characters in the JSON or CSV export\]$/);
    expect(sheet.getCell('C2').text).toBe('last card');
  });
});

describe('JSON export with hostile texts', () => {
  it('round-trips every text unchanged', () => {
    expect(JourneyDataSchema.parse(JSON.parse(JSON.stringify(data)))).toEqual(data);
  });
});
