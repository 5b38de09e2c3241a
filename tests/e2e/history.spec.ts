import { expect, test, type Page } from '@playwright/test';
import { CreatedBoardSchema, ShareLinkSchema, shareLinkPath } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, openBoard } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

interface CardPlace {
  id: string;
  x: number;
  y: number;
}

/** Screen point at the centre of cell (stage, lane) of the board's only journey map. */
async function cellPoint(page: Page, stage: number, lane: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ stage, lane }) => {
      const editor = window.__journeyboard?.editor;
      const map = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-map');
      if (!editor || !map || map.type !== 'journey-map') throw new Error('no journey map');
      const p = map.props;
      const sum = (values: number[], count: number) => values.slice(0, count).reduce((a, b) => a + b, 0);
      const widths = p.stages.map((s) => s.width);
      const heights = p.lanes.map((l) => l.height);
      const point = {
        x: map.x + p.laneHeaderWidth + sum(widths, stage) + (widths[stage] ?? 0) / 2,
        y: map.y + p.titleHeight + p.headerHeight + sum(heights, lane) + (heights[lane] ?? 0) / 2,
      };
      const screen = editor.pageToViewport(point);
      const container = editor.getContainer().getBoundingClientRect();
      return { x: screen.x + container.left, y: screen.y + container.top };
    },
    { stage, lane },
  );
}

/** Where a card is in this browser's copy of the board. */
function cardPlace(page: Page, text: string): Promise<CardPlace | null> {
  return page.evaluate((text) => {
    const editor = window.__journeyboard?.editor;
    const card = editor?.getCurrentPageShapes().find((s) => s.type === 'note' && editor.getShapeUtil(s).getText(s) === text);
    return card ? { id: card.id, x: card.x, y: card.y } : null;
  }, text);
}

