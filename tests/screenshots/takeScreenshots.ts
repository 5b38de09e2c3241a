/**
 * `npm run screenshots`: the pictures in docs/images/, taken from the built client and the real
 * server with a seeded board, so the docs show what the app looks like today.
 *
 * Starts the server on a free port with a temporary data dir, writes an English and a German
 * workshop board through the API and a stock y-websocket client (a journey map with stages, cards
 * in its lanes, touchpoint attributes and an emotion curve), opens them in Chromium at 1440x900
 * as their facilitator and writes:
 *   home.png                  the home page with the boards
 *   board-journey-map.png     the board with the filled journey map
 *   board-side-panel.png      a touchpoint card selected, the inspector open beside the canvas
 *   board-facilitator-bar.png the facilitator's menu open, a timer running
 *   board-german.png          the German board in the German interface, a card selected
 * Run `vite build` first (the npm script does).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import config from '../../playwright.config.ts';
import {
  CreatedBoardSchema,
  JourneyDataSchema,
  LANE_LABELS,
  shareLinkPath,
  TouchpointAttributesSchema,
  withOuterSize,
  type JourneyMapProps,
  type LaneKind,
  type Locale,
  type TouchpointAttributes,
} from '../../shared/src/index.ts';
import { emotion, journeyMap, note, type BoardRecord } from '../unit/journey/fixtures.ts';
import { boardRecordsOf, writeRecords } from '../support/boardRecords.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitForSynced } from '../support/yClients.ts';

const OUTPUT_DIR = resolve(import.meta.dirname, '../../docs/images');
const VIEWPORT = { width: 1440, height: 900 };
const STAGE_WIDTH = 320;
const LANE_HEIGHT = 240;
const EMOTION_LANE_HEIGHT = 300;
const LANES: LaneKind[] = ['steps', 'touchpoints', 'emotions', 'painPoints', 'opportunities'];

interface SeedCard {
  stage: number;
  lane: LaneKind;
  text: string;
  color?: string;
  touchpoint?: Partial<TouchpointAttributes>;
}

interface SeedBoard {
  locale: Locale;
  boardTitle: string;
  mapTitle: string;
  stages: string[];
  cards: SeedCard[];
  /** One point per stage: -2 (frustration) .. +2 (delight), with why. */
  emotions: { stage: number; score: number; label: string }[];
  facilitator: string;
}

const ENGLISH: SeedBoard = {
  locale: 'en',
  boardTitle: 'Claims journey workshop',
  mapTitle: 'Car insurance claim',
  stages: ['Accident', 'Report the claim', 'Assessment', 'Payout'],
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
  facilitator: 'Fiona',
};

const GERMAN: SeedBoard = {
  locale: 'de',
  boardTitle: 'Workshop Schadenmeldung',
  mapTitle: 'Kfz-Schaden melden',
  stages: ['Unfall', 'Schaden melden', 'Begutachtung', 'Auszahlung'],
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
  facilitator: 'Fiona',
};

const MAP_ID = 'journey';

function mapProps(seed: SeedBoard): JourneyMapProps {
  return withOuterSize({
    w: 0,
    h: 0,
    title: seed.mapTitle,
    locale: seed.locale,
    personaId: null,
    stages: seed.stages.map((label, i) => ({ id: `stage-${i + 1}`, label, width: STAGE_WIDTH })),
    lanes: LANES.map((kind) => ({ id: `lane-${kind}`, kind, label: LANE_LABELS[kind][seed.locale], height: kind === 'emotions' ? EMOTION_LANE_HEIGHT : LANE_HEIGHT })),
    titleHeight: 64,
    headerHeight: 56,
    laneHeaderWidth: 200,
  });
}

