import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../support/server.ts';
import { drawRectangle, expectHealthy, joinAs, shapeIds } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  // Links are the only way in: no anonymous access.
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
});

test.afterAll(async () => {
  await server.stop();
});

test('a facilitator shares a viewer link; the viewer sees the board live but cannot edit; revoking shuts the viewer out', async ({ browser }) => {
  const facilitator = await joinAs(browser, server.url);
  const viewer = await joinAs(browser, server.url);
  const page = facilitator.page;

  await page.goto(`${server.url}/`);
  await page.getByLabel(/Board title/).fill('Claims workshop');
  await page.getByRole('button', { name: 'Create board' }).click();
  await page.getByTestId('display-name-input').pressSequentially('Fiona');
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  // The token moved from the address bar into the browser's storage.
  expect(new URL(page.url()).hash).toBe('');

  await page.getByTestId('share-button').click();
  await page.getByTestId('share-role').selectOption('viewer');
  await page.getByTestId('share-create').click();
  const viewerUrl = await page.locator('[data-testid="share-link"][data-role="viewer"] [data-testid="share-link-url"]').inputValue();
  expect(viewerUrl).toContain('#token=');
  await expect(page.locator('[data-testid="share-link"][data-role="viewer"] [data-testid="share-link-expiry"]')).toHaveText('never expires');
  // A link can be made to expire; the dialog shows when.
  await page.getByTestId('share-role').selectOption('commenter');
  await page.getByTestId('share-expiry').selectOption('7');
  await page.getByTestId('share-create').click();
  const commenterExpiry = page.locator('[data-testid="share-link"][data-role="commenter"] [data-testid="share-link-expiry"]');
  await expect(commenterExpiry).toHaveText(/^expires \S/);
  const sevenDaysAhead = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000));
  await expect(commenterExpiry).toContainText(sevenDaysAhead);
  await page.getByRole('button', { name: 'Close' }).click();

  await viewer.page.goto(viewerUrl);
  await viewer.page.getByTestId('display-name-input').pressSequentially('Vera');
  await viewer.page.getByTestId('display-name-submit').click();
  await expect(viewer.page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  await expect(viewer.page.getByTestId('role-notice')).toContainText('Viewer');
  await expect(viewer.page.getByTestId('share-button')).toHaveCount(0);

  await drawRectangle(page, { x: 420, y: 320 }, { x: 580, y: 440 });
  await expect.poll(() => shapeIds(page)).toHaveLength(1);
  await expect.poll(() => shapeIds(viewer.page)).toHaveLength(1);

  // The viewer's canvas is read-only: no drawing tools, and edits through the API are refused too.
  await expect(viewer.page.getByTestId('tools.rectangle')).toHaveCount(0);
  const readonly = await viewer.page.evaluate(() => window.__journeyboard?.editor.getIsReadonly());
  expect(readonly).toBe(true);
  await viewer.page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    if (!editor) return;
    // Even if a viewer's client wrote, the server would revert it.
    editor.updateInstanceState({ isReadonly: false });
    editor.createShape({ type: 'geo', x: 900, y: 100, props: { w: 50, h: 50 } });
  });
  await expect.poll(() => shapeIds(viewer.page)).toHaveLength(1);
  await expect.poll(() => shapeIds(page)).toHaveLength(1);

  // Revoking the link closes the viewer's open connection at once.
  await page.getByTestId('share-button').click();
  await page.locator('[data-testid="share-link"][data-role="viewer"] [data-testid="share-revoke"]').click();
  await expect(page.locator('[data-testid="share-link"][data-role="viewer"]')).toHaveAttribute('data-revoked', 'true');
  await expect(viewer.page.getByTestId('connection-closed')).toContainText('revoked');

  expectHealthy(facilitator);
  await facilitator.context.close();
  await viewer.context.close();
});
