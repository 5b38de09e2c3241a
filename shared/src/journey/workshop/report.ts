/** The Markdown report's section for one workshop canvas: each region's notes, then its links. */
import { markdownText } from '../inertText.ts';
import type { JourneyData } from '../model.ts';
import type { WorkshopCanvas } from './model.ts';

/** One line per item (line breaks in a note would break the list), as inert Markdown. */
const oneLine = (text: string): string => markdownText(text.replace(/\s*[\r\n]+\s*/g, ' / '));

/** `data` names the touchpoint cards of journey maps that need points link to. */
export function canvasReport(canvas: WorkshopCanvas, data: JourneyData): string[] {
  const lines = [`## ${oneLine(canvas.title)}`, ''];
  const textOf = new Map(canvas.regions.flatMap((r) => r.cards.map((c) => [c.id, c.text] as const)));
  if (canvas.links.some((l) => l.mapId !== null)) {
    for (const map of data.maps) for (const cell of map.cells) for (const card of cell.cards) textOf.set(card.id, card.text);
  }
  for (const region of canvas.regions) {
    if (region.cards.length === 0) continue;
    lines.push(`**${oneLine(region.label)}**`, '');
    for (const card of region.cards) lines.push(`- ${oneLine(card.text || '(empty)')}`);
    lines.push('');
  }
  if (canvas.links.length > 0) {
    lines.push('Links:', '');
    for (const link of canvas.links) {
      lines.push(`- ${oneLine(textOf.get(link.fromId) ?? link.fromId)} → ${oneLine(textOf.get(link.toId) ?? link.toId)}${link.label ? ` (${oneLine(link.label)})` : ''}`);
    }
    lines.push('');
  }
  return lines;
}
