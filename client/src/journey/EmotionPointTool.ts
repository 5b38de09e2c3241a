import { createShapeId, StateNode, type TLShapeId } from 'tldraw';
import { EMOTION_POINT_SHAPE, JOURNEY_MAP_SHAPE } from '../../../shared/src/index.ts';
import type { EmotionPointShape } from './shapeTypes.ts';

const POINT_SIZE = 28;

/**
 * Click to drop an emotion point; over a map it becomes part of the map (and its curve).
 * The tool stays active, so a curve is drawn point by point, until Escape or another tool.
 */
export class EmotionPointTool extends StateNode {
  static override id = EMOTION_POINT_SHAPE;

  override onEnter() {
    this.editor.setCursor({ type: 'cross', rotation: 0 });
  }

  override onPointerDown() {
    const pagePoint = this.editor.inputs.getCurrentPagePoint();
    const map = this.editor.getShapeAtPoint(pagePoint, {
      hitInside: true,
      filter: (shape) => shape.type === JOURNEY_MAP_SHAPE,
    });
    const id: TLShapeId = createShapeId();
    this.editor.markHistoryStoppingPoint('add emotion point');
    const local = map ? this.editor.getPointInShapeSpace(map, pagePoint) : pagePoint;
    this.editor.createShape<EmotionPointShape>({
      id,
      type: EMOTION_POINT_SHAPE,
      parentId: map?.id,
      x: local.x - POINT_SIZE / 2,
      y: local.y - POINT_SIZE / 2,
      props: { label: '', size: POINT_SIZE },
    });
    // Snap right away so the score shown is the score stored.
    const created = this.editor.getShape<EmotionPointShape>(id);
    const util = created ? this.editor.getShapeUtil(created) : undefined;
    const snapped = created && util?.onTranslateEnd?.(created, created);
    if (snapped) this.editor.updateShape(snapped);
    // Selected, so the inspector offers its note; the tool stays for the next point.
    this.editor.select(id);
  }

  override onCancel() {
    this.editor.setCurrentTool('select');
  }
}
