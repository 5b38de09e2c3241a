import { describe, expect, it } from 'vitest';
import { DEMO_CONTENT } from '../../../shared/src/demo/demoContent.ts';
import { demoBoard, DEMO_MAP_ID, DEMO_PERSONA_ID } from '../../../shared/src/demo/demoBoard.ts';
import { createBoardSchema, extractJourney, JourneyDataSchema, parseCommentsRecord, withCommentCounts, type Locale } from '../../../shared/src/index.ts';

const PAGE_ID = 'page:page';
const NOW = Date.UTC(2026, 11, 7, 12);

describe.each<Locale>(['en', 'de'])('the demo board in %s', (locale) => {
  const board = demoBoard(locale, PAGE_ID, NOW);
  const content = DEMO_CONTENT[locale];
  const page = { typeName: 'page', id: PAGE_ID, name: 'Page 1', index: 'a1', meta: {} };
  const journey = JourneyDataSchema.parse(withCommentCounts(extractJourney([page, ...board.shapes]), board.comments));

  it('is made of records the board schema accepts', () => {
    const schema = createBoardSchema();
    for (const record of board.shapes) expect(() => schema.types.shape.validate(record), String(record.id)).not.toThrow();
  });

  it('reads as a journey map with every card in its stage and lane', () => {
    expect(journey.maps).toHaveLength(1);
    const map = journey.maps[0]!;
    expect(map.id).toBe(DEMO_MAP_ID);
    expect(map.stages.map((s) => s.label)).toEqual(content.stages);
    expect(journey.unplaced).toEqual([]);
    for (const card of content.cards) {
      const cell = map.cells.find((c) => c.stageId === `stage-${card.stage + 1}` && c.laneId === `lane-${card.lane}`);
      expect(cell?.cards.map((c) => c.text), card.text).toContain(card.text);
    }
  });

  it('has an emotion curve from frustration to relief and touchpoints with owners and channels', () => {
    const curve = journey.maps[0]!.emotionCurve;
    expect(curve.map((p) => p.score)).toEqual(content.emotions.map((e) => e.score));
    const touchpoints = journey.maps[0]!.cells.flatMap((c) => c.cards).filter((c) => c.touchpoint);
    expect(touchpoints).toHaveLength(4);
    expect(touchpoints.every((c) => c.touchpoint?.owner !== '' && c.touchpoint?.channel !== null)).toBe(true);
  });

  it('links the map to its persona and fills an empathy map', () => {
    expect(journey.maps[0]!.personaId).toBe(DEMO_PERSONA_ID);
    expect(journey.personas.map((p) => p.name)).toEqual([content.persona.name]);
    const empathy = journey.canvases.find((c) => c.kind === 'empathyMap');
    const placed = empathy?.regions.flatMap((r) => r.cards.map((c) => `${r.role}:${c.text}`)) ?? [];
    expect(placed.sort()).toEqual(content.empathyMap.map((c) => `${c.region}:${c.text}`).sort());
  });

  it('has comment threads that the comments schema accepts, pinned to its cards', () => {
    for (const record of board.comments) expect(parseCommentsRecord(record.id, record).ok, record.id).toBe(true);
    const threads = board.comments.filter((r) => r.typeName === 'thread');
    expect(threads).toHaveLength(content.comments.length);
    expect(journey.maps[0]!.comments?.openThreads).toBe(content.comments.length);
    expect(board.comments.every((r) => (r.typeName === 'thread' ? r.createdBy : r.author).role === board.commentRole)).toBe(true);
  });
});
