/**
 * Agenda templates (issue 25): a whole workshop in one click. Each names the canvases it needs
 * and its steps, whose areas point at those canvases; the client places the canvases as one undo
 * step, then `agendaFromTemplate` turns the template into the agenda with the placed shape ids.
 */
import type { Locale } from '../api.ts';
import type { LaneSetId, StagePresetId } from '../journey/presets.ts';
import type { Localized } from '../journey/vocabulary.ts';
import type { WorkshopKind } from '../journey/workshop/vocabulary.ts';
import type { Agenda, StepActivity } from './agenda.ts';

export const AGENDA_TEMPLATE_IDS = ['journeyMapping', 'empathyMap', 'jobsToBeDone'] as const;
export type AgendaTemplateId = (typeof AGENDA_TEMPLATE_IDS)[number];

export type TemplateCanvas = { kind: 'journeyMap'; stagePreset: StagePresetId; laneSet: LaneSetId } | { kind: WorkshopKind };

interface TemplateStep {
  title: Localized;
  instructions: Localized;
  /** Index into the template's canvases; null: no area (the group stays where it is). */
  canvas: number | null;
  minutes: number;
  activity: StepActivity;
}

export interface AgendaTemplate {
  id: AgendaTemplateId;
  title: Localized;
  canvases: TemplateCanvas[];
  steps: TemplateStep[];
}

const VOTE: StepActivity = { kind: 'vote', budget: 3, allowMultiplePerCard: false, revealAtEnd: true };
const PRIVATE: StepActivity = { kind: 'private', revealAtEnd: true };
const FREE: StepActivity = { kind: 'free' };
const DISCUSSION: StepActivity = { kind: 'discussion' };

const JOURNEY_MAPPING: AgendaTemplate = {
  id: 'journeyMapping',
  title: { en: 'Customer journey mapping (90 min)', de: 'Customer Journey Mapping (90 Min.)' },
  canvases: [{ kind: 'personaCanvas' }, { kind: 'journeyMap', stagePreset: 'afcpl', laneSet: 'default' }],
  steps: [
    { title: { en: 'Warm-up and goal', de: 'Einstieg und Ziel' }, instructions: { en: 'Who is here, and which journey do we map today? Agree on the scope: where does it start, where does it end?', de: 'Wer ist dabei, und welche Journey kartieren wir heute? Einigt euch auf den Rahmen: Wo beginnt sie, wo endet sie?' }, canvas: null, minutes: 5, activity: DISCUSSION },
    { title: { en: 'Persona', de: 'Persona' }, instructions: { en: 'Fill the persona canvas: who is the customer, what do they want, what gets in their way?', de: 'Füllt den Persona-Canvas: Wer ist die Kundin, was will sie, was steht ihr im Weg?' }, canvas: 0, minutes: 10, activity: FREE },
    { title: { en: 'Map the steps', de: 'Schritte kartieren' }, instructions: { en: 'Add one card per step the customer takes, stage by stage.', de: 'Legt pro Schritt der Kundin eine Karte an, Phase für Phase.' }, canvas: 1, minutes: 15, activity: FREE },
    { title: { en: 'Touchpoints and emotions', de: 'Touchpoints und Emotionen' }, instructions: { en: 'Add the touchpoints, then score how the customer feels in each stage.', de: 'Ergänzt die Touchpoints und bewertet dann, wie sich die Kundin in jeder Phase fühlt.' }, canvas: 1, minutes: 15, activity: { kind: 'emotionScoring' } },
    { title: { en: 'Pain points (on your own)', de: 'Pain Points (jede:r für sich)' }, instructions: { en: 'Write the pain points you see, each on your own: the others see your cards when the step ends.', de: 'Schreibt die Pain Points auf, die ihr seht, jede:r für sich: Die anderen sehen eure Karten, wenn der Schritt endet.' }, canvas: 1, minutes: 10, activity: PRIVATE },
    { title: { en: 'Dot vote', de: 'Punkte-Abstimmung' }, instructions: { en: 'Three dots each: which pain points hurt most?', de: 'Drei Punkte für jede:n: Welche Pain Points tun am meisten weh?' }, canvas: 1, minutes: 5, activity: VOTE },
    { title: { en: 'Ideas for the top pains', de: 'Ideen für die größten Pains' }, instructions: { en: 'Discuss the top-voted pain points and add ideas in the opportunities lane.', de: 'Besprecht die Pain Points mit den meisten Punkten und ergänzt Ideen in der Spur für Chancen.' }, canvas: 1, minutes: 15, activity: DISCUSSION },
    { title: { en: 'Owners and next steps', de: 'Verantwortliche und nächste Schritte' }, instructions: { en: 'Mark the cards you will act on as action items, with an owner and a due date.', de: 'Markiert die Karten, die ihr angeht, als Aufgaben, mit Verantwortlichen und Fälligkeit.' }, canvas: 1, minutes: 15, activity: DISCUSSION },
  ],
};

