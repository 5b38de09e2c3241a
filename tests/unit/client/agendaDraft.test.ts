import { describe, expect, it } from 'vitest';
import { defaultActivity, moveStep, newStep, totalMinutes, validateDraft } from '../../../client/src/agenda/agendaDraft.ts';

describe('the agenda draft', () => {
  it('moves a step up, down and across, leaving the others in order', () => {
    expect(moveStep(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveStep(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveStep(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });

  it('names the step without a title instead of sending it', () => {
    const steps = [{ ...newStep('Check-in'), timeboxMs: 5 * 60_000 }, { ...newStep('  ') }];
    expect(validateDraft(steps, 'every step needs a title')).toEqual({ problem: '2: every step needs a title' });
  });

  it('names the step whose minutes are missing', () => {
    const result = validateDraft([newStep('Check-in'), { ...newStep('Vote'), timeboxMs: Number.NaN }], 'title');
    expect('problem' in result && result.problem.startsWith('2: ')).toBe(true);
  });

  it('sends titles trimmed and a vote with its usual settings', () => {
    const steps = [{ ...newStep(' Dot vote '), activity: defaultActivity('vote') }];
    const result = validateDraft(steps, 'title');
    expect('agenda' in result && result.agenda.steps[0]).toMatchObject({ title: 'Dot vote', activity: { kind: 'vote', budget: 3, allowMultiplePerCard: false, revealAtEnd: true } });
    expect(totalMinutes([...steps, ...steps])).toBe(20);
  });
});
