import { describe, expect, it } from 'vitest';
import {
  emotionAt,
  emotionToMermaidScore,
  extractJourney,
  journeyToMermaid,
  mermaidSections,
  type EmotionPoint,
  type JourneyMap,
} from '../../../shared/src/index.ts';
import { cellCentre, emotion, fixedMapProps, GRID_LEFT, GRID_TOP, journeyMap, note, persona } from './fixtures.ts';

const point = (x: number, score: number): EmotionPoint => ({ id: `e${x}`, stageId: 's1', laneId: 'l2', x, score, label: '' });

describe('emotion to Mermaid score', () => {
  it('maps frustration -2 .. delight +2 onto 1 .. 5', () => {
    expect([-2, -1, 0, 1, 2].map(emotionToMermaidScore)).toEqual([1, 2, 3, 4, 5]);
  });

  it('rounds fractions and keeps the score within 1 .. 5', () => {
    expect(emotionToMermaidScore(0.6)).toBe(4);
    expect(emotionToMermaidScore(-1.4)).toBe(2);
    expect(emotionToMermaidScore(7)).toBe(5);
    expect(emotionToMermaidScore(-9)).toBe(1);
  });
});

describe('emotion curve value at a step', () => {
  const curve = [point(300, 2), point(100, -2)];

  it('interpolates between the points around the step, in curve order', () => {
    expect(emotionAt(curve, 200)).toBe(0);
    expect(emotionAt(curve, 150)).toBe(-1);
  });

  it('holds the end values beyond the first and last point', () => {
    expect(emotionAt(curve, 0)).toBe(-2);
    expect(emotionAt(curve, 999)).toBe(2);
  });

  it('has no value without points', () => {
    expect(emotionAt([], 10)).toBeUndefined();
  });
});

describe('Mermaid journey diagram', () => {
  const props = fixedMapProps(['Awareness', 'Purchase: online'], ['steps', 'emotions']);
  const awareness = cellCentre(0, 0, 0, 0);
  const purchase = cellCentre(0, 0, 1, 0);
  const emotionLaneTop = GRID_TOP + 200;
  const records = [
    journeyMap('m', 0, 0, { ...props, personaId: 'shape:p' }),
    persona('p', 'Anna; 34'),
    note('see', awareness.x, awareness.y, 'Sees an ad'),
    note('buy', purchase.x, purchase.y, 'Pays #1: card'),
    // Delight above the first step, frustration above the second.
    emotion('up', awareness.x, emotionLaneTop + 5, 'curious'),
    emotion('down', purchase.x, emotionLaneTop + 195, 'annoyed'),
  ];
  const data = extractJourney(records);

  it('has one section per stage and the steps as tasks scored from the curve', () => {
    const map = data.maps[0]!;
    expect(mermaidSections(map)).toEqual([
      { name: 'Awareness', tasks: [{ name: 'Sees an ad', score: 5 }] },
      { name: 'Purchase: online', tasks: [{ name: 'Pays #1: card', score: 1 }] },
    ]);
  });

  it('writes valid journey syntax with the persona as actor, Mermaid\'s syntax characters as entity codes', () => {
    expect(journeyToMermaid(data)).toBe(
      [
        'journey',
        '  title Test map',
        '  section Awareness',
        '    Sees an ad: 5: Anna#59; 34',
        '  section Purchase#58; online',
        '    Pays #35;1#58; card: 1: Anna#59; 34',
        '',
      ].join('\n'),
    );
  });

  it('scores steps neutral when the map has no emotion curve', () => {
    const flat = extractJourney(records.filter((record) => record.type !== 'journey-emotion'));
    expect(mermaidSections(flat.maps[0]!)[0]!.tasks).toEqual([{ name: 'Sees an ad', score: 3 }]);
  });

  it('falls back to the touchpoints lane on a map without steps', () => {
    const map: JourneyMap = {
      id: 'm',
      title: 'T',
      locale: 'en',
      personaId: null,
      stages: [{ id: 's1', label: 'Use', index: 0 }],
      lanes: [{ id: 'l1', kind: 'touchpoints', label: 'Touchpoints', index: 0 }],
      cells: [{ stageId: 's1', laneId: 'l1', cards: [{ id: 'c', text: 'Hotline', color: 'blue', position: { x: GRID_LEFT, y: 0 }, touchpoint: null }] }],
      emotionCurve: [],
    };
    expect(mermaidSections(map)).toEqual([{ name: 'Use', tasks: [{ name: 'Hotline', score: 3 }] }]);
  });

  it('writes a Mermaid comment for a board without maps', () => {
    expect(journeyToMermaid({ schemaVersion: 1, maps: [], personas: [], flows: [], unplaced: [], canvases: [] })).toMatch(/^%%/);
  });
});