const EMPATHY_MAP: AgendaTemplate = {
  id: 'empathyMap',
  title: { en: 'Empathy map (45 min)', de: 'Empathy Map (45 Min.)' },
  canvases: [{ kind: 'empathyMap' }],
  steps: [
    { title: { en: 'Who are we talking about?', de: 'Um wen geht es?' }, instructions: { en: 'Name the person and the situation in the middle of the map.', de: 'Benennt die Person und die Situation in der Mitte der Map.' }, canvas: 0, minutes: 5, activity: DISCUSSION },
    { title: { en: 'Says and thinks (on your own)', de: 'Sagt und denkt (jede:r für sich)' }, instructions: { en: 'Write what they say and what they think, each on your own.', de: 'Schreibt auf, was die Person sagt und was sie denkt, jede:r für sich.' }, canvas: 0, minutes: 10, activity: PRIVATE },
    { title: { en: 'Does and feels', de: 'Tut und fühlt' }, instructions: { en: 'What do they do, and how do they feel about it?', de: 'Was tut die Person, und wie fühlt sie sich dabei?' }, canvas: 0, minutes: 10, activity: FREE },
    { title: { en: 'Pains and gains', de: 'Pains und Gains' }, instructions: { en: 'What frustrates them, and what would help?', de: 'Was frustriert die Person, und was würde ihr helfen?' }, canvas: 0, minutes: 10, activity: FREE },
    { title: { en: 'Dot vote', de: 'Punkte-Abstimmung' }, instructions: { en: 'Three dots each: what matters most?', de: 'Drei Punkte für jede:n: Was ist am wichtigsten?' }, canvas: 0, minutes: 5, activity: VOTE },
    { title: { en: 'Next steps', de: 'Nächste Schritte' }, instructions: { en: 'Turn the top cards into action items with owners.', de: 'Macht aus den wichtigsten Karten Aufgaben mit Verantwortlichen.' }, canvas: 0, minutes: 5, activity: DISCUSSION },
  ],
};

const JOBS_TO_BE_DONE: AgendaTemplate = {
  id: 'jobsToBeDone',
  title: { en: 'Jobs to be done (60 min)', de: 'Jobs to be done (60 Min.)' },
  canvases: [{ kind: 'jobsToBeDone' }],
  steps: [
    { title: { en: 'The situation', de: 'Die Situation' }, instructions: { en: 'Which customer and which moment are we looking at?', de: 'Um welche Kundin und welchen Moment geht es?' }, canvas: 0, minutes: 5, activity: DISCUSSION },
    { title: { en: 'Job statement', de: 'Job-Statement' }, instructions: { en: 'When … I want to … so that …: fill the three fields.', de: 'Wenn … möchte ich … damit …: Füllt die drei Felder.' }, canvas: 0, minutes: 10, activity: FREE },
    { title: { en: 'Functional, emotional and social jobs (on your own)', de: 'Funktionale, emotionale und soziale Jobs (jede:r für sich)' }, instructions: { en: 'Write the jobs you see, each on your own.', de: 'Schreibt die Jobs auf, die ihr seht, jede:r für sich.' }, canvas: 0, minutes: 15, activity: PRIVATE },
    { title: { en: 'Need points', de: 'Bedürfnisse' }, instructions: { en: 'What does the customer need to get the job done?', de: 'Was braucht die Kundin, um den Job zu erledigen?' }, canvas: 0, minutes: 10, activity: FREE },
    { title: { en: 'Dot vote', de: 'Punkte-Abstimmung' }, instructions: { en: 'Three dots each: which needs do we serve worst today?', de: 'Drei Punkte für jede:n: Welche Bedürfnisse erfüllen wir heute am schlechtesten?' }, canvas: 0, minutes: 5, activity: VOTE },
    { title: { en: 'Next steps', de: 'Nächste Schritte' }, instructions: { en: 'Agree on owners and due dates for the top needs.', de: 'Vereinbart Verantwortliche und Fälligkeiten für die wichtigsten Bedürfnisse.' }, canvas: 0, minutes: 15, activity: DISCUSSION },
  ],
};

export const AGENDA_TEMPLATES: Record<AgendaTemplateId, AgendaTemplate> = {
  journeyMapping: JOURNEY_MAPPING,
  empathyMap: EMPATHY_MAP,
  jobsToBeDone: JOBS_TO_BE_DONE,
};

export function templateMinutes(template: AgendaTemplate): number {
  return template.steps.reduce((sum, step) => sum + step.minutes, 0);
}

/** The agenda of a template in `locale`, its areas the shapes placed for the template's canvases (same order). */
export function agendaFromTemplate(template: AgendaTemplate, locale: Locale, canvasShapeIds: readonly string[]): Agenda {
  if (canvasShapeIds.length !== template.canvases.length) throw new Error(`the ${template.id} template needs ${template.canvases.length} canvases`);
  return {
    steps: template.steps.map((step, index) => ({
      id: `${template.id}-${index + 1}`,
      title: step.title[locale],
      instructions: step.instructions[locale],
      area: step.canvas === null ? null : (canvasShapeIds[step.canvas] ?? null),
      timeboxMs: step.minutes * 60_000,
      activity: step.activity,
    })),
  };
}
