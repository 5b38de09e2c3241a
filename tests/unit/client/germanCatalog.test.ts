// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { AGENDA_MESSAGES } from '../../../client/src/agenda/agendaMessages.ts';
import { CHROME_MESSAGES } from '../../../client/src/board/chrome/chromeMessages.ts';
import { COMMENTS_MESSAGES } from '../../../client/src/comments/commentsMessages.ts';
import { EXPORT_MESSAGES } from '../../../client/src/export/exportMessages.ts';
import { FACILITATION_MESSAGES } from '../../../client/src/facilitation/facilitationMessages.ts';
import { HISTORY_MESSAGES } from '../../../client/src/history/historyMessages.ts';
import { MESSAGES } from '../../../client/src/i18n/messages.ts';
import { tldrawTranslationOverrides } from '../../../client/src/i18n/tldrawTranslations.ts';
import { JOURNEY_MESSAGES } from '../../../client/src/journey/journeyMessages.ts';
import { LIVE_DATA_MESSAGES } from '../../../client/src/liveData/liveDataMessages.ts';
import { PORTFOLIO_MESSAGES } from '../../../client/src/portfolio/portfolioMessages.ts';
import { SHARE_MESSAGES } from '../../../client/src/share/shareMessages.ts';
import { START_MESSAGES } from '../../../client/src/templates/startMessages.ts';
import { HOME_MESSAGES } from '../../../client/src/home/homeMessages.ts';
import { TEMPLATE_MESSAGES } from '../../../client/src/templates/templateMessages.ts';
import { CHANNEL_LABELS, EMOTION_LABELS, LANE_LABELS, LANE_SETS, STAGE_PRESETS, WORKSHOP_TITLES, REGION_LABELS } from '../../../shared/src/index.ts';

/**
 * The German interface says "du" everywhere, as workshop tools do, and shows no English.
 *
 * Formal address: German capitalises "Sie"/"Ihr…"/"Ihnen" only as the polite form or at the start
 * of a sentence. The catalogs are worded so that a third-person "sie" never opens a sentence
 * ("Wähle eine Vorlage: Du findest sie …"), so any capitalised "Sie", "Ihr", "Ihre", "Ihrem",
 * "Ihren", "Ihrer", "Ihres" or "Ihnen" is the polite form and fails the test. Lower-case "sie"
 * and "ihr" (they, their) stay allowed. A new string that must open a sentence with third-person
 * "Sie" should be reworded, not allow-listed: a reader cannot tell the two apart either.
 *
 * Untranslated: every key exists in both languages, and a German value equal to its English one
 * (ignoring case) must be a word German uses as is (the allow-list below), a product or file
 * format name, or made only of placeholders, digits and symbols.
 */

type Catalog = Readonly<Record<'en' | 'de', Readonly<Record<string, string>>>>;

const CATALOGS: Record<string, Catalog> = {
  app: MESSAGES,
  agenda: AGENDA_MESSAGES,
  chrome: CHROME_MESSAGES,
  comments: COMMENTS_MESSAGES,
  export: EXPORT_MESSAGES,
  facilitation: FACILITATION_MESSAGES,
  history: HISTORY_MESSAGES,
  journey: JOURNEY_MESSAGES,
  liveData: LIVE_DATA_MESSAGES,
  portfolio: PORTFOLIO_MESSAGES,
  start: START_MESSAGES,
  home: HOME_MESSAGES,
  share: SHARE_MESSAGES,
  templates: TEMPLATE_MESSAGES,
};

/** Labels of the journey and workshop vocabulary that the board shows, keyed like a catalog. */
function vocabulary(): Catalog {
  const sources = { LANE_LABELS, CHANNEL_LABELS, EMOTION_LABELS, WORKSHOP_TITLES, REGION_LABELS };
  const en: Record<string, string> = {};
  const de: Record<string, string> = {};
  const add = (key: string, label: { en: string; de: string }) => {
    en[key] = label.en;
    de[key] = label.de;
  };
  for (const [source, labels] of Object.entries(sources)) for (const [key, label] of Object.entries(labels)) add(`${source}.${key}`, label);
  for (const [id, preset] of Object.entries(STAGE_PRESETS)) {
    add(`STAGE_PRESETS.${id}`, preset.name);
    preset.stages.forEach((stage, index) => add(`STAGE_PRESETS.${id}.${index}`, stage));
  }
  for (const [id, set] of Object.entries(LANE_SETS)) add(`LANE_SETS.${id}`, set.name);
  return { en, de };
}

const FORMAL_ADDRESS = /\b(Sie|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres|Ihnen)\b/u;

/**
 * Names and loanwords German uses unchanged, compared ignoring case, punctuation and placeholders.
 * A string equal in both languages passes if it is one of these or made only of them
 * ("Board, Persona, Touchpoint…").
 */
