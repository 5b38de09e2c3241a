import { Circle2d, HTMLContainer, ShapeUtil, useEditor, useValue, type TLShapePartial } from 'tldraw';
import {
  EMOTION_POINT_SHAPE,
  emotionLevelY,
  emotionScore,
  JOURNEY_MAP_SHAPE,
} from '../../../shared/src/index.ts';
import { laneAt } from './mapGeometry.ts';
import { emotionPointProps, type EmotionPointShape, type JourneyMapShape } from './shapeTypes.ts';

const SCORE_COLOURS: Record<number, string> = {
  [-2]: '#d62828',
  [-1]: '#f77f00',
  0: '#8d99ae',
  1: '#80b918',
  2: '#2b9348',
};

/** The score a point has where it sits now, or null when it is not in an emotions lane. */
export function scoreOf(editor: ReturnType<typeof useEditor>, point: EmotionPointShape): number | null {
  const parent = editor.getShape(point.parentId);
  if (parent?.type !== JOURNEY_MAP_SHAPE) return null;
  const map = parent;
  const centreY = point.y + point.props.size / 2;
  const lane = laneAt(map.props, centreY);
  const laneProps = lane ? map.props.lanes[lane.index] : undefined;
  if (!lane || laneProps?.kind !== 'emotions') return null;
  return emotionScore(centreY - lane.top, laneProps.height);
}

function EmotionPointView({ shape }: { shape: EmotionPointShape }) {
  const editor = useEditor();
  // Shape components re-render on prop changes only, not on moves: read the position from the store.
  const score = useValue(
    'emotion score',
    () => {
      const current = editor.getShape<EmotionPointShape>(shape.id);
      return current ? scoreOf(editor, current) : null;
    },
    [editor, shape.id],
  );
  const { size, label } = shape.props;
  return (
    <HTMLContainer className="jb-emotion" data-testid="emotion-point" data-score={score ?? ''} style={{ width: size, height: size }}>
      <div className="jb-emotion-dot" style={{ background: score === null ? '#adb5bd' : SCORE_COLOURS[score] }} />
      {label ? <span className="jb-emotion-label" style={{ left: size + 4 }}>{label}</span> : null}
    </HTMLContainer>
  );
}

/**
 * A point of the emotion curve. Its height in the map's emotions lane is the
 * score; while dragged it snaps to the five levels of the scale.
 */
export class EmotionPointShapeUtil extends ShapeUtil<EmotionPointShape> {
  static override type = EMOTION_POINT_SHAPE;
  static override props = emotionPointProps;

  override getDefaultProps(): EmotionPointShape['props'] {
    return { label: '', size: 28 };
  }

  override getGeometry(shape: EmotionPointShape) {
    return new Circle2d({ radius: shape.props.size / 2, isFilled: true });
  }

  override canResize(): boolean {
    return false;
  }

  override hideRotateHandle(): boolean {
    return true;
  }

  override onTranslate(_initial: EmotionPointShape, current: EmotionPointShape) {
    return this.snapToLevel(current);
  }

  override onTranslateEnd(_initial: EmotionPointShape, current: EmotionPointShape) {
    return this.snapToLevel(current);
  }

  override component(shape: EmotionPointShape) {
    return <EmotionPointView shape={shape} />;
  }

  override getIndicatorPath(shape: EmotionPointShape) {
    const path = new Path2D();
    const r = shape.props.size / 2;
    path.arc(r, r, r, 0, Math.PI * 2);
    return path;
  }

  override getText(shape: EmotionPointShape): string {
    return shape.props.label;
  }

  private snapToLevel(shape: EmotionPointShape): TLShapePartial<EmotionPointShape> | undefined {
    const score = scoreOf(this.editor, shape);
    if (score === null) return undefined;
    const map = this.editor.getShape<JourneyMapShape>(shape.parentId);
    if (!map) return undefined;
    const centreY = shape.y + shape.props.size / 2;
    const lane = laneAt(map.props, centreY);
    const laneProps = lane ? map.props.lanes[lane.index] : undefined;
    if (!lane || !laneProps) return undefined;
    const y = emotionLevelY(lane.top, laneProps.height, score) - shape.props.size / 2;
    return Math.abs(y - shape.y) < 0.01 ? undefined : { id: shape.id, type: shape.type, y };
  }
}
