/**
 * The workshop canvases besides the journey map (empathy map, jobs to be done,
 * persona canvas, stakeholder map) and the regions each one has, in English and
 * German (see shared/docs/journey-mapping.md).
 */
import type { Localized } from '../vocabulary.ts';

export const WORKSHOP_KINDS = ['empathyMap', 'jobsToBeDone', 'personaCanvas', 'stakeholderMap'] as const;
export type WorkshopKind = (typeof WORKSHOP_KINDS)[number];

export const WORKSHOP_TITLES: Record<WorkshopKind, Localized> = {
  empathyMap: { en: 'Empathy map', de: 'Empathy Map' },
  jobsToBeDone: { en: 'Jobs to be done', de: 'Jobs to be Done' },
  personaCanvas: { en: 'Persona canvas', de: 'Persona-Canvas' },
  stakeholderMap: { en: 'Stakeholder map', de: 'Stakeholder-Landkarte' },
};

/** What a region means; the extraction reports it so consumers need not parse labels. */
export const REGION_ROLES = [
  // empathy map
  'persona',
  'says',
  'thinks',
  'does',
  'feels',
  'pains',
  'gains',
  // jobs to be done: the job statement "When …, I want to …, so that …" and the jobs
  'when',
  'wantTo',
  'soThat',
  'functionalJobs',
  'emotionalJobs',
  'socialJobs',
  'needPoints',
  // persona canvas (the persona's name sits in a 'persona' region)
  'demographics',
  'job',
  'painPoints',
  'goals',
  'informationBehaviour',
  // stakeholder map
  'customer',
  'direct',
  'indirect',
  'external',
] as const;
export type RegionRole = (typeof REGION_ROLES)[number];

export const REGION_LABELS: Record<RegionRole, Localized> = {
  persona: { en: 'Persona', de: 'Persona' },
  says: { en: 'Says', de: 'Sagt' },
  thinks: { en: 'Thinks', de: 'Denkt' },
  does: { en: 'Does', de: 'Tut' },
  feels: { en: 'Feels', de: 'Fühlt' },
  pains: { en: 'Pains', de: 'Pains (Frust)' },
  gains: { en: 'Gains', de: 'Gains (Gewinne)' },
  when: { en: 'When …', de: 'Wenn …' },
  wantTo: { en: 'I want to …', de: 'möchte ich …' },
  soThat: { en: 'so that …', de: 'damit …' },
  functionalJobs: { en: 'Functional jobs', de: 'Funktionale Jobs' },
  emotionalJobs: { en: 'Emotional jobs', de: 'Emotionale Jobs' },
  socialJobs: { en: 'Social jobs', de: 'Soziale Jobs' },
  needPoints: { en: 'Need points', de: 'Bedürfnispunkte' },
  demographics: { en: 'Demographics', de: 'Demografie' },
  job: { en: 'Job and career', de: 'Beruf und Karriere' },
  painPoints: { en: 'Pain points', de: 'Schmerzpunkte' },
  goals: { en: 'Values and goals', de: 'Werte und Ziele' },
  informationBehaviour: { en: 'Information behaviour', de: 'Informationsverhalten' },
  customer: { en: 'Customer', de: 'Kunde' },
  direct: { en: 'Direct stakeholders', de: 'Direkte Stakeholder' },
  indirect: { en: 'Indirect stakeholders', de: 'Indirekte Stakeholder' },
  external: { en: 'External stakeholders', de: 'Externe Stakeholder' },
};
