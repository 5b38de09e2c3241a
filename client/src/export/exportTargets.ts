/** What a canvas export shows: the whole board, the selection, or one template (journey map, workshop canvas or frame). */
import { Box, type Editor, type TLShape, type TLShapeId } from 'tldraw';
import { JOURNEY_MAP_SHAPE, WORKSHOP_CANVAS_SHAPE } from '../../../shared/src/index.ts';

export interface ExportTarget {
  /** The template's shape id, or 'board' / 'selection'. */
  key: string;
  /** Shown in the menu and used for file names and PDF page titles. */
  name: string;
  shapeIds: TLShapeId[];
  /** The area to draw; undefined means the shapes' own bounds. */
  bounds?: Box;
}

const TEMPLATE_TYPES = new Set<string>([JOURNEY_MAP_SHAPE, WORKSHOP_CANVAS_SHAPE, 'frame']);

function templateName(shape: TLShape): string {
  const props = shape.props as { title?: unknown; name?: unknown };
  const name = typeof props.title === 'string' ? props.title : typeof props.name === 'string' ? props.name : '';
  return name.trim();
}

/**
 * Journey maps and frames of the current page, top to bottom then left to right. Cards lie on
 * the page above a map rather than inside it, so a template's picture is everything that overlaps
 * its area, clipped to that area.
 */
export function templateTargets(editor: Editor): ExportTarget[] {
  const topLevel = editor.getSortedChildIdsForParent(editor.getCurrentPageId());
  return editor
    .getCurrentPageShapesSorted()
    .filter((shape) => TEMPLATE_TYPES.has(shape.type))
    .map((shape) => ({ shape, bounds: editor.getShapePageBounds(shape) }))
    .filter((entry): entry is { shape: TLShape; bounds: Box } => entry.bounds !== undefined)
    .sort((a, b) => a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x)
    .map(({ shape, bounds }, index) => ({
      key: shape.id,
      name: templateName(shape) || `${index + 1}`,
      bounds: bounds.clone(),
      shapeIds: topLevel.filter((id) => {
        const other = editor.getShapePageBounds(id);
        return other !== undefined && Box.Collides(bounds, other);
      }),
    }));
}

export function boardTarget(editor: Editor, name: string): ExportTarget {
  return { key: 'board', name, shapeIds: editor.getSortedChildIdsForParent(editor.getCurrentPageId()) };
}

export function selectionTarget(editor: Editor, name: string): ExportTarget {
  return { key: 'selection', name, shapeIds: editor.getSelectedShapeIds() };
}