const SAME_IN_BOTH = new Set(
  [
    // Product, format and protocol names.
    'Journeyboard', 'JSON', 'CSV', 'Markdown', 'Excel XLSX', 'AIDA', 'Consumer Decision Journey', 'Web', 'App', 'Chat', 'Print',
    // Loanwords and method names German workshop tools use as they are.
    'Board', 'Boards', 'Workshop', 'Webhooks', 'Feedback', 'OK', 'Status', 'Timer', 'Pause', 'Start', 'Min', 'Name', 'Text', 'Persona',
    'Map', 'Maps', 'Journey Map', 'Touchpoint', 'Touchpoints', 'Analog', 'Digital', 'Neutral', 'Minimal', 'Export',
    'Owned paid earned', 'E-Mail', 'Co-Browsing', 'Social Media', 'Empathy Map', 'Jobs to be Done',
  ].map((phrase) => normalized(phrase)),
);

/** Lower case, without placeholders, punctuation and symbols; what is left is words. */
function normalized(text: string): string {
  return text
    .replace(/\{\w+\}/g, ' ')
    .replace(/[^\p{L}-]+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** tldraw's own words that German uses as they are (names of shapes, formats and services). */
const TLDRAW_SAME_IN_BOTH = new Set(
  [
    'PNG', 'SVG', 'Trackpad', 'Transparent', 'Zoom', 'System', 'Orange', 'Ellipse', 'Oval', 'Rhombus', 'Hand', 'Laser', 'Original',
    'Code', 'Link', 'Video', 'Offline', 'Discord', 'GitHub', 'Twitter', 'URL', 'Position', 'Navigation', 'Info', 'Backup',
  ].map((phrase) => normalized(phrase)),
);

function isSameInBoth(text: string, allowed: ReadonlySet<string> = SAME_IN_BOTH): boolean {
  const words = normalized(text);
  return words === '' || allowed.has(words) || words.split(' ').every((word) => allowed.has(word));
}

function untranslated(catalog: Catalog, allowed?: ReadonlySet<string>): string[] {
  return Object.keys(catalog.en).filter((key) => {
    const de = catalog.de[key] ?? '';
    return normalized(de) === normalized(catalog.en[key] ?? '') && !isSameInBoth(de, allowed);
  });
}

/** tldraw's UI strings as the German board shows them: its German file with the app's overrides. */
function tldrawCatalog(): Catalog {
  // Resolved from the project root: the test runs in a browser-like environment without file URLs.
  const resolve = createRequire(`${process.cwd()}/package.json`).resolve;
  const read = (file: string) => JSON.parse(readFileSync(resolve(`@tldraw/assets/translations/${file}`), 'utf8')) as Record<string, string>;
  const overrides = tldrawTranslationOverrides.translations ?? {};
  return { en: { ...read('main.json'), ...overrides['en'] }, de: { ...read('de.json'), ...overrides['de'] } };
}

const ALL = { ...CATALOGS, vocabulary: vocabulary() };

describe('German catalogs', () => {
  it.each(Object.entries(ALL))('%s has every key in both languages, with the same placeholders', (_name, catalog) => {
    expect(Object.keys(catalog.de).sort()).toEqual(Object.keys(catalog.en).sort());
    const placeholders = (text: string | undefined) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(catalog.en)) expect(placeholders(catalog.de[key]), key).toEqual(placeholders(catalog.en[key]));
  });

  it.each(Object.entries(ALL))('%s addresses the reader as "du", never "Sie"', (_name, catalog) => {
    const formal = Object.entries(catalog.de).filter(([, text]) => FORMAL_ADDRESS.test(text));
    expect(formal).toEqual([]);
  });

  it.each(Object.entries(ALL))('%s has no string left in English', (_name, catalog) => {
    expect(untranslated(catalog)).toEqual([]);
  });

  it("tldraw's own UI, with the app's overrides, has every string in German", () => {
    const tldraw = tldrawCatalog();
    expect(Object.keys(tldraw.en).filter((key) => !(key in tldraw.de))).toEqual([]);
    expect(untranslated(tldraw, new Set([...SAME_IN_BOTH, ...TLDRAW_SAME_IN_BOTH]))).toEqual([]);
    expect(Object.entries(tldraw.de).filter(([, text]) => FORMAL_ADDRESS.test(text))).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    const sample: Catalog = {
      en: { name: 'What is your name?', save: 'Save', count: '{count}', board: 'Board' },
      de: { name: 'Wie heißen Sie?', save: 'Save', count: '{count}', board: 'Board' },
    };
    expect(Object.values(sample.de).filter((text) => FORMAL_ADDRESS.test(text))).toEqual(['Wie heißen Sie?']);
    expect(untranslated(sample)).toEqual(['save']);
    expect(FORMAL_ADDRESS.test('Wähle eine Vorlage: Du findest sie in der Mitte.')).toBe(false);
  });
});
