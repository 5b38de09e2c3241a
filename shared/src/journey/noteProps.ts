import { plainToRichText } from './richText.ts';

/** Every prop of tldraw 5's note as its defaults set them, for notes written outside the editor (imports, fixtures). */
export function noteProps(text: string, options: { color?: string; scale?: number } = {}): Record<string, unknown> {
  return {
    color: options.color ?? 'yellow',
    labelColor: 'black',
    size: 'm',
    font: 'draw',
    fontSizeAdjustment: 1,
    align: 'middle',
    verticalAlign: 'middle',
    growY: 0,
    url: '',
    richText: plainToRichText(text),
    scale: options.scale ?? 1,
    textLastEditedBy: null,
  };
}
