import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CreatedBoardSchema, shareLinkPath } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { addNote, expectHealthy, joinAs, openBoard } from './participants.ts';

/** `HOME_SHOTS=/tmp/dir`: where the home page's pictures go (1440x900 and 1280x720, English and German); else the test's output. */
const SHOTS = process.env.HOME_SHOTS;

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

async function createBoard(title: string): Promise<string> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  return CreatedBoardSchema.parse(await response.json()).id;
}

/** Tabs from the top of the page until `target` has the focus; the number of presses it took. */
async function tabUntilFocused(page: Page, isTarget: () => Promise<boolean>, limit = 40): Promise<number> {
  await page.locator('body').focus();
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await isTarget()) return presses;
  }
  throw new Error(`the target never had the keyboard focus in ${limit} presses of Tab`);
}

test('leaving a board for the home page shows it as a card with its picture, reachable by keyboard', async ({ browser }) => {
  const title = 'Claims workshop';
  const boardId = await createBoard(title);
  await createBoard('Onboarding journey');
  await createBoard('Zebra service blueprint');

  const editor = await joinAs(browser, server.url);
  const { page } = editor;
  await page.setViewportSize({ width: 1440, height: 900 });
  await openBoard(editor, boardId, 'Edda');
  const canvas = (await page.locator('.tl-canvas').boundingBox()) ?? { x: 0, y: 0, width: 800, height: 600 };
  await addNote(page, { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 }, 'Claim form too long');

  // Right away, well before the quiet-time upload: leaving the board is what stores the picture.
  const stored = page.waitForResponse((response) => response.url().endsWith(`/api/boards/${boardId}/preview`) && response.request().method() === 'PUT');
  await page.getByRole('link', { name: 'Journeyboard' }).click();
  expect((await stored).status()).toBe(200);

  const card = page.getByTestId('portfolio-board').filter({ hasText: title });
  const picture = card.getByTestId('portfolio-board-preview');
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
  // Boards nobody has drawn on yet keep their placeholder: no request for a picture that does not exist.
  await expect(page.getByTestId('portfolio-board').filter({ hasText: 'Onboarding journey' }).getByTestId('portfolio-board-placeholder')).toBeVisible();
  await expect(card.locator('time')).toHaveText(/^Changed /);

  const link = card.getByRole('link', { name: title });
  await tabUntilFocused(page, () => link.evaluate((element) => element === document.activeElement));
  // The focus is visible: the card draws tldraw's focus ring around itself.
  expect(await card.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/b/${boardId}$`));

  expectHealthy(editor);
  await editor.context.close();
});

test('an editor\'s board refreshes its picture after a pause in their edits; a viewer\'s browser never stores one', async ({ browser }) => {
  const created = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Quiet time' }),
  });
  const board = CreatedBoardSchema.parse(await created.json());
  const link = await fetch(`${server.url}/api/boards/${board.id}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${board.facilitatorToken}` },
    body: JSON.stringify({ role: 'viewer' }),
  });
  const viewerToken = ((await link.json()) as { token: string }).token;

  const viewer = await joinAs(browser, server.url);
  const viewerUploads: string[] = [];
  viewer.page.on('request', (request) => request.method() === 'PUT' && request.url().includes('/preview') && viewerUploads.push(request.url()));
  await viewer.page.goto(`${server.url}${shareLinkPath(board.id, viewerToken)}`);
  await viewer.page.getByTestId('display-name-input').pressSequentially('Vera');
  await viewer.page.getByTestId('display-name-submit').click();
  await expect(viewer.page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');

  const editor = await joinAs(browser, server.url);
  await openBoard(editor, board.id, 'Emil');
  const canvas = (await editor.page.locator('.tl-canvas').boundingBox()) ?? { x: 0, y: 0, width: 800, height: 600 };
  const stored = editor.page.waitForResponse((response) => response.url().endsWith(`/api/boards/${board.id}/preview`) && response.request().method() === 'PUT', {
    timeout: 30_000,
  });
  await addNote(editor.page, { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 }, 'Waiting for quiet');
  // The editor stays on the board: the quiet time alone triggers the upload.
  expect((await stored).status()).toBe(200);
  await expect(viewer.page.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Waiting for quiet' })).toHaveCount(1);

  // Leaving stores nothing new for the viewer either.
  await viewer.page.getByRole('link', { name: 'Journeyboard' }).click();
  await expect(viewer.page.getByTestId('portfolio-board').filter({ hasText: 'Quiet time' })).toBeVisible();
  expect(viewerUploads).toEqual([]);
  expectHealthy(editor);
  expectHealthy(viewer);
  await editor.context.close();
  await viewer.context.close();
});

test('a rename through the API reaches a board that is open, without a reload', async ({ browser }) => {
  const boardId = await createBoard('Before the rename');
  const participant = await joinAs(browser, server.url);
  await openBoard(participant, boardId, 'Rita');
  await expect(participant.page.getByTestId('board-title')).toHaveText('Before the rename');
  const renamed = await fetch(`${server.url}/api/boards/${boardId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'After the rename' }),
  });
  expect(renamed.status).toBe(200);
  await expect(participant.page.getByTestId('board-title')).toHaveText('After the rename');
  expectHealthy(participant);
  await participant.context.close();
});

test('the home page at 1440x900 and 1280x720, English and German, fits its window', async ({ browser }, testInfo) => {
  const shots = SHOTS ?? testInfo.outputPath('home');
  mkdirSync(shots, { recursive: true });
  const mapped = await createBoard('Insurance claim – customer journey');
  const imported = await fetch(`${server.url}/api/boards/${mapped}/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: 'stage,lane,text,channel,owner\nReport,Touchpoints,Claim hotline,phone,Hotline\nReport,Steps,Call the hotline,,\nAssess,Steps,Send photos,,\n',
  });
  expect(imported.status).toBe(201);
  const visitor = await joinAs(browser, server.url);
  const { page } = visitor;
  for (const language of ['en', 'de'] as const) {
    for (const [width, height] of [
      [1440, 900],
      [1280, 720],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(server.url);
      await page.getByTestId(`language-${language}`).click();
      await expect(page.getByTestId('portfolio-board').first()).toBeVisible();
      // Nothing runs off the side: no horizontal scrolling at a laptop's width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(shots, `home-${width}x${height}-${language}.png`) });
    }
  }
  await visitor.context.close();
});
