import { describe, expect, it } from 'vitest';
import {
  createBoardSchema,
  extractJourney,
  JourneyDataSchema,
  journeyToMarkdown,
  WORKSHOP_KINDS,
  WorkshopCanvasPropsSchema,
  workshopTemplate,
  type JourneyData,
  type RegionRole,
  type WorkshopCanvas,
  type WorkshopKind,
} from '../../../shared/src/index.ts';
import { arrow, cellCentre, fixedMapProps, journeyMap, note, workshopCanvas } from './fixtures.ts';

function extract(records: unknown[]): JourneyData {
  return JourneyDataSchema.parse(extractJourney(records));
}

/** Texts of the notes per region role, leaving out empty regions. */
function textsByRole(canvas: WorkshopCanvas | undefined): Partial<Record<RegionRole, string[]>> {
  const result: Partial<Record<RegionRole, string[]>> = {};
  for (const region of canvas?.regions ?? []) if (region.cards.length > 0) result[region.role] = region.cards.map((c) => c.text);
  return result;
}

/** Centre of the region with the given role, in canvas coordinates, optionally nudged. */
function regionCentre(kind: WorkshopKind, role: RegionRole, dx = 0, dy = 0): { x: number; y: number } {
  const area = workshopTemplate(kind, 'en').regions.find((r) => r.role === role)?.area;
  if (!area) throw new Error(`${kind} has no ${role} region`);
  if (area.kind === 'rect') return { x: area.x + area.w / 2 + dx, y: area.y + area.h / 2 + dy };
  // Halfway through the ring, to the right of the centre.
  return { x: area.cx + (area.innerRadius + area.outerRadius) / 2 + dx, y: area.cy + dy };
}

/** A note in the given region of canvas `canvasId`, as a child of the canvas (as dropping it there makes it). */
function noteIn(id: string, canvasId: string, kind: WorkshopKind, role: RegionRole, text: string, dx = 0, dy = 0) {
  const c = regionCentre(kind, role, dx, dy);
  return note(id, c.x, c.y, text, { parentId: canvasId });
}

describe('workshop templates', () => {
  it('every template is valid, in English and German, for the record guard too', () => {
    const shapeType = createBoardSchema().types.shape;
    for (const kind of WORKSHOP_KINDS) {
      for (const locale of ['en', 'de'] as const) {
        const props = workshopTemplate(kind, locale);
        expect(WorkshopCanvasPropsSchema.parse(props)).toEqual(props);
        expect(() => shapeType.validate(workshopCanvas(`${kind}-${locale}`, 0, 0, props))).not.toThrow();
      }
    }
    expect(workshopTemplate('jobsToBeDone', 'de').regions.map((r) => r.label)).toContain('Bedürfnispunkte');
    expect(workshopTemplate('stakeholderMap', 'de').title).toBe('Stakeholder-Landkarte');
    expect(workshopTemplate('empathyMap', 'en').regions.map((r) => r.label)).toEqual(['Persona', 'Says', 'Thinks', 'Does', 'Feels', 'Pains', 'Gains']);
  });

  it('the record guard refuses a canvas with an unknown region role or an inverted ring', () => {
    const shapeType = createBoardSchema().types.shape;
    const props = workshopTemplate('stakeholderMap', 'en');
    const badRole = { ...props, regions: [{ ...props.regions[0], role: 'boss' }] };
    const badRing = { ...props, regions: [{ id: 'r', role: 'direct', label: 'x', area: { kind: 'ring', cx: 0, cy: 0, innerRadius: 50, outerRadius: 10 } }] };
    expect(() => shapeType.validate(workshopCanvas('a', 0, 0, badRole as never))).toThrow();
    expect(() => shapeType.validate(workshopCanvas('b', 0, 0, badRing as never))).toThrow();
  });
});

