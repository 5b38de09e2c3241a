import { describe, expect, it } from 'vitest';
import {
  applyTimerCommand,
  ballotProblem,
  formatRemaining,
  isHiddenByPrivateMode,
  isInScope,
  journeyVotes,
  remainingMs,
  stepSummaries,
  summarizeScores,
  withEmotionScore,
  tallyVotes,
  type TimerState,
} from '../../../shared/src/index.ts';

describe('shared countdown arithmetic (server time)', () => {
  const started = applyTimerCommand(null, { action: 'start', durationMs: 300_000 }, 1_000_000) as TimerState;

  it('counts down from the server time it was started at and stops at zero', () => {
    expect(remainingMs(started, 1_000_000)).toBe(300_000);
    expect(remainingMs(started, 1_060_000)).toBe(240_000);
    expect(remainingMs(started, 9_999_999)).toBe(0);
  });

  it('keeps the remaining time while paused and resumes from it', () => {
    const paused = applyTimerCommand(started, { action: 'pause' }, 1_100_000) as TimerState;
    expect(remainingMs(paused, 5_000_000)).toBe(200_000);
    const resumed = applyTimerCommand(paused, { action: 'resume' }, 2_000_000) as TimerState;
    expect(remainingMs(resumed, 2_050_000)).toBe(150_000);
  });

  it('adds time to a running or paused timer, never below zero', () => {
    expect(remainingMs(applyTimerCommand(started, { action: 'add', ms: 60_000 }, 1_000_000) as TimerState, 1_000_000)).toBe(360_000);
    expect(remainingMs(applyTimerCommand(started, { action: 'add', ms: -900_000 }, 1_000_000) as TimerState, 1_000_000)).toBe(0);
    expect(applyTimerCommand(null, { action: 'add', ms: 60_000 }, 0)).toBeNull();
    expect(applyTimerCommand(started, { action: 'stop' }, 0)).toBeNull();
  });

  it('shows minutes and seconds, rounding up', () => {
    expect(formatRemaining(245_000)).toBe('4:05');
    expect(formatRemaining(244_001)).toBe('4:05');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(3_600_000)).toBe('1:00:00');
  });
});

describe('dot voting', () => {
  it('tallies votes per card over all ballots', () => {
    expect(tallyVotes([['a', 'a', 'b'], ['b'], []])).toEqual({ a: 2, b: 2 });
  });

  it('enforces the budget and the one-vote-per-card rule of a round', () => {
    expect(ballotProblem({ budget: 3, allowMultiplePerCard: true }, ['a', 'a', 'a'])).toBeNull();
    expect(ballotProblem({ budget: 3, allowMultiplePerCard: true }, ['a', 'b', 'c', 'd'])).toContain('3 votes');
    expect(ballotProblem({ budget: 3, allowMultiplePerCard: false }, ['a', 'a'])).toContain('one vote per card');
  });

  it('limits an area round to cards inside the area', () => {
    const scope = { kind: 'area', x: 0, y: 0, w: 100, h: 100 } as const;
    expect(isInScope(scope, { x: 50, y: 50 })).toBe(true);
    expect(isInScope(scope, { x: 150, y: 50 })).toBe(false);
    expect(isInScope({ kind: 'board' }, { x: 1e6, y: -1e6 })).toBe(true);
  });

  it('reports only revealed rounds in the journey data, most votes first', () => {
    const base = { budget: 3, allowMultiplePerCard: true, scope: { kind: 'board' } as const, voterCount: 2 };
    expect(
      journeyVotes([
        { ...base, id: 'r1', number: 1, status: 'revealed', results: { a: 1, b: 4 } },
        { ...base, id: 'r2', number: 2, status: 'open' },
      ]),
    ).toEqual([
      { round: 1, roundId: 'r1', cardId: 'b', votes: 4 },
      { round: 1, roundId: 'r1', cardId: 'a', votes: 1 },
    ]);
  });
});

describe('private mode visibility', () => {
  const mode = { batch: 'b1', since: 0 };
  const card = { privateBatch: 'b1', privateAuthor: 'user:ann' };

  it('hides a card written during private mode from other participants only', () => {
    expect(isHiddenByPrivateMode(card, mode, { userId: 'user:ben', isFacilitator: false })).toBe(true);
    expect(isHiddenByPrivateMode(card, mode, { userId: 'user:ann', isFacilitator: false })).toBe(false);
    expect(isHiddenByPrivateMode(card, mode, { userId: 'user:fay', isFacilitator: true })).toBe(false);
  });

  it('shows everything once the facilitator ends private mode', () => {
    expect(isHiddenByPrivateMode(card, null, { userId: 'user:ben', isFacilitator: false })).toBe(false);
    expect(isHiddenByPrivateMode(card, { batch: 'b2', since: 1 }, { userId: 'user:ben', isFacilitator: false })).toBe(false);
  });
});

describe('participant emotion scores', () => {
  it('gives the median and spread of a step', () => {
    expect(summarizeScores([2, -1, 1])).toEqual({ median: 1, min: -1, max: 2, count: 3 });
    expect(summarizeScores([2, -1])).toEqual({ median: 0.5, min: -1, max: 2, count: 2 });
    expect(summarizeScores([])).toBeNull();
  });

  it('keeps one score per person and step, which they can change or withdraw', () => {
    let scores = withEmotionScore([], { mapId: 'm', stageId: 's1', voterId: 'ann', score: 2 });
    scores = withEmotionScore(scores, { mapId: 'm', stageId: 's1', voterId: 'ben', score: -2 });
    scores = withEmotionScore(scores, { mapId: 'm', stageId: 's1', voterId: 'ann', score: 0 });
    scores = withEmotionScore(scores, { mapId: 'm', stageId: 's2', voterId: 'ann', score: 1 });
    scores = withEmotionScore(scores, { mapId: 'other', stageId: 's1', voterId: 'ann', score: 2 });
    expect(stepSummaries(scores, 'm')).toEqual(
      new Map([
        ['s1', { median: -1, min: -2, max: 0, count: 2 }],
        ['s2', { median: 1, min: 1, max: 1, count: 1 }],
      ]),
    );
    scores = withEmotionScore(scores, { mapId: 'm', stageId: 's2', voterId: 'ann', score: null });
    expect(stepSummaries(scores, 'm').has('s2')).toBe(false);
  });
});
