import { describe, expect, it } from 'vitest';
import {
  mergeLatestMetrics,
  metricStatus,
  metricValuesFromTable,
  parseDecimal,
  resolveMetricTargets,
  type JourneyData,
  type LiveMetric,
} from '../../../shared/src/index.ts';

const metric = (value: number, at: string, extra: Partial<LiveMetric> = {}): LiveMetric => ({ name: 'NPS', value, unit: '', target: null, direction: 'higherIsBetter', at, ...extra });

const card = (id: string, text: string) => ({ id, text, color: 'yellow', position: { x: 0, y: 0 }, touchpoint: null });
const data: JourneyData = {
  schemaVersion: 1,
  personas: [],
  flows: [],
  unplaced: [],
  canvases: [],
  maps: ['Claims', 'Sales'].map((title, m) => ({
    id: `map${m}`,
    title,
    locale: 'en' as const,
    personaId: null,
    stages: [{ id: 's', label: 'Purchase', index: 0 }],
    lanes: [{ id: 'l', kind: 'steps' as const, label: 'Steps', index: 0 }],
    cells: [{ stageId: 's', laneId: 'l', cards: [card(`shape:pay${m}`, 'Pay'), card(`shape:only${m}`, m === 0 ? 'Only here' : 'Elsewhere')] }],
    emotionCurve: [],
  })),
};

describe('metric status', () => {
  it('compares with the target in the metric’s direction', () => {
    expect(metricStatus({ value: 10, target: 20, direction: 'lowerIsBetter' })).toBe('met');
    expect(metricStatus({ value: 30, target: 20, direction: 'lowerIsBetter' })).toBe('missed');
    expect(metricStatus({ value: 20, target: 20, direction: 'higherIsBetter' })).toBe('met');
    expect(metricStatus({ value: 5, target: null, direction: 'higherIsBetter' })).toBe('noTarget');
  });

  it('keeps the value measured last per metric, whatever order values arrive in', () => {
    const merged = mergeLatestMetrics([metric(50, '2026-11-02T00:00:00Z')], [metric(40, '2026-11-01T00:00:00Z'), metric(9, '2026-11-01T00:00:00Z', { name: 'CES' })]);
    expect(merged.map((m) => [m.name, m.value])).toEqual([
      ['CES', 9],
      ['NPS', 50],
    ]);
  });
});

describe('resolveMetricTargets', () => {
  it('finds cards by id, or by stage and step (case and spacing ignored), and names ambiguous or missing ones', () => {
    const at = '2026-11-23T00:00:00Z';
    const base = { name: 'NPS', value: 1, unit: '', target: null, direction: 'higherIsBetter' as const };
    const { resolved, problems } = resolveMetricTargets(
      data,
      [
        { ...base, cardId: 'shape:pay1' },
        { ...base, stage: ' purchase ', step: 'ONLY  here' },
        { ...base, stage: 'Purchase', step: 'Pay' },
        { ...base, stage: 'Purchase', step: 'Pay', map: 'sales' },
        { ...base, cardId: 'shape:gone' },
      ],
      at,
    );
    expect(resolved.map((r) => r.cardId)).toEqual(['shape:pay1', 'shape:only0', 'shape:pay1']);
    expect(resolved[0]?.metric.at).toBe(at);
    expect(problems).toEqual([
      { index: 2, message: '2 cards with stage "Purchase" and step "Pay"; add map or lane, or use cardId' },
      { index: 4, message: 'no card shape:gone on a journey map of this board' },
    ]);
  });
});

describe('metric values from a table', () => {
  it('reads decimal commas and direction words, and reports bad cells by line', () => {
    const { values, lines, problems } = metricValuesFromTable({
      header: { line: 1, values: ['Phase', 'Schritt', 'Kennzahl', 'Wert', 'Ziel', 'Richtung'] },
      rows: [
        { line: 2, values: ['Kauf', 'Bezahlen', 'Abbruchrate', '12,5 %', '10', 'niedriger'] },
        { line: 3, values: ['Kauf', 'Bezahlen', 'NPS', 'viel', '', 'sideways'] },
      ],
    });
    expect(values).toMatchObject([{ stage: 'Kauf', step: 'Bezahlen', name: 'Abbruchrate', value: 12.5, target: 10, direction: 'lowerIsBetter' }]);
    expect(lines).toEqual([2]);
    expect(problems).toEqual([
      { line: 3, column: 'value', message: 'value "viel" is not a number' },
      { line: 3, column: 'direction', message: 'direction "sideways" is not higher or lower' },
    ]);
    expect(parseDecimal('1e3')).toBe(1000);
    expect(parseDecimal('12.')).toBe(12);
    expect(parseDecimal('1,234.5')).toBeNull();
  });
});
