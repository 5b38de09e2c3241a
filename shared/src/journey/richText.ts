/**
 * tldraw 5 stores text as TipTap/ProseMirror JSON. Extraction needs plain text:
 * paragraphs become lines, everything else is flattened.
 */
interface RichTextNode {
  type?: unknown;
  text?: unknown;
  content?: unknown;
}

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'listItem', 'blockquote', 'codeBlock']);

export function richTextToPlain(richText: unknown): string {
  const lines: string[] = [];
  let current = '';
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const { type, text, content } = node as RichTextNode;
    if (typeof text === 'string') current += text;
    if (type === 'hardBreak') current += '\n';
    if (Array.isArray(content)) for (const child of content) visit(child);
    if (typeof type === 'string' && BLOCK_TYPES.has(type)) {
      lines.push(current);
      current = '';
    }
  };
  visit(richText);
  if (current) lines.push(current);
  return lines.join('\n').trim();
}

/** The smallest rich-text document holding `text`, one paragraph per line. */
export function plainToRichText(text: string): { type: 'doc'; content: unknown[] } {
  return {
    type: 'doc',
    content: text.split('\n').map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  };
}