/** The records of the seeded map: cards and emotion points are children of the map, centred in their cells. */
function mapRecords(seed: SeedBoard): BoardRecord[] {
  const props = mapProps(seed);
  const laneTop = (kind: LaneKind): number => {
    const index = props.lanes.findIndex((lane) => lane.kind === kind);
    return props.titleHeight + props.headerHeight + props.lanes.slice(0, index).reduce((sum, lane) => sum + lane.height, 0);
  };
  const laneHeight = (kind: LaneKind): number => props.lanes.find((lane) => lane.kind === kind)?.height ?? LANE_HEIGHT;
  const stageCentre = (stage: number): number => props.laneHeaderWidth + stage * STAGE_WIDTH + STAGE_WIDTH / 2;
  const cards = seed.cards.map((card, i) =>
    note(`card-${i + 1}`, stageCentre(card.stage), laneTop(card.lane) + laneHeight(card.lane) / 2, card.text, {
      parentId: MAP_ID,
      ...(card.color ? { color: card.color } : {}),
      ...(card.touchpoint ? { touchpoint: TouchpointAttributesSchema.parse(card.touchpoint) } : {}),
    }),
  );
  // Score s sits at (2 - s) / 4 of the lane's height, kept a tenth away from its edges.
  const emotions = seed.emotions.map((point, i) =>
    emotion(
      `emotion-${i + 1}`,
      stageCentre(point.stage),
      laneTop('emotions') + laneHeight('emotions') * (0.1 + (0.8 * (2 - point.score)) / 4),
      point.label,
      MAP_ID,
    ),
  );
  return [journeyMap(MAP_ID, 0, 0, props), ...cards, ...emotions];
}

async function seedBoard(server: RunningServer, seed: SeedBoard): Promise<{ id: string; facilitatorToken: string }> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: seed.boardTitle, locale: seed.locale }),
  });
  if (response.status !== 201) throw new Error(`creating "${seed.boardTitle}" failed: ${response.status} ${await response.text()}`);
  const board = CreatedBoardSchema.parse(await response.json());
  const client = connectClient(server.wsUrl, board.id);
  try {
    await waitForSynced(client);
    writeRecords(boardRecordsOf(client.doc), mapRecords(seed));
    // The server extracts the journey from what it stored: wait until every card and point is in it.
    const expected = { cards: seed.cards.length, points: seed.emotions.length };
    let found = { cards: 0, points: 0 };
    for (let attempt = 0; attempt < 100; attempt++) {
      const journey = JourneyDataSchema.parse(await (await fetch(`${server.url}/api/boards/${board.id}/journey`)).json());
      const map = journey.maps[0];
      found = { cards: map?.cells.reduce((sum, cell) => sum + cell.cards.length, 0) ?? 0, points: map?.emotionCurve.length ?? 0 };
      if (found.cards === expected.cards && found.points === expected.points) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    if (found.cards !== expected.cards || found.points !== expected.points) {
      throw new Error(`the journey of "${seed.boardTitle}" has ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`);
    }
  } finally {
    client.destroy();
  }
  return board;
}

/** Two animation frames and loaded fonts: what is on screen is what was asked for. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
}

async function shoot(page: Page, name: string): Promise<void> {
  await settle(page);
  const path = resolve(OUTPUT_DIR, name);
  await page.screenshot({ path });
  console.log(`wrote ${path}`);
}

async function openAsFacilitator(browser: Browser, server: RunningServer, board: { id: string; facilitatorToken: string }, seed: SeedBoard): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: seed.locale === 'de' ? 'de-DE' : 'en-US' });
  const page = await context.newPage();
  await page.goto(`${server.url}${shareLinkPath(board.id, board.facilitatorToken)}`);
  // Typed key by key: tldraw's single-letter shortcuts must not swallow the keystrokes.
  await page.getByTestId('display-name-input').pressSequentially(seed.facilitator);
  await page.getByTestId('display-name-submit').click();
  await page.getByTestId('display-name-dialog').waitFor({ state: 'detached' });
  await page.locator('[data-testid="connection-badge"][data-status="connected"]').waitFor();
  await page.locator('.tl-shape[data-shape-type="journey-map"]').waitFor();
  await page.getByTestId(`language-${seed.locale}`).click();
  await fitNoteTexts(page);
  await showWholeMap(page);
  return page;
}

/**
 * tldraw shrinks a note's font for long words when the note is created or its text edited in the
 * editor, not for records written by another client: redo that here, as typing the text would.
 */
