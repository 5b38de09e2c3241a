import { expect, test, type Browser } from '@playwright/test';
import { CreatedBoardSchema, JourneyDataSchema, ShareLinkSchema, shareLinkPath } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, type Participant } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

async function openThroughLink(browser: Browser, boardId: string, token: string, name: string): Promise<Participant> {
  const participant = await joinAs(browser, server.url);
  await participant.page.goto(`${server.url}${shareLinkPath(boardId, token)}`);
  await participant.page.getByTestId('display-name-input').pressSequentially(name);
  await participant.page.getByTestId('display-name-submit').click();
  await expect(participant.page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  return participant;
}

test('an empty board offers five templates to start with; choosing one places it and the start goes; a viewer never sees it', async ({ browser }) => {
  const created = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'First minute' }),
  });
  const board = CreatedBoardSchema.parse(await created.json());
  const linkResponse = await fetch(`${server.url}/api/boards/${board.id}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${board.facilitatorToken}` },
    body: JSON.stringify({ role: 'viewer' }),
  });
  const viewerToken = ShareLinkSchema.parse(await linkResponse.json()).token;

  const fran = await openThroughLink(browser, board.id, board.facilitatorToken, 'Fran');
  const start = fran.page.getByTestId('empty-board-start');

  await test.step('the facilitator sees the start with five templates, each with its preview', async () => {
    await expect(start).toBeVisible();
    for (const id of ['journeyMap', 'empathyMap', 'jobsToBeDone', 'personaCanvas', 'stakeholderMap']) {
      await expect(start.getByTestId(`start-${id}`).locator('svg')).toHaveCount(1);
    }
    await expect(start.locator('[data-testid^="start-"]:not([data-testid="start-blank"])')).toHaveCount(5);
    await expect(fran.page.getByTestId('start-jobsToBeDone')).toContainText('Jobs to be done');
    await fran.page.getByTestId('language-de').click();
    await expect(start).toContainText('Starte deinen Workshop');
    await fran.page.getByTestId('language-en').click();
  });

  const vic = await openThroughLink(browser, board.id, viewerToken, 'Vic');

  await test.step('a viewer of the same empty board does not get the start', async () => {
    await expect(vic.page.locator('.tl-canvas')).toBeVisible();
    await expect(vic.page.getByTestId('empty-board-start')).toHaveCount(0);
  });

  await test.step('choosing the journey map places one map and the start disappears', async () => {
    await fran.page.getByTestId('start-journeyMap').click();
    await expect(start).toHaveCount(0);
    await expect(fran.page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    await expect(vic.page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    await expect
      .poll(async () => JourneyDataSchema.parse(await (await fetch(`${server.url}/api/boards/${board.id}/journey`)).json()).maps.length)
      .toBe(1);
  });

  for (const participant of [fran, vic]) {
    expectHealthy(participant);
    await participant.context.close();
  }
});

test('picking a drawing tool on an empty board puts the start away, so the first click draws', async ({ browser }) => {
  const created = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Blank start' }),
  });
  const board = CreatedBoardSchema.parse(await created.json());
  const ada = await openThroughLink(browser, board.id, board.facilitatorToken, 'Ada');
  await expect(ada.page.getByTestId('empty-board-start')).toBeVisible();
  await ada.page.getByTestId('tools.note').click();
  await expect(ada.page.getByTestId('empty-board-start')).toHaveCount(0);
  expectHealthy(ada);
  await ada.context.close();
});
