import { Geometry2d, type Geometry2dFilters, type Geometry2dOptions, type VecLike } from 'tldraw';

/**
 * A geometry that is built the first time anything asks it a question, then answers as that
 * geometry does. For parts whose construction is costly and often never needed, such as a note's
 * label box, which takes a text measurement in the DOM but matters only for hit tests on the text.
 * Every question Geometry2d can be asked is passed on, so the real geometry's own answers hold.
 */
export class LazyGeometry2d extends Geometry2d {
  private built: Geometry2d | undefined;
  private readonly build: () => Geometry2d;

  constructor(build: () => Geometry2d, opts: Geometry2dOptions) {
    super(opts);
    this.build = build;
  }

  private get real(): Geometry2d {
    this.built ??= this.build();
    return this.built;
  }

  /** True once the geometry was needed (for tests and benchmarks). */
  get isBuilt(): boolean {
    return this.built !== undefined;
  }

  override getVertices(filters: Geometry2dFilters) {
    return this.real.getVertices(filters);
  }
  override nearestPoint(point: VecLike, filters?: Geometry2dFilters) {
    return this.real.nearestPoint(point, filters);
  }
  override hitTestPoint(point: VecLike, margin?: number, hitInside?: boolean, filters?: Geometry2dFilters) {
    return this.real.hitTestPoint(point, margin, hitInside, filters);
  }
  override distanceToPoint(point: VecLike, hitInside?: boolean, filters?: Geometry2dFilters) {
    return this.real.distanceToPoint(point, hitInside, filters);
  }
  override distanceToLineSegment(A: VecLike, B: VecLike, filters?: Geometry2dFilters) {
    return this.real.distanceToLineSegment(A, B, filters);
  }
  override hitTestLineSegment(A: VecLike, B: VecLike, distance?: number, filters?: Geometry2dFilters) {
    return this.real.hitTestLineSegment(A, B, distance, filters);
  }
  override intersectLineSegment(A: VecLike, B: VecLike, filters?: Geometry2dFilters) {
    return this.real.intersectLineSegment(A, B, filters);
  }
  override intersectCircle(center: VecLike, radius: number, filters?: Geometry2dFilters) {
    return this.real.intersectCircle(center, radius, filters);
  }
  override intersectPolygon(polygon: VecLike[], filters?: Geometry2dFilters) {
    return this.real.intersectPolygon(polygon, filters);
  }
  override intersectPolyline(polyline: VecLike[], filters?: Geometry2dFilters) {
    return this.real.intersectPolyline(polyline, filters);
  }
  override interpolateAlongEdge(t: number, filters?: Geometry2dFilters) {
    return this.real.interpolateAlongEdge(t, filters);
  }
  override uninterpolateAlongEdge(point: VecLike, filters?: Geometry2dFilters) {
    return this.real.uninterpolateAlongEdge(point, filters);
  }
  override isPointInBounds(point: VecLike, margin?: number) {
    return this.real.isPointInBounds(point, margin);
  }
  override overlapsPolygon(polygon: VecLike[]) {
    return this.real.overlapsPolygon(polygon);
  }
  override getBoundsVertices() {
    // Parts left out of the shape's bounds are never built for them.
    return this.excludeFromShapeBounds ? [] : this.real.getBoundsVertices();
  }
  override getBounds() {
    return this.real.getBounds();
  }
  override getArea() {
    return this.real.getArea();
  }
  override toSimpleSvgPath() {
    return this.real.toSimpleSvgPath();
  }
  override getLength(filters?: Geometry2dFilters) {
    return this.real.getLength(filters);
  }
  override ignoreHit(point: VecLike) {
    return this.real.ignoreHit(point);
  }
  override getSvgPathData(first: boolean) {
    return this.real.getSvgPathData(first);
  }
}
