import { expect, test, type Locator, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, shapeIds, type Participant } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  // Links are the only way in: every participant's role comes from the link they were given.
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
});

test.afterAll(async () => {
  await server.stop();
});

async function enterName(page: Page, name: string): Promise<void> {
  // Typed key by key: tldraw's single-letter shortcuts must not swallow the keystrokes.
  await page.getByTestId('display-name-input').pressSequentially(name);
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
}

async function shareLink(page: Page, role: 'commenter' | 'viewer'): Promise<string> {
  await page.getByTestId('share-button').click();
  await page.getByTestId('share-role').selectOption(role);
  await page.getByTestId('share-create').click();
  const url = await page.locator(`[data-testid="share-link"][data-role="${role}"] [data-testid="share-link-url"]`).inputValue();
  await page.getByRole('button', { name: 'Close' }).click();
  return url;
}

/** Centre of a shape in the page's screen coordinates. */
function shapeCentreOnScreen(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((shapeId) => {
    const editor = window.__journeyboard?.editor;
    const bounds = editor?.getShapePageBounds(shapeId as never);
    if (!editor || !bounds) throw new Error(`no shape ${shapeId}`);
    const point = editor.pageToScreen(bounds.center);
    return { x: point.x, y: point.y };
  }, id);
}

/** Where a pin points: its bottom-left corner. */
async function pinTip(pin: Locator): Promise<{ x: number; y: number }> {
  const box = await pin.boundingBox();
  if (!box) throw new Error('pin not visible');
  return { x: box.x, y: box.y + box.height };
}

