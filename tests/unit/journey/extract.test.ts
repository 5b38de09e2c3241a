import { describe, expect, it } from 'vitest';
import {
  extractJourney,
  JourneyDataSchema,
  JourneyMapPropsSchema,
  journeyMapSize,
  journeyMapTemplate,
  LANE_SET_IDS,
  resizeJourneyMap,
  STAGE_PRESET_IDS,
  type JourneyData,
  type JourneyMap,
} from '../../../shared/src/index.ts';
import { arrow, cellCentre, emotion, fixedMapProps, journeyMap, note, persona, GRID_LEFT, GRID_TOP } from './fixtures.ts';

function extract(records: unknown[]): JourneyData {
  const data = extractJourney(records);
  // Every extraction must satisfy the published schema.
  return JourneyDataSchema.parse(data);
}

function cardsIn(map: JourneyMap | undefined, stageId: string, laneId: string): string[] {
  return map?.cells.find((c) => c.stageId === stageId && c.laneId === laneId)?.cards.map((c) => c.text) ?? [];
}

const props = fixedMapProps(['Awareness', 'Purchase', 'Use'], ['steps', 'touchpoints', 'emotions']);

describe('extractJourney', () => {
  it('puts cards into the cell that holds their centre, in reading order', () => {
    const a = cellCentre(0, 0, 0, 0);
    const b = cellCentre(0, 0, 1, 1);
    const data = extract([
      journeyMap('m', 0, 0, props),
      note('n1', a.x, a.y + 40, 'Sees an ad'),
      note('n2', a.x, a.y - 40, 'Hears from a friend'),
      note('n3', b.x, b.y, 'Checkout page'),
    ]);
    const map = data.maps[0];
    expect(data.maps).toHaveLength(1);
    expect(map?.stages.map((s) => s.label)).toEqual(['Awareness', 'Purchase', 'Use']);
    expect(map?.cells).toHaveLength(9);
    expect(cardsIn(map, 's1', 'l1')).toEqual(['Hears from a friend', 'Sees an ad']);
    expect(cardsIn(map, 's2', 'l2')).toEqual(['Checkout page']);
    expect(data.unplaced).toEqual([]);
  });

  it('decides cards on cell borders by their centre (borders belong to the right and lower cell)', () => {
    const onVerticalBorder = { x: GRID_LEFT + 300, y: GRID_TOP + 100 };
    const onHorizontalBorder = { x: GRID_LEFT + 150, y: GRID_TOP + 200 };
    const justLeft = { x: GRID_LEFT + 299.5, y: GRID_TOP + 100 };
    const data = extract([
      journeyMap('m', 0, 0, props),
      note('border-v', onVerticalBorder.x, onVerticalBorder.y, 'vertical'),
      note('border-h', onHorizontalBorder.x, onHorizontalBorder.y, 'horizontal'),
      note('left', justLeft.x, justLeft.y, 'left'),
    ]);
    const map = data.maps[0];
    expect(cardsIn(map, 's2', 'l1')).toEqual(['vertical']);
    expect(cardsIn(map, 's1', 'l2')).toEqual(['horizontal']);
    expect(cardsIn(map, 's1', 'l1')).toEqual(['left']);
  });

  it('keeps cards outside the grid as unplaced, noting when they lie on a map header', () => {
    const data = extract([journeyMap('m', 0, 0, props), note('far', 5000, 5000, 'Far away'), note('header', 100, 200, 'On the lane header')]);
    expect(data.unplaced).toEqual([
      { id: 'shape:far', shapeType: 'note', text: 'Far away', mapId: null },
      { id: 'shape:header', shapeType: 'note', text: 'On the lane header', mapId: 'shape:m' },
    ]);
    expect(data.maps[0]?.cells.every((c) => c.cards.length === 0)).toBe(true);
  });

  it('handles two maps on one board', () => {
    const second = fixedMapProps(['Before', 'After'], ['steps']);
    const inFirst = cellCentre(0, 0, 2, 0);
    const inSecond = cellCentre(0, 2000, 1, 0);
    const data = extract([
      journeyMap('m1', 0, 0, props),
      journeyMap('m2', 0, 2000, { ...second, title: 'Second' }),
      note('a', inFirst.x, inFirst.y, 'first map'),
      note('b', inSecond.x, inSecond.y, 'second map'),
    ]);
    expect(data.maps.map((m) => m.title)).toEqual(['Test map', 'Second']);
    expect(cardsIn(data.maps[0], 's3', 'l1')).toEqual(['first map']);
    expect(cardsIn(data.maps[1], 's2', 'l1')).toEqual(['second map']);
  });

  it('follows the map when it is moved: child cards move with it, page cards are re-read', () => {
    const local = { x: GRID_LEFT + 150, y: GRID_TOP + 100 };
    const moved = extract([
      journeyMap('m', 1000, 500, props),
      // Child of the map: coordinates are relative to the map, so it moved along.
      note('child', local.x, local.y, 'child card', { parentId: 'm' }),
      // Page card at the old absolute place of cell (0, 0): now outside the moved map.
      note('page', local.x, local.y, 'left behind'),
    ]);
    expect(cardsIn(moved.maps[0], 's1', 'l1')).toEqual(['child card']);
    expect(moved.unplaced.map((u) => u.text)).toEqual(['left behind']);
  });

  it('re-reads cells after the map is resized', () => {
    const card = cellCentre(0, 0, 0, 0);
    const cardAt = { x: card.x + 120, y: card.y };
    const before = extract([journeyMap('m', 0, 0, props), note('n', cardAt.x, cardAt.y, 'card')]);
    expect(cardsIn(before.maps[0], 's1', 'l1')).toEqual(['card']);
    const narrower = { ...props, stages: props.stages.map((s) => ({ ...s, width: 200 })) };
    const after = extract([journeyMap('m', 0, 0, narrower), note('n', cardAt.x, cardAt.y, 'card')]);
    expect(cardsIn(after.maps[0], 's2', 'l1')).toEqual(['card']);
  });

  it('follows reordered stages: cards stay with their stage id, order follows the map', () => {
    const reordered = { ...props, stages: [props.stages[2], props.stages[0], props.stages[1]].filter((s) => s !== undefined) };
    const firstColumn = cellCentre(0, 0, 0, 0);
    const data = extract([journeyMap('m', 0, 0, reordered), note('n', firstColumn.x, firstColumn.y, 'first column')]);
    expect(data.maps[0]?.stages.map((s) => `${s.index}:${s.label}`)).toEqual(['0:Use', '1:Awareness', '2:Purchase']);
    expect(cardsIn(data.maps[0], 's3', 'l1')).toEqual(['first column']);
  });

  it('scores emotion points by height in the emotions lane and draws the curve left to right', () => {
    const laneTop = GRID_TOP + 2 * 200;
    const data = extract([
      journeyMap('m', 0, 0, props),
      emotion('mid', GRID_LEFT + 450, laneTop + 100, 'ok'),
      emotion('top', GRID_LEFT + 150, laneTop + 1, 'wow'),
      emotion('bottom', GRID_LEFT + 750, laneTop + 199, 'argh'),
      emotion('upper', GRID_LEFT + 550, laneTop + 50),
      // Not in the emotions lane: not part of the curve.
      emotion('stray', GRID_LEFT + 150, GRID_TOP + 100),
    ]);
    const curve = data.maps[0]?.emotionCurve ?? [];
    expect(curve.map((p) => [p.label, p.score, p.stageId])).toEqual([
      ['wow', 2, 's1'],
      ['ok', 0, 's2'],
      ['', 1, 's2'],
      ['argh', -2, 's3'],
    ]);
    expect(data.unplaced.map((u) => u.id)).toEqual(['shape:stray']);
  });

  it('keeps flows as a graph, loops included', () => {
    const [a, b, c] = [cellCentre(0, 0, 0, 0), cellCentre(0, 0, 1, 0), cellCentre(0, 0, 2, 0)];
    const data = extract([
      journeyMap('m', 0, 0, props),
      note('a', a.x, a.y, 'Search'),
      note('b', b.x, b.y, 'Compare'),
      note('c', c.x, c.y, 'Buy'),
      note('off', 9000, 9000, 'Competitor'),
      ...arrow('ab', 'a', 'b'),
      ...arrow('bc', 'b', 'c', 'decides'),
      ...arrow('ba', 'b', 'a', 'back to search'),
      ...arrow('b-off', 'b', 'off', 'leaves'),
    ]);
    expect(data.flows.map((f) => [f.fromId, f.toId, f.label, f.mapId])).toEqual([
      ['shape:a', 'shape:b', '', 'shape:m'],
      ['shape:b', 'shape:off', 'leaves', null],
      ['shape:b', 'shape:a', 'back to search', 'shape:m'],
      ['shape:b', 'shape:c', 'decides', 'shape:m'],
    ]);
  });

  it('reads touchpoint attributes and derives analog or digital from the channel', () => {
    const tp = cellCentre(0, 0, 0, 1);
    const tp2 = cellCentre(0, 0, 1, 1);
    const data = extract([
      journeyMap('m', 0, 0, props),
      note('web', tp.x, tp.y, 'Callback form', {
        touchpoint: { channel: 'web', owner: 'Marketing', systems: ['CMS'], metrics: [{ name: 'Conversion', value: 3.2, unit: '%' }] },
      }),
      note('store', tp2.x, tp2.y, 'Branch visit', { touchpoint: { channel: 'store', modeOverride: 'digital', momentOfTruth: 'first' } }),
    ]);
    const cards = data.maps[0]?.cells.filter((c) => c.laneId === 'l2').flatMap((c) => c.cards) ?? [];
    expect(cards.map((c) => c.touchpoint)).toEqual([
      expect.objectContaining({ channel: 'web', mode: 'digital', modeOverridden: false, owner: 'Marketing', systems: ['CMS'] }),
      expect.objectContaining({ channel: 'store', mode: 'digital', modeOverridden: true, momentOfTruth: 'first' }),
    ]);
    expect(cards[0]?.touchpoint?.metrics).toEqual([{ name: 'Conversion', value: 3.2, unit: '%' }]);
  });

  it('ignores unknown shapes and invalid records, and links personas', () => {
    const data = extract([
      journeyMap('m', 0, 0, { ...props, personaId: 'shape:p' }),
      persona('p', 'Petra'),
      { typeName: 'shape', id: 'shape:geo', type: 'geo', x: 300, y: 200, rotation: 0, parentId: 'page:page', index: 'a1', props: { w: 10, h: 10 }, meta: {} },
      { typeName: 'shape', id: 'shape:weird', type: 'something-new', x: 0, y: 0, parentId: 'page:page', props: {} },
      { typeName: 'shape', id: 'shape:broken-map', type: 'journey-map', x: 0, y: 0, parentId: 'page:page', props: { stages: 'nope' } },
      { typeName: 'instance', id: 'instance:instance' },
      null,
      'garbage',
    ]);
    expect(data.maps).toHaveLength(1);
    expect(data.maps[0]?.personaId).toBe('shape:p');
    expect(data.personas).toEqual([expect.objectContaining({ id: 'shape:p', name: 'Petra' })]);
    expect(data.unplaced).toEqual([]);
  });

  it('keeps German labels from a German template', () => {
    const german = journeyMapTemplate({ locale: 'de', stagePreset: 'beforeDuringAfter', laneSet: 'minimal' });
    const data = extract([journeyMap('m', 0, 0, german)]);
    expect(data.maps[0]?.locale).toBe('de');
    expect(data.maps[0]?.stages.map((s) => s.label)).toEqual(['Vorher', 'Während', 'Nachher']);
    expect(data.maps[0]?.lanes.map((l) => l.label)).toEqual(['Schritte', 'Touchpoints', 'Emotionen', 'Schmerzpunkte']);
  });

  it('handles rotated maps', () => {
    const rotated = journeyMap('m', 0, 0, props, { rotation: Math.PI / 2 });
    // Rotated a quarter turn clockwise about its origin: local (x, y) lands at page (-y, x).
    const local = { x: GRID_LEFT + 150, y: GRID_TOP + 100 };
    const data = extract([rotated, note('n', -local.y, local.x, 'rotated')]);
    expect(cardsIn(data.maps[0], 's1', 'l1')).toEqual(['rotated']);
  });
});

