/** Just enough 2D geometry to find where a shape sits relative to another. */
export interface Point {
  x: number;
  y: number;
}

/** Affine transform: a point p maps to (a*x + c*y + e, b*x + d*y + f). */
export interface Transform {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export const IDENTITY: Transform = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 };

/** tldraw places a shape at (x, y) in its parent's space and rotates it about that point. */
export function shapeTransform(x: number, y: number, rotation: number): Transform {
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  return { a: cos, b: sin, c: -sin, d: cos, e: x, f: y };
}

export function compose(outer: Transform, inner: Transform): Transform {
  return {
    a: outer.a * inner.a + outer.c * inner.b,
    b: outer.b * inner.a + outer.d * inner.b,
    c: outer.a * inner.c + outer.c * inner.d,
    d: outer.b * inner.c + outer.d * inner.d,
    e: outer.a * inner.e + outer.c * inner.f + outer.e,
    f: outer.b * inner.e + outer.d * inner.f + outer.f,
  };
}

export function apply(t: Transform, p: Point): Point {
  return { x: t.a * p.x + t.c * p.y + t.e, y: t.b * p.x + t.d * p.y + t.f };
}

export function invert(t: Transform): Transform {
  const det = t.a * t.d - t.b * t.c;
  if (det === 0) return IDENTITY;
  return {
    a: t.d / det,
    b: -t.b / det,
    c: -t.c / det,
    d: t.a / det,
    e: (t.c * t.f - t.d * t.e) / det,
    f: (t.b * t.e - t.a * t.f) / det,
  };
}
