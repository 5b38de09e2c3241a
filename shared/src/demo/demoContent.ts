/**
 * What the demo board says, in English and German: one car-insurance claim, told as a journey
 * map, a persona, an empathy map and a few comments. Only words and positions in the map's grid;
 * demoBoard.ts turns them into board records.
 */
import type { Locale } from '../api.ts';
import type { LaneKind } from '../journey/vocabulary.ts';
import type { TouchpointAttributes } from '../journey/shapes.ts';
import type { PersonaProps } from '../journey/shapes.ts';
import type { RegionRole } from '../journey/workshop/vocabulary.ts';

export interface DemoCard {
  stage: number;
  lane: LaneKind;
  text: string;
  color?: string;
  touchpoint?: Partial<TouchpointAttributes>;
}

export interface DemoComment {
  /** The card (index into `cards`) the thread is pinned to. */
  card: number;
  author: string;
  body: string;
  /** A reply in the same thread, by another person. */
  reply?: { author: string; body: string };
}

export interface DemoContent {
  boardTitle: string;
  mapTitle: string;
  stages: string[];
  lanes: LaneKind[];
  cards: DemoCard[];
  /** One point per stage: -2 (frustration) .. +2 (delight), with why. */
  emotions: { stage: number; score: number; label: string }[];
  persona: Omit<PersonaProps, 'w' | 'h'>;
  empathyMap: { region: RegionRole; text: string; color?: string }[];
  comments: DemoComment[];
}

const LANES: LaneKind[] = ['steps', 'touchpoints', 'emotions', 'painPoints', 'opportunities'];

const ENGLISH: DemoContent = {
  boardTitle: 'Demo: car insurance claim',
  mapTitle: 'Car insurance claim',
  stages: ['Accident', 'Report the claim', 'Assessment', 'Payout'],
  lanes: LANES,
  cards: [
    { stage: 0, lane: 'steps', text: 'Looks up what to do after the accident' },
    { stage: 1, lane: 'steps', text: 'Fills in the claim form' },
    { stage: 2, lane: 'steps', text: 'Waits for the assessor' },
    { stage: 3, lane: 'steps', text: 'Receives the money' },
    { stage: 0, lane: 'touchpoints', text: 'Emergency hotline', color: 'light-blue', touchpoint: { channel: 'phone', owner: 'Claims service', momentOfTruth: 'first', evidence: 'observed' } },
    { stage: 1, lane: 'touchpoints', text: 'Online claim form', color: 'light-blue', touchpoint: { channel: 'web', owner: 'Digital team', systems: ['Claims portal'], metrics: [{ name: 'Completion rate', value: 62, unit: '%' }] } },
    { stage: 2, lane: 'touchpoints', text: 'Status e-mail', color: 'light-blue', touchpoint: { channel: 'email', owner: 'Claims service', evidence: 'reported' } },
    { stage: 3, lane: 'touchpoints', text: 'Payment notice in the app', color: 'light-blue', touchpoint: { channel: 'app', owner: 'Finance', momentOfTruth: 'second' } },
    { stage: 1, lane: 'painPoints', text: 'Has to enter the policy number twice', color: 'light-red' },
    { stage: 2, lane: 'painPoints', text: 'No idea how long it will take', color: 'light-red' },
    { stage: 1, lane: 'opportunities', text: 'Prefill the form from the app', color: 'light-green' },
    { stage: 2, lane: 'opportunities', text: 'Show the claim status live', color: 'light-green' },
  ],
  emotions: [
    { stage: 0, score: -1, label: 'Shocked' },
    { stage: 1, score: -2, label: 'Frustrated' },
    { stage: 2, score: 0, label: 'Unsure' },
    { stage: 3, score: 2, label: 'Relieved' },
  ],
  persona: {
    name: 'Sarah, 38',
    demographics: 'Lives in Leeds, two children, drives to work',
    job: 'Project manager at a logistics firm',
    pains: 'No time for paperwork; calls that go nowhere',
    goals: 'Get back on the road quickly and know where her claim stands',
    informationBehaviour: 'Phone first, then the app; asks friends',
  },
  empathyMap: [
    { region: 'persona', text: 'Sarah after a fender bender', color: 'violet' },
    { region: 'says', text: '"Who do I even call now?"' },
    { region: 'thinks', text: 'Will my premium go up?' },
    { region: 'does', text: 'Takes photos of the damage' },
    { region: 'feels', text: 'Stressed and alone with it' },
    { region: 'pains', text: 'Forms ask for things she does not have at hand', color: 'light-red' },
    { region: 'gains', text: 'One person who tells her what happens next', color: 'light-green' },
  ],
  comments: [
    { card: 8, author: 'Jonas', body: 'We see this in 40% of the web claims: the policy number is on the card and in the app.', reply: { author: 'Amira', body: 'Let us check with the digital team whether the app can pass it on.' } },
    { card: 6, author: 'Amira', body: 'Is the status e-mail sent automatically, or only when the assessor remembers?' },
  ],
};

