import { expect, test } from '@playwright/test';
import { shareLinkPath } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { placeMapWithCard } from './mapWithCard.ts';
import { expectHealthy, joinAs, openBoard } from './participants.ts';

/** A German board shows no English: stored names tldraw shows as they are (the first page's), counts, link labels. */

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

test("a German board's first page is called Seite 1, an English board's Page 1", async ({ browser }) => {
  const ada = await joinAs(browser, server.url);
  for (const [locale, pageName] of [
    ['de', 'Seite 1'],
    ['en', 'Page 1'],
  ] as const) {
    const created = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Schadensreise', locale }),
    });
    const board = (await created.json()) as { id: string };
    await openBoard(ada, board.id, locale === 'de' ? 'Ada' : undefined);
    await ada.page.getByTestId(`language-${locale}`).click();
    await expect(ada.page.getByTestId('page-menu.button')).toHaveText(pageName);
  }
  expectHealthy(ada);
  await ada.context.close();
});

test('in German the Data panel counts "1 Karte" and the share dialog shows no English link label', async ({ browser }) => {
  const fay = await joinAs(browser, server.url);
  const created = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Schadensreise', locale: 'de' }),
  });
  const board = (await created.json()) as { id: string; facilitatorToken: string };
  const { page } = fay;
  await page.goto(`${server.url}${shareLinkPath(board.id, board.facilitatorToken)}`);
  await page.getByTestId('display-name-input').pressSequentially('Fay');
  await page.getByTestId('display-name-submit').click();
  await page.getByTestId('language-de').click();
  await placeMapWithCard(page);
  await page.getByTestId('data-button').click();
  await expect(page.getByTestId('side-panel')).toContainText('1 Karte');
  await expect(page.getByTestId('side-panel')).not.toContainText('1 Karten');

  await page.getByTestId('share-button').click();
  const facilitatorLink = page.getByTestId('share-link').filter({ hasText: 'Moderation' });
  await expect(facilitatorLink).toHaveCount(1);
  await expect(facilitatorLink).not.toContainText('facilitator');
  expectHealthy(fay);
  await fay.context.close();
});