describe('extractJourney: empathy map', () => {
  it('puts each note into the region that holds its centre; the persona in the centre wins over the quadrants', () => {
    const e = 'empathyMap';
    const data = extract([
      workshopCanvas('em', 100, 50, workshopTemplate(e, 'en')),
      noteIn('p', 'em', e, 'persona', 'Petra, 34'),
      noteIn('s1', 'em', e, 'says', '"Where is my parcel?"', -200, -100),
      noteIn('s2', 'em', e, 'says', '"I will call again"', 0, 50),
      noteIn('t', 'em', e, 'thinks', 'They forgot me', 150),
      noteIn('d', 'em', e, 'does', 'Checks tracking daily', -150),
      noteIn('f', 'em', e, 'feels', 'Ignored', 200),
      noteIn('pa', 'em', e, 'pains', 'Hotline queue'),
      noteIn('g', 'em', e, 'gains', 'A proactive SMS'),
    ]);
    expect(data.canvases).toHaveLength(1);
    const canvas = data.canvases[0];
    expect(canvas).toMatchObject({ id: 'shape:em', kind: 'empathyMap', title: 'Empathy map', locale: 'en' });
    expect(textsByRole(canvas)).toEqual({
      persona: ['Petra, 34'],
      says: ['"Where is my parcel?"', '"I will call again"'],
      thinks: ['They forgot me'],
      does: ['Checks tracking daily'],
      feels: ['Ignored'],
      pains: ['Hotline queue'],
      gains: ['A proactive SMS'],
    });
    // Cards on a canvas are placed: they are not reported as unplaced, and no map is invented.
    expect(data.unplaced).toEqual([]);
    expect(data.maps).toEqual([]);
  });

  it('extracts German labels from a German template, and reports a note on the title bar as unplaced', () => {
    const data = extract([workshopCanvas('em', 0, 0, workshopTemplate('empathyMap', 'de')), noteIn('f', 'em', 'empathyMap', 'feels', 'Unsicher'), note('t', 300, 20, 'On the title', { parentId: 'em' })]);
    const feels = data.canvases[0]?.regions.find((r) => r.role === 'feels');
    expect(feels).toMatchObject({ label: 'Fühlt', cards: [expect.objectContaining({ text: 'Unsicher' })] });
    expect(data.unplaced.map((u) => u.text)).toEqual(['On the title']);
  });

  it('places a note lying over a moved canvas without being its child, and follows the canvas when it moves', () => {
    const c = regionCentre('empathyMap', 'gains');
    const over = note('g', 1000 + c.x, 2000 + c.y, 'Free returns');
    const canvas = workshopTemplate('empathyMap', 'en');
    expect(textsByRole(extract([workshopCanvas('em', 1000, 2000, canvas), over]).canvases[0])).toEqual({ gains: ['Free returns'] });
    // A child keeps its region when the canvas moves, a note on the page stays where it is.
    const child = noteIn('d', 'em', 'empathyMap', 'does', 'Reads reviews');
    expect(textsByRole(extract([workshopCanvas('em', 5000, 0, canvas), over, child]).canvases[0])).toEqual({ does: ['Reads reviews'] });
  });
});

