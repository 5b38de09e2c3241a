import { expect, test, type Page } from '@playwright/test';
import { JourneyDataSchema, type JourneyData } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { addNote, expectHealthy, joinAs, openBoard } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

interface MapGeometry {
  id: string;
  x: number;
  y: number;
  laneHeaderWidth: number;
  gridTop: number;
  stageWidths: number[];
  laneHeights: number[];
}

async function onlyMap(page: Page): Promise<MapGeometry> {
  return page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    const map = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-map');
    if (!editor || !map || map.type !== 'journey-map') throw new Error('no journey map');
    const p = map.props;
    return {
      id: map.id,
      x: map.x,
      y: map.y,
      laneHeaderWidth: p.laneHeaderWidth,
      gridTop: p.titleHeight + p.headerHeight,
      stageWidths: p.stages.map((s) => s.width),
      laneHeights: p.lanes.map((l) => l.height),
    };
  });
}

/** Screen point inside cell (stage, lane); fx/fy are fractions of the cell. */
async function cellPoint(page: Page, map: MapGeometry, stage: number, lane: number, fx = 0.5, fy = 0.5): Promise<{ x: number; y: number }> {
  const sum = (values: number[], count: number) => values.slice(0, count).reduce((a, b) => a + b, 0);
  const pagePoint = {
    x: map.x + map.laneHeaderWidth + sum(map.stageWidths, stage) + (map.stageWidths[stage] ?? 0) * fx,
    y: map.y + map.gridTop + sum(map.laneHeights, lane) + (map.laneHeights[lane] ?? 0) * fy,
  };
  return page.evaluate((point) => {
    const editor = window.__journeyboard?.editor;
    if (!editor) throw new Error('no editor');
    const screen = editor.pageToViewport(point);
    const container = editor.getContainer().getBoundingClientRect();
    return { x: screen.x + container.left, y: screen.y + container.top };
  }, pagePoint);
}

async function journeyFromApi(boardId: string): Promise<JourneyData> {
  const response = await fetch(`${server.url}/api/boards/${boardId}/journey`);
  return JourneyDataSchema.parse(await response.json());
}

function cardTexts(data: JourneyData): Record<string, string[]> {
  const map = data.maps[0];
  const result: Record<string, string[]> = {};
  for (const cell of map?.cells ?? []) {
    if (cell.cards.length === 0) continue;
    const stage = map?.stages.find((s) => s.id === cell.stageId)?.label ?? '?';
    const lane = map?.lanes.find((l) => l.id === cell.laneId)?.kind ?? '?';
    result[`${stage} / ${lane}`] = cell.cards.map((c) => c.text);
  }
  return result;
}