test('save a named version, change the board, restore: everyone sees the restored board; the summary names the moved card', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Onboarding workshop');
  const ada = await joinAs(browser, server.url);
  const bob = await joinAs(browser, server.url);
  await openBoard(ada, boardId, 'Ada');
  await openBoard(bob, boardId, 'Bob');
  const { page } = ada;

  let original: CardPlace | null = null;
  await test.step('a journey map with a card in the first stage', async () => {
    await page.getByTestId('templates-button').click();
    await page.getByTestId('stage-preset').selectOption('beforeDuringAfter');
    await page.getByTestId('lane-set').selectOption('minimal');
    await page.getByTestId('place-journey-map').click();
    await expect(page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    const at = await cellPoint(page, 0, 0);
    await page.getByTestId('tools.note').click();
    await page.mouse.click(at.x, at.y);
    await page.keyboard.type('Compares prices');
    await page.keyboard.press('Escape');
    await expect(bob.page.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Compares prices' })).toHaveCount(1);
    original = await cardPlace(page, 'Compares prices');
    expect(original).not.toBeNull();
  });

  await test.step('save the named version "before workshop"', async () => {
    await page.getByTestId('history-button').click();
    const panel = page.getByTestId('history-panel');
    await panel.getByTestId('history-name').fill('before workshop');
    await panel.getByTestId('history-save').click();
    await expect(panel.getByTestId('history-version').first()).toHaveAttribute('data-kind', 'named');
    await expect(panel.getByTestId('history-version-label').first()).toHaveText('before workshop');
    await expect(panel.getByTestId('history-version').first()).toContainText('Ada');
    await expect(panel.getByTestId('history-name')).toHaveValue('');
  });

  await test.step('change the board: drag the card to the next stage', async () => {
    await page.evaluate(() => {
      window.__journeyboard?.editor.selectNone();
    });
    const card = page.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Compares prices' });
    const from = await cellPoint(page, 0, 0);
    const to = await cellPoint(page, 1, 0);
    await card.hover();
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();
    await expect.poll(async () => (await cardPlace(bob.page, 'Compares prices'))?.x).not.toBe(original?.x);
  });

  await test.step('the change summary names the moved card', async () => {
    const panel = page.getByTestId('history-panel');
    await panel.getByTestId('history-version-label').filter({ hasText: 'before workshop' }).click();
    const moved = panel.getByTestId('history-moved');
    await expect(moved).toHaveCount(1);
    await expect(moved).toContainText('“Compares prices”: Before · ');
    await expect(moved).toContainText('→ During · ');
  });

  await test.step('view the version read-only', async () => {
    const panel = page.getByTestId('history-panel');
    await panel.getByTestId('history-view').click();
    const viewer = page.getByTestId('version-viewer');
    await expect(viewer.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Compares prices' })).toHaveCount(1);
    await expect(viewer.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    await expect(viewer.getByTestId('history-moved')).toContainText('Compares prices');
    // Read-only: a selected card cannot be deleted (and the board itself is untouched).
    const viewedCard = viewer.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Compares prices' });
    await viewedCard.click();
    await page.keyboard.press('Delete');
    await expect(viewedCard).toHaveCount(1);
    await expect(page.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Compares prices' })).toHaveCount(2);
    await page.screenshot({ path: 'test-results/history-viewer.png' });
    await viewer.getByTestId('version-viewer-close').click();
    await expect(viewer).toHaveCount(0);
  });

  await test.step('restore it: the second browser sees the restored board', async () => {
    const panel = page.getByTestId('history-panel');
    await panel.getByTestId('history-restore').click();
    await panel.getByTestId('history-restore-confirm').click();
    await expect(panel.getByTestId('history-restored')).toContainText('before workshop');
    await expect.poll(async () => cardPlace(bob.page, 'Compares prices')).toEqual(original);
    await expect.poll(async () => cardPlace(page, 'Compares prices')).toEqual(original);
    await expect(panel.getByTestId('history-version').first()).toHaveAttribute('data-kind', 'before-restore');
    await expect(panel.getByTestId('history-version-label').first()).toHaveText('Before restoring “before workshop”');
  });

  await test.step('the restore can be undone by restoring the checkpoint taken before it', async () => {
    const panel = page.getByTestId('history-panel');
    await panel.getByTestId('history-undo-restore').click();
    await expect(panel.getByTestId('history-restored')).toHaveText('Restore undone.');
    await expect(panel.getByTestId('history-version-label').first()).toHaveText('Before undoing a restore');
    await expect.poll(async () => (await cardPlace(bob.page, 'Compares prices'))?.x).not.toBe(original?.x);
    // Bob's panel lists the same history.
    await bob.page.getByTestId('history-button').click();
    await expect(bob.page.getByTestId('history-version-label').last()).toHaveText('before workshop');
  });

  await page.screenshot({ path: 'test-results/history.png' });
  expectHealthy(ada);
  expectHealthy(bob);
  await ada.context.close();
  await bob.context.close();
});

test('through a viewer link, history is there to look at but not to change', async ({ browser }) => {
  const locked = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
  try {
    const post = (path: string, token: string, body: unknown) =>
      fetch(`${locked.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const board = CreatedBoardSchema.parse(
      await (await fetch(`${locked.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Locked"}' })).json(),
    );
    const viewerToken = ShareLinkSchema.parse(await (await post(`/api/boards/${board.id}/links`, board.facilitatorToken, { role: 'viewer' })).json()).token;

    const openThroughLink = async (token: string, name: string) => {
      const participant = await joinAs(browser, locked.url);
      await participant.page.goto(`${locked.url}${shareLinkPath(board.id, token)}`);
      await participant.page.getByTestId('display-name-input').pressSequentially(name);
      await participant.page.getByTestId('display-name-submit').click();
      await expect(participant.page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
      return participant;
    };
    // The facilitator opens the board first (a viewer cannot write the new board's first records).
    const fran = await openThroughLink(board.facilitatorToken, 'Fran');
    await fran.page.getByTestId('history-button').click();
    await fran.page.getByTestId('history-name').fill('kickoff');
    await fran.page.getByTestId('history-save').click();
    await expect(fran.page.getByTestId('history-version-label')).toHaveText(['kickoff']);
    const vic = await openThroughLink(viewerToken, 'Vic');

    await vic.page.getByTestId('history-button').click();
    const panel = vic.page.getByTestId('history-panel');
    // The list loads with the link's token.
    await expect(panel.getByTestId('history-version-label')).toHaveText(['kickoff']);
    await expect(panel.getByTestId('history-version')).toContainText('Fran');
    await expect(panel.getByTestId('history-name')).toHaveCount(0);
    await panel.getByTestId('history-version-label').click();
    await expect(panel.getByTestId('history-no-changes')).toBeVisible();
    await expect(panel.getByTestId('history-restore')).toHaveCount(0);
    await panel.getByTestId('history-view').click();
    await expect(vic.page.getByTestId('version-viewer')).toBeVisible();
    await expect(vic.page.getByTestId('version-viewer-restore')).toHaveCount(0);
    await vic.page.getByTestId('version-viewer-close').click();
    expectHealthy(vic);
    await vic.context.close();
    await fran.context.close();
  } finally {
    await locked.stop();
  }
});
