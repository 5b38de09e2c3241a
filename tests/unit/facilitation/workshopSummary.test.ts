import { describe, expect, it } from 'vitest';
import { demoBoard, demoCardId, DEMO_EMPATHY_MAP_ID, DEMO_MAP_ID } from '../../../shared/src/demo/demoBoard.ts';
import {
  buildWorkshopSummary,
  CARD_META_ACTION,
  extractJourney,
  JourneyDataSchema,
  summaryToMarkdown,
  WorkshopSummarySchema,
  type Agenda,
  type SummaryInput,
  type WorkshopState,
} from '../../../shared/src/index.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 9, 0);
const demo = demoBoard('en', 'page:page', T0);

/** The demo board with two cards marked as actions and one as a decision. */
function journeyWithActions() {
  const shapes = demo.shapes.map((shape) => {
    const marks: Record<string, unknown> = {
      [demoCardId(10)]: { kind: 'action', owner: 'Digital team', due: '2027-01-15' },
      [demoCardId(11)]: { kind: 'action', owner: 'Claims service', due: '2026-12-20' },
      [demoCardId(8)]: { kind: 'decision', owner: 'Amira' },
    };
    const mark = marks[String(shape.id)];
    return mark ? { ...shape, meta: { ...(shape.meta as object), [CARD_META_ACTION]: mark } } : shape;
  });
  return JourneyDataSchema.parse(extractJourney([{ typeName: 'page', id: 'page:page', name: 'Page 1', index: 'a1', meta: {} }, ...shapes]));
}

const agenda: Agenda = {
  steps: [
    { id: 'persona', title: 'Who is Sarah?', instructions: 'Fill the empathy map.', area: DEMO_EMPATHY_MAP_ID, timeboxMs: 10 * MIN, activity: { kind: 'private', revealAtEnd: true } },
    { id: 'emotions', title: 'How does it feel?', instructions: '', area: DEMO_MAP_ID, timeboxMs: 5 * MIN, activity: { kind: 'emotionScoring' } },
    { id: 'vote', title: 'What hurts most?', instructions: 'Three dots each.', area: DEMO_MAP_ID, timeboxMs: 5 * MIN, activity: { kind: 'vote', budget: 3, allowMultiplePerCard: false, revealAtEnd: true } },
    { id: 'owners', title: 'Owners and next steps', instructions: '', area: null, timeboxMs: 15 * MIN, activity: { kind: 'discussion' } },
  ],
};

const workshop: WorkshopState = {
  runId: 'run-1',
  status: 'ended',
  startedAt: T0,
  endedAt: T0 + 47 * MIN,
  stepIndex: 2,
  runs: [
    { stepId: 'persona', title: 'Who is Sarah?', startedAt: T0, endedAt: T0 + 12 * MIN, voteRoundId: null },
    { stepId: 'emotions', title: 'How does it feel?', startedAt: T0 + 12 * MIN, endedAt: T0 + 20 * MIN, voteRoundId: null },
    { stepId: 'vote', title: 'What hurts most?', startedAt: T0 + 20 * MIN, endedAt: T0 + 27 * MIN, voteRoundId: 'round-1' },
    // Back to the emotions for another look: its time adds up.
    { stepId: 'emotions', title: 'How does it feel?', startedAt: T0 + 27 * MIN, endedAt: T0 + 47 * MIN, voteRoundId: null },
  ],
  participants: ['Nina', 'Ben', 'Nina', 'Amira'],
};

function input(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    board: { id: 'b1', title: 'Claims workshop', locale: 'en' },
    journey: journeyWithActions(),
    agenda,
    workshop,
    voteRounds: [
      { id: 'round-1', number: 1, status: 'revealed', budget: 3, allowMultiplePerCard: false, scope: { kind: 'board' }, voterCount: 3, results: { [demoCardId(9)]: 2, [demoCardId(8)]: 3, [demoCardId(11)]: 1 } },
    ],
    emotionScores: [
      { mapId: DEMO_MAP_ID, stageId: 'stage-2', voterId: 'a', score: -2 },
      { mapId: DEMO_MAP_ID, stageId: 'stage-2', voterId: 'b', score: -1 },
      { mapId: DEMO_MAP_ID, stageId: 'stage-2', voterId: 'c', score: 1 },
      { mapId: DEMO_MAP_ID, stageId: 'stage-4', voterId: 'a', score: 2 },
    ],
    threadsOpenedAt: [T0 - MIN, T0 + 5 * MIN, T0 + 21 * MIN, T0 + 22 * MIN],
    now: T0 + 60 * MIN,
    ...overrides,
  };
}

