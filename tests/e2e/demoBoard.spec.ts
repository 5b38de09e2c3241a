import { expect, test } from '@playwright/test';
import { DEMO_CONTENT } from '../../shared/src/demo/demoContent.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;

test.beforeAll(async () => {
  // A fresh install as `npm start` runs it: empty data directory, boards open only through their links.
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
});

test.afterAll(async () => {
  await server.stop();
});

test('a newcomer on a fresh install opens the demo board in their language and sees a filled workshop', async ({ browser }) => {
  const content = DEMO_CONTENT.de;
  // A German browser: the interface, and with it the demo, speaks German.
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(server.url);
  const offer = page.getByTestId('demo-offer');
  await expect(offer).toContainText('Neu hier?');
  await offer.getByRole('button', { name: 'Demo-Board öffnen' }).click();

  await page.getByTestId('display-name-input').pressSequentially('Nina');
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  await expect(page.getByTestId('board-title')).toHaveText(content.boardTitle);

  await test.step('the journey map, its persona and an empathy map are on the board, with their cards', async () => {
    await expect(page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    await expect(page.locator('.tl-shape[data-shape-type="journey-persona"]')).toHaveCount(1);
    await expect(page.locator('.tl-shape[data-shape-type="journey-workshop"]')).toHaveCount(1);
    const shapes = await page.evaluate(() => {
      const editor = window.__journeyboard?.editor;
      return (editor?.getCurrentPageShapes() ?? []).map((shape) => shape.type);
    });
    expect(shapes.filter((type) => type === 'note')).toHaveLength(content.cards.length + content.empathyMap.length);
    expect(shapes.filter((type) => type === 'journey-emotion')).toHaveLength(content.emotions.length);
    // The whole workshop is in view at first, not the map's top-left corner at 100 %.
    const inView = await page.evaluate(() => {
      const editor = window.__journeyboard?.editor;
      const content = editor?.getCurrentPageBounds();
      return editor && content ? editor.getViewportPageBounds().contains(content) : false;
    });
    expect(inView).toBe(true);
  });

  await test.step('the Data panel reads the map in German, owners included', async () => {
    await page.getByTestId('data-button').click();
    const panel = page.getByTestId('side-panel');
    await expect(panel).toContainText(content.stages[1]!);
    await expect(panel).toContainText('Schadenservice');
  });

  await test.step('its comment threads are there to read', async () => {
    await page.getByTestId('comments-toggle').click();
    await expect(page.getByTestId('comment-thread-item')).toHaveCount(content.comments.length);
  });

  await test.step('back home, the demo is one of the boards and no longer offered', async () => {
    await page.goto(server.url);
    await expect(page.getByText(content.boardTitle)).toBeVisible();
    await expect(page.getByTestId('demo-offer')).toHaveCount(0);
  });
  expect(pageErrors).toEqual([]);
  await context.close();
});
