/**
 * PDF of the board: one A3 landscape page per target (journey map or frame), each page the
 * target's picture, rendered by tldraw and fitted into the page's margins.
 */
import { PDFDocument } from 'pdf-lib';
import type { Editor } from 'tldraw';
import { exportJpeg } from './canvasExport.ts';
import type { ExportTarget } from './exportTargets.ts';

/** A3 landscape in PDF points (1/72 inch): 420 x 297 mm. */
export const A3_LANDSCAPE: [number, number] = [1190.55, 841.89];
const MARGIN = 28; // about 1 cm
/** Longest side of a page's picture in pixels: about 200 dpi across A3, sharp when printed. */
const TARGET_PIXELS = 3300;
const MAX_PIXEL_RATIO = 4;

function pixelRatioFor(target: ExportTarget, editor: Editor): number {
  const bounds = target.bounds ?? editor.getShapesPageBounds(target.shapeIds);
  const longest = bounds ? Math.max(bounds.w, bounds.h) : TARGET_PIXELS;
  return Math.min(MAX_PIXEL_RATIO, Math.max(1, TARGET_PIXELS / Math.max(1, longest)));
}

export async function exportPdf(editor: Editor, targets: ExportTarget[], title: string): Promise<Blob> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('Journeyboard');
  const [pageWidth, pageHeight] = A3_LANDSCAPE;
  for (const target of targets) {
    // JPEG, not PNG: pdf-lib embeds JPEG bytes as they are, while a PNG is decoded and
    // recompressed in JavaScript, which took seconds per page at this size.
    const jpeg = await exportJpeg(editor, target, pixelRatioFor(target, editor));
    const image = await pdf.embedJpg(await jpeg.arrayBuffer());
    const fitted = image.scaleToFit(pageWidth - 2 * MARGIN, pageHeight - 2 * MARGIN);
    const page = pdf.addPage(A3_LANDSCAPE);
    page.drawImage(image, {
      x: (pageWidth - fitted.width) / 2,
      y: (pageHeight - fitted.height) / 2,
      width: fitted.width,
      height: fitted.height,
    });
  }
  const bytes = await pdf.save();
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
}