describe('extractJourney: jobs to be done', () => {
  const j = 'jobsToBeDone';
  const mapProps = fixedMapProps(['Search', 'Buy'], ['steps', 'touchpoints']);
  const touchpoint = cellCentre(3000, 0, 1, 1);
  const step = cellCentre(3000, 0, 0, 0);

  it('extracts the job statement, the three kinds of jobs and the need points', () => {
    const data = extract([
      workshopCanvas('jtbd', 0, 0, workshopTemplate(j, 'en')),
      noteIn('w', 'jtbd', j, 'when', 'my bike breaks on the way to work'),
      noteIn('i', 'jtbd', j, 'wantTo', 'get it fixed the same day'),
      noteIn('s', 'jtbd', j, 'soThat', 'I am not late'),
      noteIn('fj', 'jtbd', j, 'functionalJobs', 'Book a repair slot'),
      noteIn('ej', 'jtbd', j, 'emotionalJobs', 'Feel in control'),
      noteIn('sj', 'jtbd', j, 'socialJobs', 'Look reliable to my team'),
      noteIn('n1', 'jtbd', j, 'needPoints', 'Which shop is open now?', -400),
      noteIn('n2', 'jtbd', j, 'needPoints', 'What will it cost?', 300),
    ]);
    expect(textsByRole(data.canvases[0])).toEqual({
      when: ['my bike breaks on the way to work'],
      wantTo: ['get it fixed the same day'],
      soThat: ['I am not late'],
      functionalJobs: ['Book a repair slot'],
      emotionalJobs: ['Feel in control'],
      socialJobs: ['Look reliable to my team'],
      needPoints: ['Which shop is open now?', 'What will it cost?'],
    });
  });

  it('reports arrows between need points and touchpoint cards as need links, whichever way they point', () => {
    const data = extract([
      workshopCanvas('jtbd', 0, 0, workshopTemplate(j, 'de')),
      journeyMap('m', 3000, 0, mapProps),
      noteIn('n1', 'jtbd', j, 'needPoints', 'Welcher Laden hat offen?'),
      noteIn('fj', 'jtbd', j, 'functionalJobs', 'Termin buchen'),
      note('tp', touchpoint.x, touchpoint.y, 'Online booking form'),
      note('st', step.x, step.y, 'Searches the web'),
      ...arrow('a1', 'n1', 'tp', 'answered by'),
      ...arrow('a2', 'tp', 'n1'),
      // Not need links: to a step card (no touchpoint), from a functional job.
      ...arrow('a3', 'n1', 'st'),
      ...arrow('a4', 'fj', 'tp'),
    ]);
    expect(data.canvases[0]?.links).toEqual([
      { id: 'shape:a1', kind: 'needTouchpoint', fromId: 'shape:n1', toId: 'shape:tp', label: 'answered by', mapId: 'shape:m' },
      { id: 'shape:a2', kind: 'needTouchpoint', fromId: 'shape:n1', toId: 'shape:tp', label: '', mapId: 'shape:m' },
    ]);
    // The generic flow graph still has every arrow between cards.
    expect(data.flows.map((f) => f.id)).toEqual(['shape:a1', 'shape:a2', 'shape:a3', 'shape:a4']);
  });
});

describe('extractJourney: persona canvas', () => {
  it('turns the canvas into a persona that a journey map links to', () => {
    const p = 'personaCanvas';
    const data = extract([
      workshopCanvas('pc', 0, 0, workshopTemplate(p, 'en')),
      journeyMap('m', 0, 2000, { ...fixedMapProps(['Use'], ['steps']), personaId: 'shape:pc' }),
      noteIn('name', 'pc', p, 'persona', 'Petra Paulsen'),
      noteIn('d1', 'pc', p, 'demographics', '34, Hamburg', 0, -100),
      noteIn('d2', 'pc', p, 'demographics', 'Net income 3,200 €', 0, 100),
      noteIn('jb', 'pc', p, 'job', 'Team lead, logistics'),
      noteIn('pp', 'pc', p, 'painPoints', 'No time for hotlines'),
      noteIn('go', 'pc', p, 'goals', 'Reliability'),
      noteIn('ib', 'pc', p, 'informationBehaviour', 'Forums, YouTube'),
    ]);
    expect(data.maps[0]?.personaId).toBe('shape:pc');
    expect(data.personas).toEqual([
      {
        id: 'shape:pc',
        name: 'Petra Paulsen',
        demographics: '34, Hamburg\nNet income 3,200 €',
        job: 'Team lead, logistics',
        pains: 'No time for hotlines',
        goals: 'Reliability',
        informationBehaviour: 'Forums, YouTube',
      },
    ]);
    expect(data.canvases[0]?.kind).toBe('personaCanvas');
  });

  it('names an empty persona canvas after its title', () => {
    const data = extract([workshopCanvas('pc', 0, 0, workshopTemplate('personaCanvas', 'de'))]);
    expect(data.personas).toEqual([expect.objectContaining({ id: 'shape:pc', name: 'Persona-Canvas', demographics: '' })]);
  });
});

