import { describe, expect, it } from 'vitest';
import { AGENDA_TEMPLATE_IDS, AGENDA_TEMPLATES, AgendaSchema, agendaFromTemplate, nextStepIndex, templateMinutes, type WorkshopState } from '../../../shared/src/index.ts';

describe('agenda templates', () => {
  it.each([
    ['journeyMapping', 90],
    ['empathyMap', 45],
    ['jobsToBeDone', 60],
  ] as const)('%s fills %i minutes and its title says so in English and German', (id, minutes) => {
    const template = AGENDA_TEMPLATES[id];
    expect(templateMinutes(template)).toBe(minutes);
    expect(template.title.en).toContain(`${minutes} min`);
    expect(template.title.de).toContain(`${minutes} Min.`);
  });

  it.each(AGENDA_TEMPLATE_IDS)('%s becomes a valid agenda whose areas are the placed canvases', (id) => {
    const template = AGENDA_TEMPLATES[id];
    const placed = template.canvases.map((_, i) => `shape:placed-${i}`);
    for (const locale of ['en', 'de'] as const) {
      const agenda = AgendaSchema.parse(agendaFromTemplate(template, locale, placed));
      expect(agenda.steps).toHaveLength(template.steps.length);
      expect(agenda.steps.every((step) => step.area === null || placed.includes(step.area))).toBe(true);
      expect(agenda.steps.map((s) => s.title)).toEqual(template.steps.map((s) => s.title[locale]));
    }
    // The journey-mapping agenda runs the activities a journey workshop needs.
    if (id === 'journeyMapping') {
      expect(template.steps.map((s) => s.activity.kind)).toEqual(expect.arrayContaining(['private', 'vote', 'emotionScoring', 'discussion']));
    }
  });

  it('refuses canvases that do not match the template', () => {
    expect(() => agendaFromTemplate(AGENDA_TEMPLATES.journeyMapping, 'en', ['shape:one'])).toThrow(/2 canvases/);
  });
});

describe('moving through the agenda', () => {
  const running: WorkshopState = { runId: 'r', status: 'running', startedAt: 0, endedAt: null, stepIndex: 1, runs: [], participants: [] };
  it('goes forward and back within the steps and says why it cannot', () => {
    expect(nextStepIndex({ action: 'start' }, null, 3)).toEqual({ index: 0 });
    expect(nextStepIndex({ action: 'next' }, running, 3)).toEqual({ index: 2 });
    expect(nextStepIndex({ action: 'previous' }, running, 3)).toEqual({ index: 0 });
    const problem = (result: ReturnType<typeof nextStepIndex>): string => ('problem' in result ? result.problem : '');
    expect(problem(nextStepIndex({ action: 'next' }, { ...running, stepIndex: 2 }, 3))).toContain('last step');
    expect(problem(nextStepIndex({ action: 'goto', stepIndex: 5 }, running, 3))).toContain('3 steps');
    expect(problem(nextStepIndex({ action: 'next' }, { ...running, status: 'ended' }, 3))).toContain('not running');
    expect(problem(nextStepIndex({ action: 'start' }, null, 0))).toContain('no steps');
  });
});