const GERMAN: DemoContent = {
  boardTitle: 'Demo: Kfz-Schaden melden',
  mapTitle: 'Kfz-Schaden melden',
  stages: ['Unfall', 'Schaden melden', 'Begutachtung', 'Auszahlung'],
  lanes: LANES,
  cards: [
    { stage: 0, lane: 'steps', text: 'Sucht, was nach dem Unfall zu tun ist' },
    { stage: 1, lane: 'steps', text: 'Füllt die Schadenmeldung aus' },
    { stage: 2, lane: 'steps', text: 'Wartet auf den Gutachter' },
    { stage: 3, lane: 'steps', text: 'Erhält das Geld' },
    { stage: 0, lane: 'touchpoints', text: 'Notfall-Hotline', color: 'light-blue', touchpoint: { channel: 'phone', owner: 'Schadenservice', momentOfTruth: 'first', evidence: 'observed' } },
    { stage: 1, lane: 'touchpoints', text: 'Online-Formular', color: 'light-blue', touchpoint: { channel: 'web', owner: 'Digitalteam', systems: ['Schadenportal'], metrics: [{ name: 'Abschlussquote', value: 62, unit: '%' }] } },
    { stage: 2, lane: 'touchpoints', text: 'Status-E-Mail', color: 'light-blue', touchpoint: { channel: 'email', owner: 'Schadenservice', evidence: 'reported' } },
    { stage: 3, lane: 'touchpoints', text: 'Zahlungshinweis in der App', color: 'light-blue', touchpoint: { channel: 'app', owner: 'Finanzen', momentOfTruth: 'second' } },
    { stage: 1, lane: 'painPoints', text: 'Muss die Vertragsnummer zweimal eingeben', color: 'light-red' },
    { stage: 2, lane: 'painPoints', text: 'Weiß nicht, wie lange es dauert', color: 'light-red' },
    { stage: 1, lane: 'opportunities', text: 'Formular aus der App vorausfüllen', color: 'light-green' },
    { stage: 2, lane: 'opportunities', text: 'Bearbeitungsstand live zeigen', color: 'light-green' },
  ],
  emotions: [
    { stage: 0, score: -1, label: 'Geschockt' },
    { stage: 1, score: -2, label: 'Genervt' },
    { stage: 2, score: 0, label: 'Unsicher' },
    { stage: 3, score: 2, label: 'Erleichtert' },
  ],
  persona: {
    name: 'Sarah, 38',
    demographics: 'Wohnt in Köln, zwei Kinder, pendelt mit dem Auto',
    job: 'Projektleiterin bei einer Spedition',
    pains: 'Keine Zeit für Papierkram; Anrufe, die nichts bringen',
    goals: 'Schnell wieder mobil sein und wissen, wo ihr Schaden steht',
    informationBehaviour: 'Erst das Telefon, dann die App; fragt Freunde',
  },
  empathyMap: [
    { region: 'persona', text: 'Sarah nach einem Blechschaden', color: 'violet' },
    { region: 'says', text: '„Wen rufe ich jetzt überhaupt an?“' },
    { region: 'thinks', text: 'Steigt jetzt mein Beitrag?' },
    { region: 'does', text: 'Fotografiert den Schaden' },
    { region: 'feels', text: 'Gestresst und allein damit' },
    { region: 'pains', text: 'Formulare fragen nach Dingen, die sie nicht zur Hand hat', color: 'light-red' },
    { region: 'gains', text: 'Eine Person, die sagt, wie es weitergeht', color: 'light-green' },
  ],
  comments: [
    { card: 8, author: 'Jonas', body: 'Das sehen wir bei 40 % der Online-Meldungen: Die Vertragsnummer steht auf der Karte und in der App.', reply: { author: 'Amira', body: 'Lass uns mit dem Digitalteam klären, ob die App sie mitgeben kann.' } },
    { card: 6, author: 'Amira', body: 'Geht die Status-E-Mail automatisch raus oder nur, wenn der Gutachter daran denkt?' },
  ],
};

export const DEMO_CONTENT: Record<Locale, DemoContent> = { en: ENGLISH, de: GERMAN };
