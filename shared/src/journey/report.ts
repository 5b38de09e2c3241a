/** Text exports of journey data: CSV (one row per card) and a Markdown report. */
import { emotionText, mapGrid } from './grid.ts';
import { closeBidiControls, markdownText, spreadsheetText } from './inertText.ts';
import type { ActionItem } from './actions.ts';
import type { CommentCounts, JourneyData, JourneyMap } from './model.ts';
import { canvasReport } from './workshop/report.ts';

export const CSV_COLUMNS = [
  'map',
  'stage',
  'stage_index',
  'lane',
  'lane_kind',
  'card_id',
  'text',
  'color',
  'channel',
  'mode',
  'media_type',
  'moment_of_truth',
  'owner',
  'systems',
  'metrics',
  'evidence',
  'votes',
  'comments',
  'action',
  'action_owner',
  'action_due',
] as const;

/** Votes per card summed over every revealed dot-voting round. */
function votesByCard(data: JourneyData): Map<string, number> {
  const totals = new Map<string, number>();
  for (const vote of data.votes ?? []) totals.set(vote.cardId, (totals.get(vote.cardId) ?? 0) + vote.votes);
  return totals;
}

/** "action", "action (done)", "decision" or '' for a card without one. */
function actionLabel(item: ActionItem | undefined): string {
  if (!item) return '';
  return item.done ? `${item.kind} (done)` : item.kind;
}

function csvField(value: string | number): string {
  const safe = spreadsheetText(closeBidiControls(String(value)));
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function journeyToCsv(data: JourneyData): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  const votes = votesByCard(data);
  const actions = new Map((data.actions ?? []).map((item) => [item.cardId, item]));
  for (const map of data.maps) {
    const stages = new Map(map.stages.map((s) => [s.id, s]));
    const lanes = new Map(map.lanes.map((l) => [l.id, l]));
    for (const cell of map.cells) {
      const stage = stages.get(cell.stageId);
      const lane = lanes.get(cell.laneId);
      if (!stage || !lane) continue;
      for (const card of cell.cards) {
        const tp = card.touchpoint;
        rows.push(
          [
            map.title,
            stage.label,
            stage.index,
            lane.label,
            lane.kind,
            card.id,
            card.text,
            card.color,
            tp?.channel ?? '',
            tp?.mode ?? '',
            tp?.mediaType ?? '',
            tp?.momentOfTruth ?? '',
            tp?.owner ?? '',
            tp?.systems.join('; ') ?? '',
            tp?.metrics.map((m) => `${m.name}=${m.value ?? ''}${m.unit}`).join('; ') ?? '',
            tp?.evidence ?? '',
            votes.get(card.id) ?? '',
            card.comments?.comments ?? 0,
            actionLabel(actions.get(card.id)),
            actions.get(card.id)?.owner ?? '',
            actions.get(card.id)?.due ?? '',
          ]
            .map(csvField)
            .join(','),
        );
      }
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Board text in a table cell or list item: inert Markdown, its lines joined with <br>. */
const mdCell = (text: string): string => markdownText(text).replace(/\n/g, '<br>');
/** Board text in a heading or emphasis: inert Markdown on one line. */
const mdLine = (text: string): string => markdownText(text.replace(/\s*[\r\n]+\s*/g, ' '));
/** " 💬 3" after an item with comment threads. */
const commentNote = (counts: CommentCounts | undefined): string => (counts ? ` 💬 ${counts.comments}` : '');

function mapReport(map: JourneyMap, data: JourneyData): string[] {
  const lines = [`## ${mdLine(map.title)}`, ''];
  const persona = data.personas.find((p) => p.id === map.personaId);
  if (persona) lines.push(`Persona: **${mdLine(persona.name)}**`, '');
  lines.push(`| | ${map.stages.map((s) => mdCell(s.label)).join(' | ')} |`);
  lines.push(`|---|${map.stages.map(() => '---').join('|')}|`);
  for (const { lane, cells } of mapGrid(map)) {
    const row = cells.map((cell) =>
      lane.kind === 'emotions'
        ? cell.emotions.map((p) => mdCell(emotionText(p))).join(', ')
        : cell.cards.map((card) => mdCell(card.text || '(empty)') + commentNote(card.comments)).join('<br>'),
    );
    lines.push(`| **${mdCell(lane.label)}** | ${row.join(' | ')} |`);
  }
  lines.push('');
  if (map.comments) {
    const { openThreads, resolvedThreads, comments } = map.comments;
    lines.push(`Comments: ${openThreads} open and ${resolvedThreads} resolved threads, ${comments} comments`, '');
  }
  if (map.emotionCurve.length > 0) {
    lines.push(`Emotion curve: ${map.emotionCurve.map((p) => p.score).join(' → ')}`, '');
  }
  const flows = data.flows.filter((f) => f.mapId === map.id);
  if (flows.length > 0) {
    const textOf = new Map(map.cells.flatMap((c) => c.cards.map((card) => [card.id, card.text] as const)));
    lines.push('Flows:', '');
    for (const flow of flows) {
      lines.push(`- ${mdCell(textOf.get(flow.fromId) ?? flow.fromId)} → ${mdCell(textOf.get(flow.toId) ?? flow.toId)}${flow.label ? ` (${mdCell(flow.label)})` : ''}`);
    }
    lines.push('');
  }
  return lines;
}

export function journeyToMarkdown(data: JourneyData, boardTitle: string): string {
  const lines = [`# ${mdLine(boardTitle)}`, ''];
  if (data.maps.length === 0 && data.canvases.length === 0) lines.push('_No journey map on this board yet._', '');
  for (const map of data.maps) lines.push(...mapReport(map, data));
  for (const canvas of data.canvases) lines.push(...canvasReport(canvas, data));
  if (data.unplaced.length > 0) {
    lines.push('## Unplaced', '');
    for (const item of data.unplaced) lines.push(`- ${mdCell(item.text || '(empty)')}${commentNote(item.comments)}`);
    lines.push('');
  }
  if (data.actions && data.actions.length > 0) {
    lines.push('## Decisions and action items', '');
    for (const item of data.actions) {
      const who = [item.owner ? mdLine(item.owner) : 'no owner', ...(item.due ? [`due ${item.due}`] : []), ...(item.done ? ['done'] : [])].join(', ');
      lines.push(`- ${item.kind === 'decision' ? 'Decision' : 'Action'}: ${mdCell(item.text || '(empty)')} (${who})`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
