import { describe, expect, it } from 'vitest';
import { Group2d, Rectangle2d, Vec, type Geometry2d } from 'tldraw';
import { LazyGeometry2d } from '../../../client/src/board/LazyGeometry2d.ts';

const OPTIONS = { isFilled: true, isClosed: true, isLabel: true, excludeFromShapeBounds: true };

describe('LazyGeometry2d', () => {
  it('builds nothing until asked, then answers every question as the geometry it built', () => {
    let builds = 0;
    const real = new Rectangle2d({ x: 10, y: 20, width: 80, height: 40, ...OPTIONS });
    const lazy = new LazyGeometry2d(() => {
      builds += 1;
      return real;
    }, OPTIONS);
    const card = new Rectangle2d({ width: 200, height: 200, isFilled: true });
    const group = new Group2d({ children: [card, lazy] });

    // A shape's bounds leave its label out: asking for them builds nothing.
    expect(group.bounds.w).toBe(200);
    expect(group.hitTestPoint(new Vec(50, 40), 0, true)).toBe(true);
    expect(lazy.isBuilt).toBe(false);
    expect(builds).toBe(0);

    const inside = new Vec(30, 30);
    const outside = new Vec(150, 150);
    expect(lazy.hitTestPoint(inside, 0, true)).toBe(real.hitTestPoint(inside, 0, true));
    expect(lazy.hitTestPoint(outside, 0, true)).toBe(false);
    expect(lazy.distanceToPoint(outside)).toBeCloseTo(real.distanceToPoint(outside));
    expect(lazy.nearestPoint(outside)).toEqual(real.nearestPoint(outside));
    expect(lazy.bounds).toEqual(real.bounds);
    expect(lazy.vertices).toEqual(real.vertices);
    expect(lazy.hitTestLineSegment(new Vec(0, 0), new Vec(200, 200))).toBe(real.hitTestLineSegment(new Vec(0, 0), new Vec(200, 200)));
    expect(lazy.intersectLineSegment(new Vec(0, 40), new Vec(200, 40))).toEqual(real.intersectLineSegment(new Vec(0, 40), new Vec(200, 40)));
    expect(lazy.getSvgPathData(true)).toBe((real as Geometry2d).getSvgPathData(true));
    expect(lazy.area).toBe(real.area);
    expect(lazy.length).toBe(real.length);
    expect(lazy.getBoundsVertices()).toEqual([]);
    // Built once, however often asked.
    expect(builds).toBe(1);
    expect(lazy.isBuilt).toBe(true);
  });

  it('keeps the flags it was given, so filters leave a label out without building it', () => {
    const lazy = new LazyGeometry2d(() => {
      throw new Error('should not be built');
    }, OPTIONS);
    expect(lazy.isLabel).toBe(true);
    expect(lazy.isExcludedByFilter({ includeLabels: false, includeInternal: false })).toBe(true);
    const group = new Group2d({ children: [new Rectangle2d({ width: 10, height: 10, isFilled: true }), lazy] });
    expect(group.hitTestPoint(new Vec(5, 5), 0, true)).toBe(true);
    expect(group.getVertices({ includeLabels: false, includeInternal: false })).toHaveLength(4);
  });
});
