import { describe, expect, it } from 'vitest';
import { extractJourney, journeyJsonSchema, journeyToCsv, journeyToMarkdown } from '../../../shared/src/index.ts';
import { arrow, cellCentre, emotion, fixedMapProps, GRID_LEFT, GRID_TOP, journeyMap, note } from './fixtures.ts';

const props = fixedMapProps(['Awareness', 'Purchase'], ['steps', 'touchpoints', 'emotions']);
const a = cellCentre(0, 0, 0, 0);
const tp = cellCentre(0, 0, 1, 1);
const records = [
  journeyMap('m', 0, 0, props),
  note('a', a.x, a.y, 'Sees "ad", clicks'),
  note('tp', tp.x, tp.y, '=HYPERLINK("x")', { touchpoint: { channel: 'phone', owner: 'Service', systems: ['CRM', 'ACD'] } }),
  emotion('e', GRID_LEFT + 150, GRID_TOP + 400 + 10, 'curious'),
  ...arrow('f', 'a', 'tp', 'calls'),
];

describe('journey reports', () => {
  it('writes one CSV row per card, quoting and defusing formulas', () => {
    const csv = journeyToCsv(extractJourney(records));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('map,stage,stage_index,lane,lane_kind,card_id,text,color,channel,mode,media_type,moment_of_truth,owner,systems,metrics,evidence,votes,comments,action,action_owner,action_due');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('Test map,Awareness,0,steps,steps,shape:a,"Sees ""ad"", clicks",yellow,,,,,,,,,,0,,,');
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[2]).toContain('phone,analog,,none,Service,CRM; ACD');
  });

  it('counts a card\'s comments and sums its votes over the revealed rounds', () => {
    const data = extractJourney(records);
    const card = data.maps[0]!.cells.flatMap((cell) => cell.cards).find((c) => c.id === 'shape:a')!;
    card.comments = { openThreads: 1, resolvedThreads: 1, comments: 4 };
    data.votes = [
      { round: 1, roundId: 'r1', cardId: 'shape:a', votes: 2 },
      { round: 2, roundId: 'r2', cardId: 'shape:a', votes: 1 },
    ];
    const row = journeyToCsv(data).split('\r\n')[1]!;
    expect(row.endsWith(',3,4,,,')).toBe(true);
  });

  it('lists action items and decisions in the CSV columns and the Markdown report', () => {
    const marked = records.map((record) =>
      record.id === 'shape:tp' ? { ...record, meta: { ...(record.meta as object), action: { kind: 'action', owner: 'Service lead', due: '2027-02-01' } } } : record,
    );
    const data = extractJourney(marked);
    expect(data.actions).toEqual([{ kind: 'action', owner: 'Service lead', due: '2027-02-01', done: false, cardId: 'shape:tp', text: '=HYPERLINK("x")' }]);
    const row = journeyToCsv(data).split('\r\n')[2]!;
    expect(row.endsWith(',action,Service lead,2027-02-01')).toBe(true);
    expect(journeyToMarkdown(data, 'Onboarding')).toContain('- Action: =HYPERLINK("x") (Service lead, due 2027-02-01)');
  });

  it('writes a readable Markdown report with the stage table, curve and flows', () => {
    const md = journeyToMarkdown(extractJourney(records), 'Onboarding');
    expect(md).toContain('# Onboarding');
    expect(md).toContain('| | Awareness | Purchase |');
    expect(md).toContain('| **steps** | Sees "ad", clicks |  |');
    expect(md).toContain('| **emotions** | +2 curious |  |');
    expect(md).toContain('- Sees "ad", clicks → =HYPERLINK("x") (calls)');
  });

  it('publishes a JSON Schema for the journey data', () => {
    const schema = journeyJsonSchema();
    expect(schema.$id).toBe('/api/schema/journey.json');
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties as object)).toEqual(['schemaVersion', 'maps', 'personas', 'flows', 'unplaced', 'canvases', 'actions', 'votes']);
  });
});
