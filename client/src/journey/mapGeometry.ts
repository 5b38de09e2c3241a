import { Rectangle2d, type Editor, type TLShapeId, type VecLike } from 'tldraw';
import type { JourneyMapProps } from '../../../shared/src/index.ts';

export interface MapLayout {
  gridTop: number;
  /** Left edge of each stage column, plus the right edge of the last. */
  columns: number[];
  /** Top edge of each lane row, plus the bottom edge of the last. */
  rows: number[];
}

export function mapLayout(props: JourneyMapProps): MapLayout {
  const gridTop = props.titleHeight + props.headerHeight;
  const columns = [props.laneHeaderWidth];
  for (const stage of props.stages) columns.push((columns.at(-1) ?? 0) + stage.width);
  const rows = [gridTop];
  for (const lane of props.lanes) rows.push((rows.at(-1) ?? 0) + lane.height);
  return { gridTop, columns, rows };
}

/** The lane row holding map-local y, if any. */
export function laneAt(props: JourneyMapProps, y: number): { index: number; top: number } | undefined {
  const { rows } = mapLayout(props);
  for (let i = 0; i < props.lanes.length; i++) {
    const top = rows[i] ?? 0;
    const bottom = rows[i + 1] ?? 0;
    if (y >= top && y < bottom) return { index: i, top };
  }
  return undefined;
}

/**
 * A solid part of a container shape (a journey map's title or grid, a workshop canvas's title).
 * tldraw hits a frame-like shape only by its outline or by a label child, so the part is a label:
 * a click there selects the container, and a double-click edits it instead of creating a text box
 * on the canvas. tldraw tests a frame's labels before what lies under the point inside it, so the
 * part gives way wherever one of the container's own shapes lies (within the hit margin): a hollow
 * rectangle in a cell stays selectable by its outline, a card by any point of it.
 */
export class ContainerPart extends Rectangle2d {
  private readonly editor: Editor;
  private readonly containerId: TLShapeId;

  constructor(editor: Editor, containerId: TLShapeId, box: { x: number; y: number; width: number; height: number }) {
    super({ ...box, isFilled: true, isLabel: true });
    this.editor = editor;
    this.containerId = containerId;
  }

  override isPointInBounds(point: VecLike, margin = 0): boolean {
    if (!super.isPointInBounds(point, margin)) return false;
    const pagePoint = this.editor.getShapePageTransform(this.containerId).applyToPoint(point);
    const hitMargin = this.editor.getHitTestMargin();
    for (const childId of this.editor.getSortedChildIdsForParent(this.containerId)) {
      if (this.editor.getShapePageBounds(childId)?.containsPoint(pagePoint, hitMargin)) return false;
    }
    return true;
  }
}

/**
 * tldraw drags a selected container when a shape inside it is pressed. A click on an empty cell
 * now selects the map, so the next press on a card in it would move the whole map: instead, a
 * press (without modifier keys) on a shape inside the selected container of `type` clears the
 * selection first, and the press picks and drags that shape as if nothing had been selected.
 */
export function letContainedShapesBeDragged(editor: Editor, type: string): void {
  editor.on('before-event', (info) => {
    if (info.type !== 'pointer' || info.name !== 'pointer_down' || info.target !== 'canvas' || info.button !== 0) return;
    if (info.shiftKey || info.accelKey || info.altKey || !editor.isIn('select.idle')) return;
    const container = editor.getOnlySelectedShape();
    if (container?.type !== type) return;
    const hit = editor.getShapeAtPoint(editor.screenToPage(info.point), {
      hitInside: false,
      margin: editor.getHitTestMargin(),
      renderingOnly: true,
    });
    if (hit && hit.id !== container.id && editor.hasAncestor(hit, container.id)) editor.selectNone();
  });
}

/** A lane label's font size on the map, and the smallest it may shrink to. */
export const LANE_LABEL_FONT_SIZE = 17;
const LANE_LABEL_MIN_FONT_SIZE = 11;
const ZOOMED_TEXT_SLACK = 0.95;

/**
 * The font size at which a lane label's longest word fits its label cell, so a German compound
 * ("Optimierungspotential", "Verantwortlichkeit") stays whole and inside the cell instead of
 * running over the grid. `longestWordWidth` is that word's width at LANE_LABEL_FONT_SIZE.
 * Below the minimum the label wraps inside the word (CSS overflow-wrap) rather than shrink further.
 */
export function laneLabelFontSize(longestWordWidth: number, available: number): number {
  if (longestWordWidth <= available || longestWordWidth <= 0) return LANE_LABEL_FONT_SIZE;
  // Text laid out at the canvas's zoom runs a few percent wider than measured at 100%.
  const fitted = Math.floor((LANE_LABEL_FONT_SIZE * available * ZOOMED_TEXT_SLACK) / longestWordWidth);
  return Math.max(LANE_LABEL_MIN_FONT_SIZE, Math.min(LANE_LABEL_FONT_SIZE, fitted));
}

/** Room for a lane's label in its header cell: the cell less its padding and right border (and a pixel for rounding), and less the emotion scale's ticks. */
export function laneLabelRoom(laneHeaderWidth: number, hasEmotionScale: boolean): number {
  return laneHeaderWidth - 2 * LANE_HEADER_PADDING - LANE_HEADER_BORDER - 1 - (hasEmotionScale ? EMOTION_TICK_ROOM : 0);
}

/** The lane header's inner padding and right border (journey.css .jb-lane-header). */
export const LANE_HEADER_PADDING = 10;
const LANE_HEADER_BORDER = 2;
/** Width the emotion lane's +2 … -2 ticks take at the header's right edge. */
export const EMOTION_TICK_ROOM = 30;
