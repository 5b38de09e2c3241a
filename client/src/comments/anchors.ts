import type { Editor, TLPageId, TLShape, TLShapeId, VecLike } from 'tldraw';
import { richTextToPlain, type CommentAnchor } from '../../../shared/src/index.ts';

/**
 * Where a thread sits. A shape anchor is a point in the shape's own coordinates, so the pin
 * moves, turns and follows its shape to another parent; a point anchor stays on its page.
 */
export function anchorPosition(editor: Editor, anchor: CommentAnchor): { pageId: TLPageId; point: VecLike } | null {
  if (anchor.kind === 'point') return { pageId: anchor.pageId as TLPageId, point: { x: anchor.x, y: anchor.y } };
  const shape = editor.getShape(anchor.shapeId as TLShapeId);
  const pageId = shape ? editor.getAncestorPageId(shape) : undefined;
  if (!shape || !pageId) return null;
  return { pageId, point: editor.getShapePageTransform(shape).applyToPoint({ x: anchor.x, y: anchor.y }) };
}

export function anchorOnShape(editor: Editor, shape: TLShape, pagePoint: VecLike): CommentAnchor {
  const local = editor.getPointInShapeSpace(shape, pagePoint);
  return { kind: 'shape', shapeId: shape.id, x: local.x, y: local.y };
}

/** The top-right corner of a shape: where a thread started from a selection goes. */
export function anchorAtCorner(editor: Editor, shape: TLShape): CommentAnchor {
  const bounds = editor.getShapeGeometry(shape).bounds;
  return { kind: 'shape', shapeId: shape.id, x: bounds.maxX, y: bounds.minY };
}

/** The topmost shape at a page point (not the page), or a point anchor there. */
export function anchorAt(editor: Editor, pagePoint: VecLike): CommentAnchor {
  const shape = editor.getShapeAtPoint(pagePoint, { hitInside: true, hitLocked: true, hitLabels: true, margin: 2, renderingOnly: true });
  if (shape) return anchorOnShape(editor, shape, pagePoint);
  return { kind: 'point', pageId: editor.getCurrentPageId(), x: pagePoint.x, y: pagePoint.y };
}

function shapeText(shape: TLShape): string {
  const props = shape.props as Record<string, unknown>;
  for (const key of ['richText', 'text', 'title', 'name', 'label']) {
    const value = props[key];
    const text = key === 'richText' ? richTextToPlain(value) : typeof value === 'string' ? value : '';
    if (text.trim()) return text.trim();
  }
  return '';
}

/** A short name of what the thread is on: the card's text, or null for a point on the canvas. */
export function anchorLabel(editor: Editor, anchor: CommentAnchor): { kind: 'shape'; text: string } | { kind: 'point' } | { kind: 'missing' } {
  if (anchor.kind === 'point') return { kind: 'point' };
  const shape = editor.getShape(anchor.shapeId as TLShapeId);
  if (!shape) return { kind: 'missing' };
  const text = shapeText(shape) || shape.type;
  return { kind: 'shape', text: text.length > 48 ? `${text.slice(0, 47)}…` : text };
}