async function fitNoteTexts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    if (!editor) throw new Error('no editor');
    const notes = editor.getCurrentPageShapes().filter((shape) => shape.type === 'note');
    editor.run(
      () => {
        for (const size of ['s', 'm'] as const) editor.updateShapes(notes.map((shape) => ({ id: shape.id, type: 'note', props: { size } })));
      },
      { history: 'ignore' },
    );
  });
}

/** Fits the map into the canvas and moves the pointer to empty canvas left of it, so no hover outline shows. */
async function showWholeMap(page: Page): Promise<void> {
  await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    if (!editor) throw new Error('no editor');
    editor.selectNone();
    editor.zoomToFit({ animation: { duration: 0 } });
  });
  await page.mouse.move(120, VIEWPORT.height / 2);
}

/** Selects the seeded touchpoint card `index` (1-based, in seed order); the inspector opens by itself. */
async function selectCard(page: Page, index: number): Promise<void> {
  await page.evaluate((id) => {
    window.__journeyboard?.editor.select(id as never);
  }, `shape:card-${index}`);
  await page.getByTestId('side-panel').waitFor();
}

async function main(): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    const english = await seedBoard(server, ENGLISH);
    const german = await seedBoard(server, GERMAN);

    // A second participant, so the top bar shows presence as in a workshop.
    const participant = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    const participantPage = await participant.newPage();
    await participantPage.goto(`${server.url}/b/${english.id}`);
    await participantPage.getByTestId('display-name-input').pressSequentially('Ben');
    await participantPage.getByTestId('display-name-submit').click();
    await participantPage.locator('[data-testid="connection-badge"][data-status="connected"]').waitFor();

    const page = await openAsFacilitator(browser, server, english, ENGLISH);
    await page.getByTestId('presence-avatar').first().waitFor();
    // Ben's cursor rests right of the map, beside the emotion curve, where it covers nothing.
    const restingPoint = await participantPage.evaluate(() => {
      const editor = window.__journeyboard?.editor;
      const map = editor?.getCurrentPageShapes().find((shape) => shape.type === 'journey-map');
      const bounds = map && editor?.getShapePageBounds(map);
      if (!editor || !bounds) throw new Error('no journey map');
      editor.centerOnPoint({ x: bounds.maxX, y: bounds.midY }, { animation: { duration: 0 } });
      const container = editor.getContainer().getBoundingClientRect();
      const screen = editor.pageToViewport({ x: bounds.maxX + 120, y: bounds.midY });
      return { x: container.left + screen.x, y: container.top + screen.y };
    });
    await participantPage.mouse.move(restingPoint.x, restingPoint.y, { steps: 5 });
    await page.waitForFunction(
      (x) => window.__journeyboard?.editor.getCollaboratorsOnCurrentPage().some((presence) => (presence.cursor?.x ?? 0) > x),
      mapProps(ENGLISH).w,
    );
    await shoot(page, 'board-journey-map.png');

    const onlineForm = ENGLISH.cards.findIndex((card) => card.text === 'Online claim form') + 1;
    await selectCard(page, onlineForm);
    await shoot(page, 'board-side-panel.png');

    await page.getByTestId('side-panel-close').click();
    await page.getByTestId('facilitate-button').click();
    await page.getByTestId('timer-minutes').fill('10');
    await page.getByTestId('timer-start').click();
    await page.locator('[data-testid="session-timer"][data-status="running"]').waitFor();
    // Fitted again with the timer showing in the top bar, then the menu opened once more for the picture.
    await page.getByTestId('facilitate-button').click();
    await page.getByTestId('facilitator-panel').waitFor({ state: 'hidden' });
    await showWholeMap(page);
    await page.getByTestId('facilitate-button').click();
    await page.getByTestId('facilitator-panel').waitFor();
    await shoot(page, 'board-facilitator-bar.png');

    const germanPage = await openAsFacilitator(browser, server, german, GERMAN);
    await selectCard(germanPage, GERMAN.cards.findIndex((card) => card.text === 'Notfall-Hotline') + 1);
    await shoot(germanPage, 'board-german.png');

    await page.goto(`${server.url}/`);
    await page.getByTestId('portfolio-search').waitFor();
    await shoot(page, 'home.png');
  } finally {
    await browser.close();
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

await main();
