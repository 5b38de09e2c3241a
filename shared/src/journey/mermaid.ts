/**
 * Mermaid `journey` diagrams of journey data: sections are the stages, tasks are the
 * cards of the steps lane, each scored 1..5 from the emotion curve at the step.
 */
import { mermaidLabel } from './inertText.ts';
import type { EmotionPoint, JourneyData, JourneyMap } from './model.ts';
import type { LaneKind } from './vocabulary.ts';

export const MERMAID_SCORE_MIN = 1;
export const MERMAID_SCORE_MAX = 5;
/** The neutral score of a step where the map has no emotion curve at all. */
export const MERMAID_NEUTRAL_SCORE = 3;

/** Emotion -2 (frustration) .. +2 (delight) to Mermaid's 1 .. 5; fractions round to the nearer score. */
export function emotionToMermaidScore(emotion: number): number {
  const score = Math.round(emotion + MERMAID_NEUTRAL_SCORE);
  return Math.min(MERMAID_SCORE_MAX, Math.max(MERMAID_SCORE_MIN, score));
}

/**
 * The curve's value at horizontal position x: linear between the two points around x, the
 * nearest end point's value beyond the ends, and undefined when the curve has no points.
 */
export function emotionAt(curve: readonly EmotionPoint[], x: number): number | undefined {
  const points = [...curve].sort((a, b) => a.x - b.x);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return undefined;
  if (x <= first.x) return first.score;
  if (x >= last.x) return last.score;
  for (let i = 1; i < points.length; i += 1) {
    const left = points[i - 1]!;
    const right = points[i]!;
    if (x <= right.x) {
      const span = right.x - left.x;
      return span === 0 ? right.score : left.score + ((right.score - left.score) * (x - left.x)) / span;
    }
  }
  return last.score;
}

/** A label on one line as the board shows it; Mermaid's syntax is escaped only when the diagram is written. */
function oneLine(text: string, fallback: string): string {
  return text.replace(/\s+/g, ' ').trim() || fallback;
}

export interface MermaidTask {
  name: string;
  score: number;
}

export interface MermaidSection {
  name: string;
  tasks: MermaidTask[];
}

/** Which lane's cards are the tasks: the steps, else the touchpoints where a map has no steps lane. */
const TASK_LANE_KINDS: readonly LaneKind[] = ['steps', 'touchpoints'];

/** The sections and scored tasks of one map, before they are written as text (names as on the board). */
export function mermaidSections(map: JourneyMap): MermaidSection[] {
  const taskLaneKind = TASK_LANE_KINDS.find((kind) => map.lanes.some((lane) => lane.kind === kind));
  const taskLaneIds = new Set(map.lanes.filter((lane) => lane.kind === taskLaneKind).map((lane) => lane.id));
  return [...map.stages]
    .sort((a, b) => a.index - b.index)
    .map((stage) => {
      const cards = map.cells.filter((cell) => cell.stageId === stage.id && taskLaneIds.has(cell.laneId)).flatMap((cell) => cell.cards);
      return {
        name: oneLine(stage.label, `Stage ${stage.index + 1}`),
        tasks: cards.map((card) => ({
          name: oneLine(card.text, '(empty)'),
          score: emotionToMermaidScore(emotionAt(map.emotionCurve, card.position.x) ?? 0),
        })),
      };
    });
}

/**
 * One `journey` diagram; the map's persona, if any, is the actor of every task. Every card is
 * its own task line whatever its text: labels are escaped, so no text comments a card out,
 * starts another statement or carries markup.
 */
export function mapToMermaid(map: JourneyMap, personaName?: string): string {
  const actor = personaName ? mermaidLabel(personaName, '', 'actor') : '';
  const lines = ['journey', `  title ${mermaidLabel(map.title, 'Journey', 'heading')}`];
  for (const section of mermaidSections(map)) {
    lines.push(`  section ${mermaidLabel(section.name, 'Stage', 'heading')}`);
    for (const task of section.tasks) lines.push(`    ${mermaidLabel(task.name, '(empty)', 'task')}: ${task.score}${actor ? `: ${actor}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Every map of the board as its own diagram (Mermaid draws one diagram per block),
 * separated by a blank line; a board with one map gives a plain .mmd file.
 */
export function journeyToMermaid(data: JourneyData): string {
  if (data.maps.length === 0) return '%% No journey map on this board yet.\n';
  const personaNames = new Map(data.personas.map((persona) => [persona.id, persona.name]));
  return data.maps.map((map) => mapToMermaid(map, map.personaId ? personaNames.get(map.personaId) : undefined)).join('\n');
}
