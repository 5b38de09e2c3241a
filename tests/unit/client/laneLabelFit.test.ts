import { describe, expect, it } from 'vitest';
import { LANE_LABEL_FONT_SIZE, laneLabelFontSize, laneLabelRoom } from '../../../client/src/journey/mapGeometry.ts';

describe('a lane label fits its cell', () => {
  it('keeps the full size when the longest word fits', () => {
    expect(laneLabelFontSize(120, 180)).toBe(LANE_LABEL_FONT_SIZE);
  });

  it('shrinks so the longest word fits, e.g. "Optimierungspotential" in a 200px header', () => {
    const room = laneLabelRoom(200, false);
    const size = laneLabelFontSize(217, room);
    expect(size).toBeLessThan(LANE_LABEL_FONT_SIZE);
    expect((217 * size) / LANE_LABEL_FONT_SIZE).toBeLessThanOrEqual(room);
  });

  it('leaves room for the emotion scale in the emotions lane', () => {
    expect(laneLabelRoom(200, true)).toBeLessThan(laneLabelRoom(200, false));
  });

  it('never shrinks below a readable size (the word then wraps inside the cell)', () => {
    expect(laneLabelFontSize(1000, 100)).toBe(11);
  });
});
