import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, openBoard } from './participants.ts';

/** A German board shows no English: tldraw shows stored names (the first page's) as they are. */

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
