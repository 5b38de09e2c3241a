import { describe, expect, it } from 'vitest';
import {
  addLane,
  addStage,
  emotionLevelY,
  emotionScore,
  extractJourney,
  journeyMapSize,
  moveLane,
  moveStage,
  relayoutChildren,
  removeLane,
  removeStage,
  renameLane,
  renameStage,
  resizeLane,
  resizeStage,
  type JourneyMapProps,
} from '../../../shared/src/index.ts';
import { fixedMapProps, GRID_LEFT, GRID_TOP, journeyMap, note } from './fixtures.ts';

const props = fixedMapProps(['A', 'B', 'C'], ['steps', 'touchpoints', 'emotions']);

/** Applies a structural edit the way the client does, then extracts: cards must keep their cells. */
function cellsAfter(edit: (p: JourneyMapProps) => JourneyMapProps): Record<string, string[]> {
  const cards = [
    { id: 'shape:a', cx: GRID_LEFT + 150, cy: GRID_TOP + 100, text: 'in A/steps' },
    { id: 'shape:b', cx: GRID_LEFT + 450, cy: GRID_TOP + 300, text: 'in B/touchpoints' },
    { id: 'shape:c', cx: GRID_LEFT + 800, cy: GRID_TOP + 150, text: 'in C/steps' },
  ];
  const after = edit(props);
  const moves = relayoutChildren(
    props,
    after,
    cards.map((c) => ({ id: c.id, x: c.cx - 100, y: c.cy - 100, w: 200, h: 200 })),
  );
  const records = [
    journeyMap('m', 0, 0, after),
    ...cards.map((c) => {
      const moved = moves.find((m) => m.id === c.id);
      return note(c.id.slice(6), moved ? moved.x + 100 : c.cx, moved ? moved.y + 100 : c.cy, c.text, { parentId: 'm' });
    }),
  ];
  const data = extractJourney(records);
  const result: Record<string, string[]> = {};
  const map = data.maps[0];
  for (const cell of map?.cells ?? []) {
    if (cell.cards.length === 0) continue;
    const stage = map?.stages.find((s) => s.id === cell.stageId)?.label ?? '?';
    const lane = map?.lanes.find((l) => l.id === cell.laneId)?.kind ?? '?';
    result[`${stage}/${lane}`] = cell.cards.map((c) => c.text);
  }
  if (data.unplaced.length) result.unplaced = data.unplaced.map((u) => u.text);
  return result;
}

const unchanged = { 'A/steps': ['in A/steps'], 'B/touchpoints': ['in B/touchpoints'], 'C/steps': ['in C/steps'] };

describe('journey map structure edits', () => {
  it('renames stages and lanes', () => {
    expect(renameStage(props, 's2', 'Kauf').stages.map((s) => s.label)).toEqual(['A', 'Kauf', 'C']);
    expect(renameLane(props, 'l1', 'Schritte').lanes[0]?.label).toBe('Schritte');
  });

  it('keeps cards in their cells when stages are added, reordered or resized', () => {
    expect(cellsAfter((p) => addStage(p, 'New', 0))).toEqual(unchanged);
    expect(cellsAfter((p) => moveStage(p, 's3', 0))).toEqual(unchanged);
    expect(cellsAfter((p) => resizeStage(p, 's1', 600))).toEqual(unchanged);
    expect(cellsAfter((p) => resizeStage(p, 's2', 10))).toEqual(unchanged);
  });

  it('keeps cards in their cells when lanes are added, reordered or resized', () => {
    expect(cellsAfter((p) => addLane(p, 'painPoints', 'de', 0))).toEqual(unchanged);
    expect(cellsAfter((p) => moveLane(p, 'l1', 2))).toEqual(unchanged);
    expect(cellsAfter((p) => resizeLane(p, 'l2', 500))).toEqual(unchanged);
  });

  it('parks the cards of a removed stage or lane beside the map as unplaced, never in another cell', () => {
    expect(cellsAfter((p) => removeStage(p, 's1'))).toEqual({
      'B/touchpoints': ['in B/touchpoints'],
      'C/steps': ['in C/steps'],
      unplaced: ['in A/steps'],
    });
    expect(cellsAfter((p) => removeLane(p, 'l1'))).toEqual({ 'B/touchpoints': ['in B/touchpoints'], unplaced: ['in A/steps', 'in C/steps'] });
  });

  it('keeps the outer size in step and never removes the last stage or lane', () => {
    const added = addStage(props, 'D');
    expect({ w: added.w, h: added.h }).toEqual(journeyMapSize(added));
    const single = fixedMapProps(['Only'], ['steps']);
    expect(removeStage(single, 's1')).toBe(single);
    expect(removeLane(single, 'l1')).toBe(single);
  });

  it('places emotion levels so that the score read back is the one snapped to', () => {
    for (const score of [-2, -1, 0, 1, 2]) {
      expect(emotionScore(emotionLevelY(0, 300, score), 300)).toBe(score);
    }
  });
});
