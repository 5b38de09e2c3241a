/** PNG and SVG pictures of the canvas, through tldraw's own exporter (what the user sees). */
import type { Editor } from 'tldraw';
import type { ExportTarget } from './exportTargets.ts';

/** Space around the shapes when the export has no fixed area. */
export const EXPORT_PADDING = 32;
/** Space around a template's area, so its border and the cards' shadows are not cut. */
export const TEMPLATE_PADDING = 16;

export class NothingToExportError extends Error {
  constructor() {
    super('nothing to export');
    this.name = 'NothingToExportError';
  }
}

function optionsFor(target: ExportTarget) {
  if (target.shapeIds.length === 0) throw new NothingToExportError();
  // tldraw draws a given area as it is, without padding: the margin is added to the area.
  return target.bounds
    ? { bounds: target.bounds.clone().expandBy(TEMPLATE_PADDING), padding: 0, background: true }
    : { padding: EXPORT_PADDING, background: true };
}

export async function exportPng(editor: Editor, target: ExportTarget, pixelRatio = 2): Promise<Blob> {
  const { blob } = await editor.toImage(target.shapeIds, { ...optionsFor(target), format: 'png', pixelRatio });
  return blob;
}

/** A JPEG for embedding (the PDF): opaque, and copied into the PDF as it is instead of re-encoded. */
export async function exportJpeg(editor: Editor, target: ExportTarget, pixelRatio: number): Promise<Blob> {
  const { blob } = await editor.toImage(target.shapeIds, { ...optionsFor(target), format: 'jpeg', quality: 0.92, pixelRatio });
  return blob;
}

export async function exportSvg(editor: Editor, target: ExportTarget): Promise<Blob> {
  const result = await editor.getSvgString(target.shapeIds, optionsFor(target));
  if (!result) throw new NothingToExportError();
  return new Blob([result.svg], { type: 'image/svg+xml' });
}
