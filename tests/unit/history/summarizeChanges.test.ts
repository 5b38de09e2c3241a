import { describe, expect, it } from 'vitest';
import { countCards, summarizeChanges } from '../../../shared/src/history.ts';
import { arrow, cellCentre, emotion, fixedMapProps, journeyMap, note, type BoardRecord } from '../journey/fixtures.ts';

const props = fixedMapProps(['Aware', 'Buy', 'Use'], ['steps', 'touchpoints']);
const map = journeyMap('map', 0, 0, props);

function card(id: string, stage: number, lane: number, text: string, options: Parameters<typeof note>[4] = {}): BoardRecord {
  const c = cellCentre(0, 0, stage, lane);
  return note(id, c.x, c.y, text, options);
}

/** The same record with other values, as a later edit would leave it (same id, same index). */
function edited(record: BoardRecord, change: Partial<BoardRecord> & { props?: Record<string, unknown> }): BoardRecord {
  return { ...record, ...change, props: { ...(record.props as Record<string, unknown>), ...change.props } };
}

function withText(record: BoardRecord, text: string): BoardRecord {
  return edited(record, { props: { richText: (note('x', 0, 0, text).props as { richText: unknown }).richText } });
}

describe('summarizeChanges', () => {
  const ad = card('ad', 0, 0, 'Sees an ad');
  const compare = card('compare', 1, 0, 'Compares prices');
  const shop = card('shop', 1, 1, 'Web shop', { touchpoint: { channel: 'web' } });
  const before = [map, ad, compare, shop];

  it('reports nothing for identical records, in any order', () => {
    const summary = summarizeChanges(before, [...before].reverse());
    expect(summary.identical).toBe(true);
    expect(summary.cards).toEqual({ added: [], removed: [], edited: [], moved: [] });
    expect(summary.otherShapes).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  it('names cards moved to another stage or lane, with where they were and where they are', () => {
    const use = cellCentre(0, 0, 2, 0);
    const touch = cellCentre(0, 0, 0, 1);
    const after = [map, edited(ad, { x: touch.x - 100, y: touch.y - 100 }), edited(compare, { x: use.x - 100 }), shop];
    const summary = summarizeChanges(before, after);
    expect(summary.identical).toBe(false);
    expect(summary.cards.moved).toEqual([
      {
        id: 'shape:ad',
        text: 'Sees an ad',
        from: { mapId: 'shape:map', mapTitle: 'Test map', stageId: 's1', stageLabel: 'Aware', laneId: 'l1', laneLabel: 'steps' },
        to: { mapId: 'shape:map', mapTitle: 'Test map', stageId: 's1', stageLabel: 'Aware', laneId: 'l2', laneLabel: 'touchpoints' },
      },
      {
        id: 'shape:compare',
        text: 'Compares prices',
        from: expect.objectContaining({ stageLabel: 'Buy', laneLabel: 'steps' }) as unknown,
        to: expect.objectContaining({ stageLabel: 'Use', laneLabel: 'steps' }) as unknown,
      },
    ]);
    // Entering a touchpoints lane derives touchpoint data in the journey extraction; that is not an edit.
    expect(summary.cards.edited).toEqual([]);
  });

  it('does not call a card moved when it only shifted inside its cell, or when its stage was renamed', () => {
    const renamed = journeyMap('map', 0, 0, { ...props, stages: props.stages.map((s, i) => (i === 0 ? { ...s, label: 'Notice' } : s)) });
    renamed.index = map.index;
    const summary = summarizeChanges(before, [renamed, edited(ad, { x: (ad.x as number) + 20 }), compare, shop]);
    expect(summary.cards.moved).toEqual([]);
    expect(summary.stages.renamed).toEqual([{ id: 's1', from: 'Aware', to: 'Notice', mapTitle: 'Test map' }]);
    expect(summary.otherShapes.changed).toBe(1);
  });

  it('reports added, removed and edited cards with what changed', () => {
    const after = [
      map,
      withText(ad, 'Sees a TV ad'),
      edited(compare, { props: { color: 'red' } }),
      edited(shop, { meta: { touchpoint: { channel: 'phone' } } }),
      card('new', 2, 1, 'App'),
    ];
    const summary = summarizeChanges(before, after);
    expect(summary.cards.added).toEqual([
      { id: 'shape:new', text: 'App', placement: expect.objectContaining({ stageLabel: 'Use', laneLabel: 'touchpoints' }) as unknown },
    ]);
    expect(summary.cards.edited.map((e) => [e.id, e.before, e.after, e.changes])).toEqual([
      ['shape:ad', 'Sees an ad', 'Sees a TV ad', ['text']],
      ['shape:compare', 'Compares prices', 'Compares prices', ['color']],
      ['shape:shop', 'Web shop', 'Web shop', ['touchpoint']],
    ]);
    const removed = summarizeChanges(before, [map, ad, compare]);
    expect(removed.cards.removed).toEqual([{ id: 'shape:shop', text: 'Web shop', placement: expect.objectContaining({ stageLabel: 'Buy', laneLabel: 'touchpoints' }) as unknown }]);
  });

  it('lists a card that was edited and moved in both lists', () => {
    const use = cellCentre(0, 0, 2, 0);
    const after = [map, ad, edited(withText(compare, 'Compares offers'), { x: use.x - 100 }), shop];
    const summary = summarizeChanges(before, after);
    expect(summary.cards.edited.map((e) => e.after)).toEqual(['Compares offers']);
    expect(summary.cards.moved.map((m) => [m.text, m.from.stageLabel, m.to.stageLabel])).toEqual([['Compares offers', 'Buy', 'Use']]);
  });

  it('treats cards off every map as unplaced: moving onto or off the map is a move', () => {
    const loose = note('loose', 3000, 3000, 'Idea');
    const placed = card('loose', 2, 0, 'Idea');
    placed.index = loose.index;
    const onto = summarizeChanges([map, loose], [map, placed]);
    expect(onto.cards.moved).toEqual([
      {
        id: 'shape:loose',
        text: 'Idea',
        from: { mapId: null, mapTitle: null, stageId: null, stageLabel: null, laneId: null, laneLabel: null },
        to: expect.objectContaining({ stageLabel: 'Use', laneLabel: 'steps' }) as unknown,
      },
    ]);
    const off = summarizeChanges([map, placed], [map, loose]);
    expect(off.cards.moved.map((m) => [m.from.stageLabel, m.to.stageLabel])).toEqual([['Use', null]]);
    const removedMap = summarizeChanges([map, placed], [placed]);
    expect(removedMap.cards.moved.map((m) => [m.from.stageLabel, m.to.mapId])).toEqual([['Use', null]]);
    expect(removedMap.otherShapes.removed).toBe(1);
    expect(removedMap.stages.removed.map((s) => s.label)).toEqual(['Aware', 'Buy', 'Use']);
  });

  it('counts stages and lanes added or removed, and other shapes', () => {
    const wider = journeyMap('map', 0, 0, {
      ...props,
      stages: [...props.stages, { id: 's4', label: 'Recommend', width: 300 }],
      lanes: props.lanes.slice(0, 1),
    });
    wider.index = map.index;
    const after = [wider, ad, compare, card('shop', 1, 0, 'Web shop'), emotion('e', 500, 500), ...arrow('flow', 'ad', 'compare')];
    const summary = summarizeChanges(before, after);
    expect(summary.stages.added).toEqual([{ id: 's4', label: 'Recommend', mapTitle: 'Test map' }]);
    expect(summary.lanes.removed).toEqual([{ id: 'l2', label: 'touchpoints', mapTitle: 'Test map' }]);
    // The map changed; an emotion point and an arrow (plus its two bindings, not shapes) were added.
    expect(summary.otherShapes).toEqual({ added: 2, removed: 0, changed: 1 });
  });

  it("ignores participants' user records: they are not board content", () => {
    const user = (id: string, name: string) => ({ typeName: 'user', id: `user:${id}`, name, color: '#F2555A', imageUrl: '', meta: {} });
    expect(summarizeChanges([...before, user('ada', 'Ada')], [...before, user('ada', 'Ada B.'), user('bob', 'Bob')]).identical).toBe(true);
  });

  it('counts cards', () => {
    expect(countCards(before)).toBe(3);
    expect(countCards([map, emotion('e', 0, 0), null, 'junk'])).toBe(0);
  });
});
