import { describe, expect, it } from 'vitest';
import {
  extractJourney,
  layoutImport,
  noteProps,
  planImport,
  type ImportPlan,
  type Table,
} from '../../../shared/src/index.ts';

function table(lines: string[][], startLine = 1): Table {
  const [header = [], ...rows] = lines;
  return { header: { line: startLine, values: header }, rows: rows.map((values, i) => ({ line: startLine + 1 + i, values })) };
}

function plan(lines: string[][]): ImportPlan {
  const result = planImport(table(lines));
  if (!result.plan) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

describe('planImport', () => {
  it('reads German headers and vocabulary, and infers lane kinds from lane labels', () => {
    const result = plan([
      ['Phase', 'Spur', 'Text', 'Kanal', 'Moment der Wahrheit', 'Verantwortlich', 'Systeme'],
      ['Kauf', 'Touchpoints', 'Rückruf-Formular', 'Telefon / Hotline', 'erster', 'Service', 'CRM; Telefonanlage'],
      ['', '', '', '', '', '', ''],
      ['Kauf', 'Schmerzpunkte', 'Warteschleife', '', '', '', ''],
      ['Nutzung', 'Eigene Spur', 'Notiz', '', '', '', ''],
    ]);
    expect(result.stages).toEqual(['Kauf', 'Nutzung']);
    expect(result.lanes).toEqual([
      { label: 'Touchpoints', kind: 'touchpoints' },
      { label: 'Schmerzpunkte', kind: 'painPoints' },
      { label: 'Eigene Spur', kind: 'custom' },
    ]);
    expect(result.blankLines).toBe(1);
    expect(result.cards[0]?.touchpoint).toMatchObject({ channel: 'phone', momentOfTruth: 'first', owner: 'Service', systems: ['CRM', 'Telefonanlage'] });
    expect(result.cards[1]?.touchpoint).toBeNull();
  });

  it('reports every bad row with its line and column, and returns no plan', () => {
    const result = planImport(
      table([
        ['stage', 'lane', 'lane_kind', 'text', 'evidence'],
        ['A', 'Steps', 'steps', 'ok', ''],
        ['A', 'Steps', 'touchpoints', 'conflicting kind', ''],
        ['A', 'Steps', '', '', 'rumour'],
      ]),
    );
    expect(result.plan).toBeNull();
    expect(result.problems).toEqual([
      { line: 3, column: 'laneKind', message: 'lane "Steps" is steps on line 2, not touchpoints' },
      { line: 4, column: 'text', message: 'text is empty' },
      { line: 4, column: 'evidence', message: 'evidence "rumour" is not known' },
    ]);
  });

  it('needs the stage, lane and text columns', () => {
    expect(planImport(table([['stage', 'text'], ['A', 'x']])).problems).toEqual([{ line: 1, message: 'the header has no "lane" column' }]);
  });
});

describe('layoutImport', () => {
  it('places every card so that extraction finds it in its stage and lane', () => {
    const rows = [['stage', 'lane', 'text']];
    for (let i = 0; i < 23; i++) rows.push([i % 2 ? 'Use' : 'Buy', i % 3 ? 'Steps' : 'Ideas', `card ${i}`]);
    const placed = layoutImport(plan(rows), { title: 'T', locale: 'en' });
    const map = { typeName: 'shape', id: 'shape:map', type: 'journey-map', x: 0, y: 0, rotation: 0, parentId: 'page:page', index: 'a1', props: placed.props, meta: {} };
    const notes = placed.cards.map((card, i) => ({
      typeName: 'shape',
      id: `shape:n${i}`,
      type: 'note',
      x: card.x,
      y: card.y,
      rotation: 0,
      parentId: 'shape:map',
      index: 'a1',
      props: noteProps(card.text, { scale: 0.5 }),
      meta: {},
    }));
    const data = extractJourney([map, ...notes]);
    const [extracted] = data.maps;
    const stage = new Map(extracted?.stages.map((s) => [s.id, s.label]));
    const lane = new Map(extracted?.lanes.map((l) => [l.id, l.label]));
    const where = new Map(extracted?.cells.flatMap((cell) => cell.cards.map((c) => [c.text, `${stage.get(cell.stageId) ?? ''}/${lane.get(cell.laneId) ?? ''}`])));
    expect(data.unplaced).toEqual([]);
    expect(where.size).toBe(23);
    for (const row of rows.slice(1)) expect(where.get(row[2] ?? '')).toBe(`${row[0] ?? ''}/${row[1] ?? ''}`);
  });
});
