/**
 * The workshop summary as a PDF: the Markdown report set in type (headings bold, long lines
 * wrapped), with pdf-lib's built-in Helvetica, so no font file and no network is needed.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';

const PAGE = { w: 595.28, h: 841.89 }; // A4 in points
const MARGIN = 56;
const SIZES = { h1: 18, h2: 14, text: 10.5 };

/** Markdown escapes removed; characters Helvetica cannot set (WinAnsi) become '?'. */
function plain(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  const unescaped = text.replace(/\\(.)/g, '$1').replace(/\*\*(.*?)\*\*/g, '$1');
  return Array.from(unescaped, (char) => (supported.has(char.codePointAt(0) ?? 0) ? char : '?')).join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= width || line === '') line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

export async function markdownToPdf(markdown: string, title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('Journeyboard');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage([PAGE.w, PAGE.h]);
  let y = PAGE.h - MARGIN;
  const width = PAGE.w - 2 * MARGIN;

  for (const raw of markdown.split('\n')) {
    const heading = /^(#{1,2}) (.*)$/.exec(raw);
    const font = heading || /^\*\*.*\*\*$/.test(raw) ? bold : regular;
    const size = heading ? (heading[1] === '#' ? SIZES.h1 : SIZES.h2) : SIZES.text;
    const text = plain(heading ? (heading[2] ?? '') : raw, font);
    let gap = heading ? size * 0.8 : 0;
    for (const line of text === '' ? [''] : wrap(text, font, size, width)) {
      const height = size * 1.35;
      if (y - height - gap < MARGIN) {
        page = pdf.addPage([PAGE.w, PAGE.h]);
        y = PAGE.h - MARGIN;
      }
      y -= height + gap;
      gap = 0;
      if (line !== '') page.drawText(line, { x: MARGIN, y, size, font, color: rgb(0.1, 0.1, 0.12) });
    }
  }
  return pdf.save();
}
