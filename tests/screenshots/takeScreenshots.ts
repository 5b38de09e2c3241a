/**
 * `npm run screenshots`: the pictures in docs/images/, taken from the built client and the real
 * server with a seeded board, so the docs show what the app looks like today.
 *
 * Starts the server on a free port with a temporary data dir, creates the English and the German
 * demo board through the API (shared/src/demo: a journey map with stages, cards in its lanes,
 * touchpoint attributes, an emotion curve, a persona, an empathy map and comments), opens them in
 * Chromium at 1440x900 as their facilitator and writes:
 *   home.png                  the home page with the two boards as cards with their pictures
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
import { DEMO_CONTENT } from '../../shared/src/demo/demoContent.ts';
import { demoCardId } from '../../shared/src/demo/demoBoard.ts';
import { CreatedBoardSchema, JourneyDataSchema, shareLinkPath, type Locale } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const OUTPUT_DIR = resolve(import.meta.dirname, '../../docs/images');
const VIEWPORT = { width: 1440, height: 900 };
const FACILITATOR = 'Fiona';

async function seedBoard(server: RunningServer, locale: Locale): Promise<{ id: string; facilitatorToken: string }> {
  const response = await fetch(`${server.url}/api/demo-board`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale }),
  });
  if (response.status !== 201) throw new Error(`creating the ${locale} demo board failed: ${response.status} ${await response.text()}`);
  const board = CreatedBoardSchema.parse(await response.json());
  // The server extracts the journey from what it stored: wait until every card and point is in it.
  const content = DEMO_CONTENT[locale];
  const expected = { cards: content.cards.length, points: content.emotions.length };
  let found = { cards: 0, points: 0 };
  for (let attempt = 0; attempt < 100; attempt++) {
    const journeyResponse = await fetch(`${server.url}/api/boards/${board.id}/journey`, { headers: { authorization: `Bearer ${board.facilitatorToken}` } });
    const map = JourneyDataSchema.parse(await journeyResponse.json()).maps[0];
    found = { cards: map?.cells.reduce((sum, cell) => sum + cell.cards.length, 0) ?? 0, points: map?.emotionCurve.length ?? 0 };
    if (found.cards === expected.cards && found.points === expected.points) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  if (found.cards !== expected.cards || found.points !== expected.points) {
    throw new Error(`the ${locale} demo's journey has ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`);
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

async function openAsFacilitator(browser: Browser, server: RunningServer, board: { id: string; facilitatorToken: string }, locale: Locale): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: locale === 'de' ? 'de-DE' : 'en-US' });
  const page = await context.newPage();
  await page.goto(`${server.url}${shareLinkPath(board.id, board.facilitatorToken)}`);
  // Typed key by key: tldraw's single-letter shortcuts must not swallow the keystrokes.
  await page.getByTestId('display-name-input').pressSequentially(FACILITATOR);
  await page.getByTestId('display-name-submit').click();
  await page.getByTestId('display-name-dialog').waitFor({ state: 'detached' });
  await page.locator('[data-testid="connection-badge"][data-status="connected"]').waitFor();
  await page.locator('.tl-shape[data-shape-type="journey-map"]').waitFor();
  await page.getByTestId(`language-${locale}`).click();
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

/** Fits the journey map into the canvas and moves the pointer to empty canvas left of it, so no hover outline shows. */
async function showWholeMap(page: Page): Promise<void> {
  await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    const map = editor?.getCurrentPageShapes().find((shape) => shape.type === 'journey-map');
    const bounds = map && editor?.getShapePageBounds(map);
    if (!editor || !bounds) throw new Error('no journey map');
    editor.selectNone();
    editor.zoomToBounds(bounds, { immediate: true });
  });
  await page.mouse.move(120, VIEWPORT.height / 2);
}

/** Selects the demo's card with this text; the inspector opens by itself. */
async function selectCard(page: Page, locale: Locale, text: string): Promise<void> {
  const index = DEMO_CONTENT[locale].cards.findIndex((card) => card.text === text);
  if (index < 0) throw new Error(`the ${locale} demo has no card "${text}"`);
  await page.evaluate((id) => {
    window.__journeyboard?.editor.select(id as never);
  }, demoCardId(index));
  await page.getByTestId('side-panel').waitFor();
}

async function main(): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    const english = await seedBoard(server, 'en');
    const german = await seedBoard(server, 'de');

    // A second participant, so the top bar shows presence as in a workshop.
    const participant = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    const participantPage = await participant.newPage();
    await participantPage.goto(`${server.url}/b/${english.id}`);
    await participantPage.getByTestId('display-name-input').pressSequentially('Ben');
    await participantPage.getByTestId('display-name-submit').click();
    await participantPage.locator('[data-testid="connection-badge"][data-status="connected"]').waitFor();

    const page = await openAsFacilitator(browser, server, english, 'en');
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
      return { x: container.left + screen.x, y: container.top + screen.y, mapRight: bounds.maxX };
    });
    await participantPage.mouse.move(restingPoint.x, restingPoint.y, { steps: 5 });
    await page.waitForFunction(
      (x) => window.__journeyboard?.editor.getCollaboratorsOnCurrentPage().some((presence) => (presence.cursor?.x ?? 0) > x),
      restingPoint.mapRight,
    );
    await shoot(page, 'board-journey-map.png');

    await selectCard(page, 'en', 'Online claim form');
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

    const germanPage = await openAsFacilitator(browser, server, german, 'de');
    await selectCard(germanPage, 'de', 'Notfall-Hotline');
    await shoot(germanPage, 'board-german.png');

    // Home through the app's own link, as people leave a board: each board's picture is stored on the way.
    await germanPage.locator('.jb-topbar-home').click();
    await germanPage.getByTestId('portfolio-search').waitFor();
    await page.getByTestId('facilitate-button').click();
    await page.locator('.jb-topbar-home').click();
    await page.getByTestId('portfolio-search').waitFor();
    await page.reload();
    await page.waitForFunction(() => {
      const pictures = [...document.querySelectorAll<HTMLImageElement>('[data-testid="portfolio-board-preview"]')];
      return pictures.length === 2 && pictures.every((img) => img.complete && img.naturalWidth > 0);
    });
    await shoot(page, 'home.png');
  } finally {
    await browser.close();
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

await main();