describe('extractJourney: stakeholder map', () => {
  const k = 'stakeholderMap';
  it('assigns stakeholders to rings by distance from the customer and reports labelled provides edges', () => {
    const data = extract([
      workshopCanvas('sm', -500, -500, workshopTemplate(k, 'en')),
      noteIn('c', 'sm', k, 'customer', 'Cyclist', -(170 + 0) / 2),
      noteIn('shop', 'sm', k, 'direct', 'Bike shop'),
      noteIn('hot', 'sm', k, 'direct', 'Hotline', -580),
      noteIn('ins', 'sm', k, 'indirect', 'Insurer'),
      noteIn('mag', 'sm', k, 'external', 'Cycling magazine'),
      note('off', 5000, 5000, 'Somewhere else'),
      ...arrow('a1', 'shop', 'c', 'repairs'),
      ...arrow('a2', 'c', 'shop', 'pays'),
      ...arrow('a3', 'ins', 'shop', 'covers costs'),
      // Leaves the map: not a provides edge.
      ...arrow('a4', 'mag', 'off', 'ads'),
    ]);
    const canvas = data.canvases[0];
    expect(textsByRole(canvas)).toEqual({ customer: ['Cyclist'], direct: ['Hotline', 'Bike shop'], indirect: ['Insurer'], external: ['Cycling magazine'] });
    expect(canvas?.regions.map((r) => r.label)).toEqual(['Customer', 'Direct stakeholders', 'Indirect stakeholders', 'External stakeholders']);
    expect(canvas?.links.map(({ fromId, toId, label, kind }) => ({ fromId, toId, label, kind }))).toEqual([
      { fromId: 'shape:shop', toId: 'shape:c', label: 'repairs', kind: 'provides' },
      { fromId: 'shape:c', toId: 'shape:shop', label: 'pays', kind: 'provides' },
      { fromId: 'shape:ins', toId: 'shape:shop', label: 'covers costs', kind: 'provides' },
    ]);
    expect(data.unplaced.map((u) => u.text)).toEqual(['Somewhere else']);
  });

  it('follows the corner ring boundary: a note outside the outer ring is not a stakeholder', () => {
    const props = workshopTemplate(k, 'en');
    // Top-left corner of the canvas, below the title: outside every ring.
    const data = extract([workshopCanvas('sm', 0, 0, props), note('corner', 120, props.titleHeight + 120, 'Corner', { parentId: 'sm' })]);
    expect(textsByRole(data.canvases[0])).toEqual({});
    expect(data.unplaced.map((u) => u.text)).toEqual(['Corner']);
  });
});

describe('extractJourney: several canvases', () => {
  it('lists canvases in board order next to maps, each with its own regions', () => {
    const data = extract([
      workshopCanvas('a', 0, 0, workshopTemplate('empathyMap', 'en')),
      journeyMap('m', 0, 3000, fixedMapProps(['A'], ['steps'])),
      workshopCanvas('b', 3000, 0, workshopTemplate('stakeholderMap', 'de')),
      noteIn('x', 'b', 'stakeholderMap', 'indirect', 'Bank'),
    ]);
    expect(data.canvases.map((c) => [c.id, c.kind, c.locale])).toEqual([
      ['shape:a', 'empathyMap', 'en'],
      ['shape:b', 'stakeholderMap', 'de'],
    ]);
    expect(textsByRole(data.canvases[1])).toEqual({ indirect: ['Bank'] });
    expect(data.maps).toHaveLength(1);
  });
});

describe('Markdown report of workshop canvases', () => {
  it('lists each region with its notes, and links with the touchpoint they reach', () => {
    const j = 'jobsToBeDone';
    const tp = cellCentre(3000, 0, 0, 1);
    const data = extractJourney([
      workshopCanvas('jtbd', 0, 0, workshopTemplate(j, 'en')),
      journeyMap('m', 3000, 0, fixedMapProps(['Search'], ['steps', 'touchpoints'])),
      noteIn('w', 'jtbd', j, 'when', 'my bike\nbreaks'),
      noteIn('n', 'jtbd', j, 'needPoints', 'Which shop is open?'),
      note('tp', tp.x, tp.y, 'Shop finder'),
      ...arrow('a', 'n', 'tp', 'answers'),
    ]);
    const md = journeyToMarkdown(data, 'Bike');
    expect(md).toContain('## Jobs to be done\n\n**When …**\n\n- my bike / breaks\n\n**Need points**\n\n- Which shop is open?\n\nLinks:\n\n- Which shop is open? → Shop finder (answers)\n');
  });
});
