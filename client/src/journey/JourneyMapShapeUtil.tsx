import {
  BaseFrameLikeShapeUtil,
  Group2d,
  Rectangle2d,
  resizeBox,
  type Editor,
  type TLResizeInfo,
  type TLShape,
} from 'tldraw';
import {
  EMOTION_POINT_SHAPE,
  JOURNEY_MAP_SHAPE,
  journeyMapTemplate,
  resizeJourneyMap,
} from '../../../shared/src/index.ts';
import { JourneyMapView } from './JourneyMapView.tsx';
import { relayoutMapChildren } from './mapEditing.ts';
import { ContainerPart, letContainedShapesBeDragged } from './mapGeometry.ts';
import { journeyMapProps, type JourneyMapShape } from './shapeTypes.ts';

/** Shapes that can sit in a cell; arrows stay on the page so flows can cross maps. */
const CELL_CONTENT_TYPES = new Set<string>(['note', EMOTION_POINT_SHAPE, 'text', 'geo', 'image']);

/**
 * The journey map: a frame-like grid whose children are its cards, so cards move
 * with the map and keep their cells. It acts as one object: a click on its title, headers, lane
 * labels or an empty cell selects it, and a double-click there (or Enter) opens the structure
 * editor in place. Cards placed in it stay above it and are hit first.
 */
export class JourneyMapShapeUtil extends BaseFrameLikeShapeUtil<JourneyMapShape> {
  static override type = JOURNEY_MAP_SHAPE;
  static override props = journeyMapProps;

  constructor(editor: Editor) {
    super(editor);
    letContainedShapesBeDragged(editor, JOURNEY_MAP_SHAPE);
  }

  override getDefaultProps(): JourneyMapShape['props'] {
    return journeyMapTemplate({ locale: 'en', stagePreset: 'afcpl', laneSet: 'default' });
  }

  override canEdit(): boolean {
    return true;
  }

  /**
   * The outline, plus the title band and the grid as solid parts, so tldraw hits the map there
   * (and not the canvas, where a double-click would create a text box). Two parts, not one: with a
   * single label tldraw would open the editor on a plain click on an already selected map.
   */
  override getGeometry(shape: JourneyMapShape) {
    const { w, h, titleHeight } = shape.props;
    return new Group2d({
      children: [
        new Rectangle2d({ width: w, height: h, isFilled: false }),
        new ContainerPart(this.editor, shape.id, { x: 0, y: 0, width: w, height: titleHeight }),
        new ContainerPart(this.editor, shape.id, { x: 0, y: titleHeight, width: w, height: Math.max(0, h - titleHeight) }),
      ],
    });
  }

  override canReceiveNewChildrenOfType(shape: JourneyMapShape, type: TLShape['type']): boolean {
    return !shape.isLocked && CELL_CONTENT_TYPES.has(type);
  }

  override onResize(shape: JourneyMapShape, info: TLResizeInfo<JourneyMapShape>) {
    const resized = resizeBox(shape, info);
    const props = resizeJourneyMap(shape.props, resized.props.w, resized.props.h);
    return { x: resized.x, y: resized.y, props };
  }

  override onResizeEnd(initial: JourneyMapShape, current: JourneyMapShape) {
    relayoutMapChildren(this.editor, current.id, initial.props, current.props);
  }

  override component(shape: JourneyMapShape) {
    return <JourneyMapView shape={shape} />;
  }

  override getIndicatorPath(shape: JourneyMapShape) {
    const path = new Path2D();
    path.rect(0, 0, shape.props.w, shape.props.h);
    return path;
  }

  override getText(shape: JourneyMapShape): string {
    return [shape.props.title, ...shape.props.stages.map((s) => s.label), ...shape.props.lanes.map((l) => l.label)].join('\n');
  }
}