describe('the workshop summary', () => {
  const summary = buildWorkshopSummary(input());

  it('validates against its published schema', () => {
    expect(() => WorkshopSummarySchema.parse(summary)).not.toThrow();
  });

  it('says who was there and how long it took', () => {
    expect(summary.participants).toEqual(['Amira', 'Ben', 'Nina']);
    expect(summary.durationMinutes).toBe(47);
    expect(summary.status).toBe('ended');
  });

  it('lists per step the cards of its area by region or by stage and lane', () => {
    const persona = summary.steps[0]!;
    expect(persona.area).toEqual({ id: DEMO_EMPATHY_MAP_ID, kind: 'canvas', title: 'Empathy map' });
    expect(persona.groups.map((g) => g.label)).toContain('Says');
    expect(persona.groups.find((g) => g.label === 'Says')?.cards.map((c) => c.text)).toEqual(['"Who do I even call now?"']);
    const vote = summary.steps[2]!;
    expect(vote.groups.find((g) => g.label === 'Report the claim / Pain points')?.cards.map((c) => c.text)).toEqual(['Has to enter the policy number twice']);
  });

  it('ranks the step vote, most votes first', () => {
    expect(summary.steps[2]!.votes?.map((v) => [v.text, v.votes])).toEqual([
      ['Has to enter the policy number twice', 3],
      ['No idea how long it will take', 2],
      ['Show the claim status live', 1],
    ]);
    expect(summary.steps[0]!.votes).toBeUndefined();
  });

  it('gives emotion medians and spread per stage of the scored map', () => {
    expect(summary.steps[1]!.emotions).toEqual([
      { stageId: 'stage-2', stage: 'Report the claim', median: -1, min: -2, max: 1, count: 3 },
      { stageId: 'stage-4', stage: 'Payout', median: 2, min: 2, max: 2, count: 1 },
    ]);
  });

  it('adds up a step that ran twice, marks one that never ran and counts threads opened during each', () => {
    expect(summary.steps[1]!.actualMinutes).toBe(28);
    expect(summary.steps[3]!.actualMinutes).toBeNull();
    expect(summary.steps.map((s) => s.commentsOpened)).toEqual([1, 0, 2, 0]);
  });

  it('ends with the decisions and the action items, soonest due first', () => {
    expect(summary.decisions.map((d) => [d.text, d.owner])).toEqual([['Has to enter the policy number twice', 'Amira']]);
    expect(summary.actions.map((a) => [a.text, a.owner, a.due])).toEqual([
      ['Show the claim status live', 'Claims service', '2026-12-20'],
      ['Prefill the form from the app', 'Digital team', '2027-01-15'],
    ]);
  });

  it('reads as Markdown in English and German', () => {
    const english = summaryToMarkdown(summary, 'en');
    expect(english).toContain('# Workshop summary: Claims workshop');
    expect(english).toContain('1. Has to enter the policy number twice: 3 votes');
    expect(english).toContain('- Prefill the form from the app (Digital team, due 2027-01-15)');
    const german = summaryToMarkdown(summary, 'de');
    expect(german).toContain('## Aufgaben');
    expect(german).toContain('Punkte-Abstimmung');
    expect(german).toContain('3 Stimmen');
  });

  it('keeps board text inert in Markdown', () => {
    const hostile = buildWorkshopSummary(input({ board: { id: 'b1', title: '[click](javascript:alert(1)) <img src=x>', locale: 'en' } }));
    const markdown = summaryToMarkdown(hostile);
    // Brackets escaped: no renderer makes a link of it; no raw HTML either.
    expect(markdown).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(markdown).not.toContain('<img');
  });

  it('runs to now while the workshop is still going', () => {
    const running = buildWorkshopSummary(input({ workshop: { ...workshop, status: 'running', endedAt: null, runs: workshop.runs.map((r, i) => (i === 3 ? { ...r, endedAt: null } : r)) } }));
    expect(running.durationMinutes).toBe(60);
    expect(running.steps[1]!.actualMinutes).toBe(41);
  });
});