test('a commenter starts a thread on a card and mentions the facilitator, who replies and resolves; a viewer reads it but cannot edit', async ({ browser }) => {
  const facilitator = await joinAs(browser, server.url);
  const commenter = await joinAs(browser, server.url);
  const viewer = await joinAs(browser, server.url);
  const fiona = facilitator.page;
  const carla = commenter.page;
  const vera = viewer.page;

  await fiona.goto(`${server.url}/`);
  await fiona.getByLabel(/Board title/).fill('Claims journey');
  await fiona.getByRole('button', { name: 'Create board' }).click();
  await enterName(fiona, 'Fiona');
  const cardId = await fiona.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    if (!editor) throw new Error('no editor');
    editor.createShape({
      type: 'note',
      x: 380,
      y: 260,
      props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Paper claim form' }] }] } },
    });
    return String(editor.getCurrentPageShapes()[0]?.id ?? '');
  });
  const commenterUrl = await shareLink(fiona, 'commenter');
  const viewerUrl = await shareLink(fiona, 'viewer');

  // The commenter: read-only canvas, but comments work.
  await carla.goto(commenterUrl);
  await enterName(carla, 'Carla');
  await expect(carla.getByTestId('role-notice')).toContainText('Commenter');
  await expect.poll(() => shapeIds(carla)).toEqual([cardId]);
  expect(await carla.evaluate(() => window.__journeyboard?.editor.getIsReadonly())).toBe(true);

  await carla.getByTestId('comment-add').click();
  const cardCentre = await shapeCentreOnScreen(carla, cardId);
  await expect(carla.getByTestId('comment-placement')).toBeVisible();
  await carla.mouse.click(cardCentre.x, cardCentre.y);
  const newThread = carla.getByTestId('comment-new-thread');
  await expect(newThread.getByTestId('comment-thread-title')).toHaveText('Paper claim form');
  const input = newThread.getByTestId('comment-input');
  await input.pressSequentially('Why paper? @Fi');
  await expect(newThread.getByTestId('mention-suggestion')).toHaveText(['Fiona']);
  await input.press('Enter');
  await input.pressSequentially('can we go digital?');
  await expect(input).toHaveValue('Why paper? @Fiona can we go digital?');
  await newThread.getByTestId('comment-submit').click();

  const carlaThread = carla.getByTestId('comment-thread');
  await expect(carlaThread.getByTestId('comment')).toHaveCount(1);
  await expect(carlaThread.locator('.jb-mention')).toHaveText('@Fiona');
  // The pin sits on the card, where Carla clicked.
  const carlaPin = carla.getByTestId('comment-pin');
  await expect(carlaPin).toHaveCount(1);
  const tip = await pinTip(carlaPin);
  expect(Math.abs(tip.x - cardCentre.x)).toBeLessThan(3);
  expect(Math.abs(tip.y - cardCentre.y)).toBeLessThan(3);

  // The facilitator gets the badge and the mention, and the pin on the card.
  await expect(fiona.getByTestId('comments-badge')).toHaveText('1');
  await expect(fiona.getByTestId('comment-pin')).toHaveAttribute('data-unread', 'true');
  await fiona.getByTestId('comments-toggle').click();
  await fiona.getByTestId('comments-filter-mentions').click();
  const item = fiona.getByTestId('comment-thread-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-unread', 'true');
  await expect(item).toContainText('Paper claim form');
  await expect(item).toContainText('Carla: Why paper? @Fiona can we go digital?');
  await item.click();
  const fionaThread = fiona.getByTestId('comment-thread');
  await expect(fionaThread.getByTestId('comment-author')).toHaveText(['Carla']);
  await expect(fionaThread.getByTestId('comment').first()).toHaveAttribute('data-unread', 'true');
  // Opening the thread reads it.
  await expect(fiona.getByTestId('comments-badge')).toHaveCount(0);

  // The pin moves with its card.
  await fiona.evaluate((id: string): void => {
    window.__journeyboard?.editor.nudgeShapes([id as never], { x: 200, y: 0 });
  }, cardId);
  await expect.poll(async () => (await pinTip(carlaPin)).x).toBeGreaterThan(cardCentre.x + 195);
  expect((await pinTip(carlaPin)).x).toBeLessThan(cardCentre.x + 205);

  // Reply, then resolve.
  await fionaThread.getByTestId('comment-input').pressSequentially('Legal needs a signature, @Ca');
  await fionaThread.getByTestId('mention-suggestion').filter({ hasText: 'Carla' }).click();
  await fionaThread.getByTestId('comment-submit').click();
  await expect(fionaThread.getByTestId('comment')).toHaveCount(2);
  await fionaThread.getByTestId('comment-resolve').click();
  await expect(fionaThread).toHaveAttribute('data-resolved', 'true');
  await expect(fionaThread.getByTestId('comment-thread-resolved')).toHaveText('Resolved by Fiona');

  // The commenter sees the reply and the resolution live.
  await expect(carlaThread.getByTestId('comment-author')).toHaveText(['Carla', 'Fiona']);
  await expect(carlaThread).toHaveAttribute('data-resolved', 'true');
  await expect(carlaThread.getByTestId('comment-reopen')).toBeVisible();
  // Carla edits her own comment (the facilitator's has no Edit for her); everyone sees it edited.
  await expect(carlaThread.getByTestId('comment-edit')).toHaveCount(1);
  await carlaThread.getByTestId('comment-edit').click();
  await carlaThread.getByTestId('comment-edit-input').press('End');
  await carlaThread.getByTestId('comment-edit-input').pressSequentially(' Asked Legal too.');
  await carlaThread.getByTestId('comment-edit-save').click();
  await expect(fionaThread.getByTestId('comment').first()).toContainText('can we go digital? Asked Legal too.');
  await expect(fionaThread.getByTestId('comment').first()).toContainText('(edited)');
  // Carla's canvas stayed read-only: a write through the editor is reverted by the server.
  await carla.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    editor?.updateInstanceState({ isReadonly: false });
    editor?.createShape({ type: 'geo', x: 900, y: 100, props: { w: 50, h: 50 } });
  });
  await expect.poll(() => shapeIds(carla)).toEqual([cardId]);

  // The viewer sees the thread (resolved) but can neither comment nor edit the canvas.
  await vera.goto(viewerUrl);
  await enterName(vera, 'Vera');
  await expect(vera.getByTestId('comment-add')).toHaveCount(0);
  await vera.getByTestId('comments-toggle').click();
  await vera.getByTestId('comments-filter-resolved').click();
  await vera.getByTestId('comment-thread-item').click();
  const veraThread = vera.getByTestId('comment-thread');
  await expect(veraThread.getByTestId('comment-author')).toHaveText(['Carla', 'Fiona']);
  await expect(veraThread.getByTestId('comment-input')).toHaveCount(0);
  await expect(veraThread.getByTestId('comment-reopen')).toHaveCount(0);
  expect(await vera.evaluate(() => window.__journeyboard?.editor.getIsReadonly())).toBe(true);
  await expect(vera.getByTestId('tools.rectangle')).toHaveCount(0);
  await vera.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    editor?.updateInstanceState({ isReadonly: false });
    editor?.deleteShapes(editor.getCurrentPageShapes());
  });
  await expect.poll(() => shapeIds(vera)).toEqual([cardId]);
  await expect.poll(() => shapeIds(fiona)).toEqual([cardId]);

  for (const participant of [facilitator, commenter, viewer] satisfies Participant[]) {
    expectHealthy(participant);
    await participant.context.close();
  }
});