describe('journey map templates', () => {
  it('builds every stage preset and lane set in both languages, with a consistent outer size', () => {
    for (const stagePreset of STAGE_PRESET_IDS) {
      for (const laneSet of LANE_SET_IDS) {
        for (const locale of ['en', 'de'] as const) {
          const props = journeyMapTemplate({ locale, stagePreset, laneSet });
          expect(JourneyMapPropsSchema.parse(props)).toEqual(props);
          expect({ w: props.w, h: props.h }).toEqual(journeyMapSize(props));
          expect(new Set(props.stages.map((s) => s.id)).size).toBe(props.stages.length);
        }
      }
    }
    expect(journeyMapTemplate({ locale: 'de', stagePreset: 'aida', laneSet: 'default' }).stages.map((s) => s.label)).toEqual([
      'Aufmerksamkeit',
      'Interesse',
      'Verlangen',
      'Handlung',
    ]);
  });

  it('resizes by scaling stages and lanes, keeping a minimum cell size', () => {
    const props = journeyMapTemplate({ locale: 'en', stagePreset: 'beforeDuringAfter', laneSet: 'minimal' });
    const resized = resizeJourneyMap(props, props.w * 2 - props.laneHeaderWidth, props.h);
    expect(resized.stages.map((s) => s.width)).toEqual(props.stages.map((s) => s.width * 2));
    expect(resized.w).toBe(journeyMapSize(resized).w);
    const tiny = resizeJourneyMap(props, 10, 10);
    expect(Math.min(...tiny.stages.map((s) => s.width))).toBeGreaterThanOrEqual(40);
  });
});
