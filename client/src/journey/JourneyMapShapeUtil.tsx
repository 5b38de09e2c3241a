import {
  BaseFrameLikeShapeUtil,
  resizeBox,
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
import { journeyMapProps, type JourneyMapShape } from './shapeTypes.ts';

/** Shapes that can sit in a cell; arrows stay on the page so flows can cross maps. */
const CELL_CONTENT_TYPES = new Set<string>(['note', EMOTION_POINT_SHAPE, 'text', 'geo', 'image']);

/**
 * The journey map: a frame-like grid whose children are its cards, so cards move
 * with the map and keep their cells. Structure is edited in place (double-click).
 */
export class JourneyMapShapeUtil extends BaseFrameLikeShapeUtil<JourneyMapShape> {
  static override type = JOURNEY_MAP_SHAPE;
  static override props = journeyMapProps;

  override getDefaultProps(): JourneyMapShape['props'] {
    return journeyMapTemplate({ locale: 'en', stagePreset: 'afcpl', laneSet: 'default' });
  }

  override canEdit(): boolean {
    return true;
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