test('a journey map built in the browser is live for others and served as structured data', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Claims journey');
  const ada = await joinAs(browser, server.url);
  const bob = await joinAs(browser, server.url);
  await openBoard(ada, boardId, 'Ada');
  await openBoard(bob, boardId, 'Bob');
  const { page } = ada;

  await test.step('place a journey map from the template menu: one undo step, in the viewport', async () => {
    await page.getByTestId('templates-button').click();
    await page.getByTestId('stage-preset').selectOption('beforeDuringAfter');
    await page.getByTestId('lane-set').selectOption('minimal');
    await page.getByTestId('place-journey-map').click();
    await expect(page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    await expect(bob.page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    const inViewport = await page.evaluate(() => {
      const editor = window.__journeyboard?.editor;
      const map = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-map');
      const bounds = map && editor?.getShapePageBounds(map);
      return Boolean(bounds && editor?.getViewportPageBounds().contains(bounds));
    });
    expect(inViewport).toBe(true);
    await page.evaluate(() => {
      window.__journeyboard?.editor.undo();
    });
    await expect(page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(0);
    await page.evaluate(() => {
      window.__journeyboard?.editor.redo();
    });
    await expect(page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
  });

  let map = await onlyMap(page);

  await test.step('rename a stage in place', async () => {
    const title = await cellPoint(page, map, 0, 0, 0.5, -0.4);
    await page.mouse.dblclick(title.x, title.y);
    const stageInput = page.locator('.jb-stage-input').first();
    await expect(stageInput).toBeVisible();
    await stageInput.fill('Discover the damage');
    await page.keyboard.press('Escape');
    await expect(bob.page.getByTestId('journey-stage').first()).toHaveText('Discover the damage');
    map = await onlyMap(page);
  });

  await test.step('add cards to three cells and set a touchpoint channel and owner', async () => {
    await page.evaluate(() => {
      window.__journeyboard?.editor.selectNone();
    });
    await addNote(page, await cellPoint(page, map, 0, 0), 'Notices water damage');
    await addNote(page, await cellPoint(page, map, 1, 0), 'Reports the claim');
    await addNote(page, await cellPoint(page, map, 1, 1), 'Claims hotline');
    // The new card is still selected, and a click on a selected card starts editing its text, whose
    // editor takes the focus a moment later (once it stole the owner typed below). A click on a card
    // that is not selected selects it.
    await page.evaluate(() => {
      window.__journeyboard?.editor.selectNone();
    });
    await page.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Claims hotline' }).click();
    await expect(page.getByTestId('touchpoint-panel')).toBeVisible();
    await page.getByTestId('touchpoint-channel').selectOption('phone');
    await page.getByTestId('touchpoint-owner').fill('Claims service team');
    await expect(page.getByTestId('touchpoint-owner')).toHaveValue('Claims service team');
    // tldraw adds the last editor's name to a note (its attribution); the card's own text is unchanged.
    await expect(page.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Claims hotline' })).toContainText('Claims hotline');
  });

  await test.step('drop an emotion point and drag it to delight', async () => {
    await page.evaluate(() => {
      window.__journeyboard?.editor.selectNone();
    });
    await page.getByTestId('tools.journey-emotion').click();
    const start = await cellPoint(page, map, 2, 2, 0.5, 0.5);
    await page.mouse.click(start.x, start.y);
    const point = page.getByTestId('emotion-point');
    await expect(point).toHaveAttribute('data-score', '0');
    // The tool stays for the next point until Escape.
    await page.keyboard.press('Escape');
    // A second press on the same spot would count as a double-click: press elsewhere in between.
    const elsewhere = await cellPoint(page, map, 0, 3);
    await page.mouse.click(elsewhere.x, elsewhere.y);
    // That click selects the map and opens its inspector beside the canvas, which may move the
    // camera: read the point's place and the target again once the view is still.
    let lastBox = '';
    await expect
      .poll(async () => {
        const box = JSON.stringify(await point.boundingBox());
        const still = box === lastBox;
        lastBox = box;
        return still;
      })
      .toBe(true);
    const box = await point.boundingBox();
    if (!box) throw new Error('the emotion point is not on screen');
    const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const top = await cellPoint(page, map, 2, 2, 0.5, 0.05);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(top.x, top.y, { steps: 12 });
    await page.mouse.up();
    await expect(point).toHaveAttribute('data-score', '2');
    await expect(bob.page.getByTestId('emotion-point')).toHaveAttribute('data-score', '2');
  });

  await test.step('connect two cards with an arrow', async () => {
    await page.evaluate(() => {
      window.__journeyboard?.editor.selectNone();
    });
    const from = await cellPoint(page, map, 0, 0);
    const to = await cellPoint(page, map, 1, 0);
    await page.getByTestId('tools.arrow').click();
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();
    await expect(bob.page.locator('.tl-shape[data-shape-type="arrow"]')).toHaveCount(1);
  });

  await test.step('the API returns exactly that structure', async () => {
    await expect.poll(async () => cardTexts(await journeyFromApi(boardId))).toEqual({
      'Discover the damage / steps': ['Notices water damage'],
      'During / steps': ['Reports the claim'],
      'During / touchpoints': ['Claims hotline'],
    });
    const data = await journeyFromApi(boardId);
    const map0 = data.maps[0];
    expect(map0?.stages.map((s) => s.label)).toEqual(['Discover the damage', 'During', 'After']);
    const hotline = map0?.cells.flatMap((c) => c.cards).find((c) => c.text === 'Claims hotline');
    expect(hotline?.touchpoint).toMatchObject({ channel: 'phone', mode: 'analog', owner: 'Claims service team' });
    expect(map0?.emotionCurve.map((p) => [p.score, map0.stages.find((s) => s.id === p.stageId)?.label])).toEqual([[2, 'After']]);
    const textOf = new Map(map0?.cells.flatMap((c) => c.cards.map((card) => [card.id, card.text])));
    expect(data.flows.map((f) => [textOf.get(f.fromId), textOf.get(f.toId), f.mapId === map0?.id])).toEqual([
      ['Notices water damage', 'Reports the claim', true],
    ]);
  });

  await test.step("the Data panel shows it, in the other participant's browser too", async () => {
    await bob.page.getByTestId('data-button').click();
    const panel = bob.page.getByTestId('data-panel');
    await expect(panel.getByTestId('data-stage').first()).toHaveText('Discover the damage');
    await expect(panel.getByTestId('data-cell-1-1')).toContainText('Claims hotline');
    await expect(panel.getByTestId('data-cell-1-1')).toContainText('Claims service team');
    await expect(panel.getByTestId('data-cell-0-0')).toContainText('Notices water damage');
    await expect(panel.getByTestId('data-emotion-curve')).toHaveAttribute('data-scores', '2');
    await expect(panel.getByTestId('data-flows')).toContainText('1');
  });

  await page.screenshot({ path: 'test-results/journey-map.png' });
  expectHealthy(ada);
  expectHealthy(bob);
  await ada.context.close();
  await bob.context.close();
});
