import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { JourneyDataSchema, type JourneyData } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { addNote, drawRectangle, expectHealthy, joinAs, openBoard, type Participant } from './participants.ts';

/** The journey map as one object: selected by a click on any part of it, edited by a double-click, Enter or the inspector. */

let server: RunningServer;
const SHOTS = process.env.SHOTS_DIR ?? 'test-results/map-editing';

test.beforeAll(async () => {
  server = await startServer();
  mkdirSync(SHOTS, { recursive: true });
});

test.afterAll(async () => {
  await server.stop();
});

interface MapInfo {
  id: string;
  x: number;
  y: number;
  w: number;
  titleHeight: number;
  headerHeight: number;
  laneHeaderWidth: number;
  stageWidths: number[];
  laneHeights: number[];
  emotionsLane: number;
}

async function onlyMap(page: Page): Promise<MapInfo> {
  return page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    const map = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-map');
    if (!editor || !map || map.type !== 'journey-map') throw new Error('no journey map');
    const p = map.props;
    return {
      id: map.id,
      x: map.x,
      y: map.y,
      w: p.w,
      titleHeight: p.titleHeight,
      headerHeight: p.headerHeight,
      laneHeaderWidth: p.laneHeaderWidth,
      stageWidths: p.stages.map((s) => s.width),
      laneHeights: p.lanes.map((l) => l.height),
      emotionsLane: p.lanes.findIndex((l) => l.kind === 'emotions'),
    };
  });
}

async function toScreen(page: Page, point: { x: number; y: number }): Promise<{ x: number; y: number }> {
  return page.evaluate((p) => {
    const editor = window.__journeyboard?.editor;
    if (!editor) throw new Error('no editor');
    const screen = editor.pageToViewport(p);
    const container = editor.getContainer().getBoundingClientRect();
    return { x: screen.x + container.left, y: screen.y + container.top };
  }, point);
}

const sum = (values: number[], count: number) => values.slice(0, count).reduce((a, b) => a + b, 0);

/** Screen points on the parts of the map a person clicks. */
const parts = {
  title: (m: MapInfo) => ({ x: m.x + m.laneHeaderWidth + 40, y: m.y + m.titleHeight / 2 }),
  stageHeader: (m: MapInfo, stage: number) => ({
    x: m.x + m.laneHeaderWidth + sum(m.stageWidths, stage) + (m.stageWidths[stage] ?? 0) / 2,
    y: m.y + m.titleHeight + m.headerHeight / 2,
  }),
  laneLabel: (m: MapInfo, lane: number) => ({
    x: m.x + m.laneHeaderWidth / 2,
    y: m.y + m.titleHeight + m.headerHeight + sum(m.laneHeights, lane) + (m.laneHeights[lane] ?? 0) / 2,
  }),
  cell: (m: MapInfo, stage: number, lane: number, fx = 0.5, fy = 0.5) => ({
    x: m.x + m.laneHeaderWidth + sum(m.stageWidths, stage) + (m.stageWidths[stage] ?? 0) * fx,
    y: m.y + m.titleHeight + m.headerHeight + sum(m.laneHeights, lane) + (m.laneHeights[lane] ?? 0) * fy,
  }),
};

async function journeyFromApi(boardId: string): Promise<JourneyData> {
  const response = await fetch(`${server.url}/api/boards/${boardId}/journey`);
  return JourneyDataSchema.parse(await response.json());
}

const editingId = (page: Page) => page.evaluate(() => window.__journeyboard?.editor.getEditingShapeId() ?? null);
const selectedIds = (page: Page) => page.evaluate(() => window.__journeyboard?.editor.getSelectedShapeIds() ?? []);
const shapeCount = (page: Page, type: string) =>
  page.evaluate((t) => window.__journeyboard?.editor.getCurrentPageShapes().filter((s) => s.type === t).length ?? -1, type);
const currentTool = (page: Page) => page.evaluate(() => window.__journeyboard?.editor.getCurrentToolId());

/** Escape twice: leaves any editing, then clears the selection (tldraw's select tool). */
async function deselect(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect.poll(() => selectedIds(page)).toEqual([]);
}

async function boardWithMap(participant: Participant, title: string, language: 'en' | 'de' = 'en'): Promise<{ boardId: string; map: MapInfo }> {
  const boardId = await createBoard(server.url, title);
  await openBoard(participant, boardId, 'Ada');
  const { page } = participant;
  // The map is placed in the interface's language.
  if (language !== 'en') await page.getByTestId(`language-${language}`).click();
  await page.getByTestId('templates-button').click();
  await page.getByTestId('place-journey-map').click();
  await expect(page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
  await page.keyboard.press('Escape');
  // The whole map in view, clear of the chrome, whatever the placement chose.
  await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    const map = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-map');
    const bounds = map && editor?.getShapePageBounds(map);
    if (bounds) editor?.zoomToBounds(bounds, { inset: 240, animation: { duration: 0 } });
  });
  return { boardId, map: await onlyMap(page) };
}

/**
 * Fields of the open structure editor that are hidden: the title, the stage names, the add
 * controls and the first lane's name and buttons must lie inside the window; every field on screen
 * must be what the browser finds at its centre and corners (nothing of the chrome lies over it).
 * Lanes of a tall map may be a scroll away, at the bottom of the canvas or below the window.
 */
async function hiddenEditorFields(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const mustShow = new Set([
      ...document.querySelectorAll<HTMLElement>('.jb-map-title-input, .jb-stage-input, .jb-map-add > *'),
      ...document.querySelectorAll<HTMLElement>('.jb-lane:first-of-type .jb-lane-input, .jb-lane:first-of-type .jb-map-button'),
    ]);
    const fields = [...document.querySelectorAll<HTMLElement>('.jb-map-title-input, .jb-stage-input, .jb-lane-input, .jb-map-add > *, .jb-map .jb-map-button')];
    if (mustShow.size === 0 || fields.length === 0) return ['no fields'];
    const problems: string[] = [];
    for (const field of fields) {
      const box = field.getBoundingClientRect();
      const name = field.getAttribute('aria-label') ?? field.textContent ?? field.className;
      // tldraw's toolbar and zoom menu lie over the bottom of the canvas, like over any content there.
      const scrolledAway = box.bottom > window.innerHeight - 88;
      if (scrolledAway && !mustShow.has(field)) continue;
      // Corners a little inside: the browser leaves a rounded corner's outside to what lies below.
      const inset = Math.min(3, box.width / 4, box.height / 4);
      const points = [
        [box.left + box.width / 2, box.top + box.height / 2],
        [box.left + inset, box.top + inset],
        [box.right - inset, box.top + inset],
        [box.left + inset, box.bottom - inset],
        [box.right - inset, box.bottom - inset],
      ] as const;
      for (const [x, y] of points) {
        if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) {
          problems.push(`${name}: outside the window at ${Math.round(x)},${Math.round(y)}`);
          break;
        }
        const hit = document.elementFromPoint(x, y);
        if (!hit || (hit !== field && !field.contains(hit))) {
          problems.push(`${name}: covered at ${Math.round(x)},${Math.round(y)} by ${hit?.className || hit?.tagName}`);
          break;
        }
      }
    }
    return problems;
  });
}

test('after a note was added and deselected, a double-click on a stage header opens the map editor and renames the stage', async ({ browser }) => {
  const ada = await joinAs(browser, server.url);
  await ada.page.setViewportSize({ width: 1440, height: 900 });
  const { page } = ada;
  const { boardId, map } = await boardWithMap(ada, 'Rename after a note');
  await addNote(page, await toScreen(page, parts.cell(map, 0, 0)), 'Notices water damage');
  await deselect(page);

  const header = await toScreen(page, parts.stageHeader(map, 1));
  await page.mouse.dblclick(header.x, header.y);
  await expect.poll(() => editingId(page)).toBe(map.id);
  const stageInput = page.locator('.jb-stage-input').nth(1);
  await expect(stageInput).toBeVisible();
  await stageInput.fill('Report the claim');
  await page.keyboard.press('Escape');
  await expect.poll(() => editingId(page)).toBeNull();

  await expect.poll(async () => (await journeyFromApi(boardId)).maps[0]?.stages[1]?.label).toBe('Report the claim');
  expect(await shapeCount(page, 'text')).toBe(0);
  // The note is still in its cell.
  const data = await journeyFromApi(boardId);
  const stage0 = data.maps[0]?.stages[0]?.id;
  expect(data.maps[0]?.cells.find((c) => c.cards.some((card) => card.text === 'Notices water damage'))?.stageId).toBe(stage0);
  expectHealthy(ada);
  await ada.context.close();
});

test('a click on the title, a stage header, a lane label or an empty cell selects the map; cards above it stay their own', async ({ browser }) => {
  const ada = await joinAs(browser, server.url);
  await ada.page.setViewportSize({ width: 1440, height: 900 });
  const { page } = ada;
  const { boardId, map } = await boardWithMap(ada, 'Click to select');
  await addNote(page, await toScreen(page, parts.cell(map, 1, 0)), 'Reports the claim');
  await deselect(page);

  for (const [name, point] of [
    ['title', parts.title(map)],
    ['stage header', parts.stageHeader(map, 2)],
    ['lane label', parts.laneLabel(map, 1)],
    ['empty cell', parts.cell(map, 2, 1)],
  ] as const) {
    const at = await toScreen(page, point);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => selectedIds(page), { message: `a click on the ${name}` }).toEqual([map.id]);
    await deselect(page);
  }

  // A click on a card in a cell selects the card, and a drag moves it to another cell.
  const noteId = await page.evaluate(() => window.__journeyboard?.editor.getCurrentPageShapes().find((s) => s.type === 'note')?.id);
  const from = await toScreen(page, parts.cell(map, 1, 0));
  await page.mouse.click(from.x, from.y);
  await expect.poll(() => selectedIds(page)).toEqual([noteId]);
  // A press elsewhere first: a second press on the same spot would be a double-click (editing the text).
  const elsewhere = await toScreen(page, parts.cell(map, 3, 2));
  await page.mouse.click(elsewhere.x, elsewhere.y);
  // The empty cell selected the map; a press on a card in it still drags the card, not the map.
  await expect.poll(() => selectedIds(page)).toEqual([map.id]);
  const to = await toScreen(page, parts.cell(map, 2, 1));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
  await expect
    .poll(async () => {
      const data = await journeyFromApi(boardId);
      const m = data.maps[0];
      const cell = m?.cells.find((c) => c.cards.some((card) => card.text === 'Reports the claim'));
      return [m?.stages.findIndex((s) => s.id === cell?.stageId), m?.lanes.findIndex((l) => l.id === cell?.laneId)];
    })
    .toEqual([2, 1]);
  const after = await onlyMap(page);
  expect([after.x, after.y]).toEqual([map.x, map.y]);
  await deselect(page);

  // A hollow rectangle drawn in a cell stays selectable by its outline.
  const topLeft = parts.cell(map, 3, 1, 0.2, 0.2);
  const bottomRight = parts.cell(map, 3, 1, 0.8, 0.8);
  await drawRectangle(page, await toScreen(page, topLeft), await toScreen(page, bottomRight));
  await page.keyboard.press('Escape');
  await deselect(page);
  const rectangleId = await page.evaluate(() => window.__journeyboard?.editor.getCurrentPageShapes().find((s) => s.type === 'geo')?.id);
  const edge = await toScreen(page, { x: topLeft.x, y: (topLeft.y + bottomRight.y) / 2 });
  await page.mouse.click(edge.x, edge.y);
  await expect.poll(() => selectedIds(page)).toEqual([rectangleId]);
  expectHealthy(ada);
  await ada.context.close();
});

test('Enter on the selected map and the inspector button open the editor, whose fields are all on screen', async ({ browser }) => {
  const ada = await joinAs(browser, server.url);
  const { page } = ada;
  await page.setViewportSize({ width: 1440, height: 900 });
  const { map } = await boardWithMap(ada, 'Open the editor');
  await addNote(page, await toScreen(page, parts.cell(map, 0, 1)), 'Claims hotline');
  await deselect(page);

  const title = await toScreen(page, parts.title(map));
  await page.mouse.click(title.x, title.y);
  await expect.poll(() => selectedIds(page)).toEqual([map.id]);
  await page.keyboard.press('Enter');
  await expect.poll(() => editingId(page)).toBe(map.id);
  await expect(page.locator('.jb-stage-input').first()).toBeVisible();
  await page.waitForFunction(() => !window.__journeyboard?.editor.getCameraState || window.__journeyboard.editor.getCameraState() === 'idle');
  await page.screenshot({ path: `${SHOTS}/map-editor-1440x900.png` });
  await expect.poll(() => hiddenEditorFields(page)).toEqual([]);
  await deselect(page);

  const laneLabel = await toScreen(page, parts.laneLabel(map, 0));
  await page.mouse.click(laneLabel.x, laneLabel.y);
  await expect.poll(() => selectedIds(page)).toEqual([map.id]);
  // The inspector is a tab of the side panel; the map does not open it by itself.
  if (!(await page.getByTestId('map-edit-structure').isVisible())) await page.getByTestId('inspector-button').click();
  await page.getByTestId('map-edit-structure').click();
  await expect.poll(() => editingId(page)).toBe(map.id);
  await expect.poll(() => hiddenEditorFields(page)).toEqual([]);
  await page.locator('.jb-lane-input').first().fill('Customer steps');
  await deselect(page);
  await expect(page.getByTestId('journey-lane').first()).toHaveText('Customer steps');

  await page.setViewportSize({ width: 1280, height: 720 });
  const header = await toScreen(page, parts.stageHeader(map, 0));
  await page.mouse.dblclick(header.x, header.y);
  await expect.poll(() => editingId(page)).toBe(map.id);
  await page.waitForFunction(() => !window.__journeyboard?.editor.getCameraState || window.__journeyboard.editor.getCameraState() === 'idle');
  await page.screenshot({ path: `${SHOTS}/map-editor-1280x720.png` });
  await expect.poll(() => hiddenEditorFields(page)).toEqual([]);
  expect(await shapeCount(page, 'text')).toBe(0);
  expectHealthy(ada);
  await ada.context.close();
});

test('a workshop canvas is selected by a click on its title and renamed by a double-click there', async ({ browser }) => {
  const ada = await joinAs(browser, server.url);
  const { page } = ada;
  await page.setViewportSize({ width: 1440, height: 900 });
  const boardId = await createBoard(server.url, 'Canvas title');
  await openBoard(ada, boardId, 'Ada');
  const canvasId = await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    if (!editor) throw new Error('no editor');
    const centre = editor.getViewportPageBounds().center;
    editor.createShape({ type: 'journey-workshop', x: centre.x - 600, y: centre.y - 350 });
    const canvas = editor.getCurrentPageShapes().find((s) => s.type === 'journey-workshop');
    if (!canvas) throw new Error('no canvas');
    editor.zoomToBounds(editor.getShapePageBounds(canvas)!, { inset: 120, animation: { duration: 0 } });
    editor.selectNone();
    return String(canvas.id);
  });
  const titlePoint = await page.evaluate((id) => {
    const editor = window.__journeyboard?.editor;
    const canvas = editor?.getCurrentPageShapes().find((s) => s.id === id);
    if (!editor || !canvas || canvas.type !== 'journey-workshop') throw new Error('no canvas');
    const screen = editor.pageToViewport({ x: canvas.x + 200, y: canvas.y + canvas.props.titleHeight / 2 });
    const container = editor.getContainer().getBoundingClientRect();
    return { x: screen.x + container.left, y: screen.y + container.top };
  }, canvasId);
  await page.mouse.click(titlePoint.x, titlePoint.y);
  await expect.poll(() => selectedIds(page)).toEqual([canvasId]);
  await deselect(page);
  await page.mouse.dblclick(titlePoint.x, titlePoint.y);
  await expect.poll(() => editingId(page)).toBe(canvasId);
  const field = page.getByTestId('workshop-canvas-title');
  await expect(field).toBeFocused();
  await field.fill('Empathy map: Ada');
  await page.keyboard.press('Enter');
  await expect.poll(() => editingId(page)).toBeNull();
  await expect
    .poll(() => page.evaluate((id) => {
      const canvas = window.__journeyboard?.editor.getCurrentPageShapes().find((s) => s.id === id);
      return canvas?.type === 'journey-workshop' ? canvas.props.title : null;
    }, canvasId))
    .toBe('Empathy map: Ada');
  expect(await shapeCount(page, 'text')).toBe(0);
  expectHealthy(ada);
  await ada.context.close();
});

test('the emotion point tool places points in a row until Escape', async ({ browser }) => {
  const ada = await joinAs(browser, server.url);
  const { page } = ada;
  await page.setViewportSize({ width: 1440, height: 900 });
  const { map } = await boardWithMap(ada, 'Emotion curve');
  await page.getByTestId('tools.journey-emotion').click();
  for (const stage of [0, 1, 2]) {
    const at = await toScreen(page, parts.cell(map, stage, map.emotionsLane, 0.5, stage === 1 ? 0.1 : 0.5));
    await page.mouse.click(at.x, at.y);
    await expect(page.getByTestId('emotion-point')).toHaveCount(stage + 1);
  }
  expect(await currentTool(page)).toBe('journey-emotion');
  await expect(page.getByTestId('emotion-curve')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect.poll(() => currentTool(page)).toBe('select');
  const cell = await toScreen(page, parts.cell(map, 3, map.emotionsLane));
  await page.mouse.click(cell.x, cell.y);
  await expect(page.getByTestId('emotion-point')).toHaveCount(3);
  expectHealthy(ada);
  await ada.context.close();
});

test("a German map's lane labels stay inside their label cells, and the map's edge runs down its full height", async ({ browser }) => {
  const ada = await joinAs(browser, server.url);
  // Tall enough for the whole map at 100%: the edge is checked pixel by pixel, at full size.
  await ada.page.setViewportSize({ width: 1600, height: 2200 });
  await boardWithMap(ada, 'Schadensreise', 'de');
  const { page } = ada;
  await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    const map = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-map');
    if (!editor || !map) throw new Error('no map');
    editor.selectNone();
    editor.setCamera({ x: -map.x + 40, y: -map.y + 10, z: 1 }, { animation: { duration: 0 } });
  });
  const labels = page.getByTestId('journey-lane-label');
  await expect(labels.first()).toHaveText('Schritte');

  const overflowingLabels = () => page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="journey-lane-label"]')].flatMap((label) => {
      const cell = label.closest('.jb-lane-header')?.getBoundingClientRect();
      const box = label.getBoundingClientRect();
      if (!cell) return [`${label.textContent}: no cell`];
      const inside = box.left >= cell.left && box.right <= cell.right + 0.5 && box.top >= cell.top && box.bottom <= cell.bottom + 0.5;
      // Words stay whole: without breaking inside words the longest one must still fit (scrollWidth).
      label.style.overflowWrap = 'normal';
      const wordsFit = label.scrollWidth <= label.clientWidth;
      const width = label.scrollWidth;
      label.style.overflowWrap = '';
      return inside && wordsFit ? [] : [`${label.textContent} (${Math.round(width)}px in ${Math.round(cell.width)}px)`];
    }),
  );
  expect(await overflowingLabels(), 'lane labels running out of their cells at 100%').toEqual([]);
  // Laid out at the zoom a workshop sees the whole map at, too.
  await page.evaluate(() => {
    window.__journeyboard?.editor.zoomToFit({ animation: { duration: 0 } });
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await overflowingLabels(), 'lane labels running out of their cells, the whole map in view').toEqual([]);

  // The map's right edge, one pixel column a pixel inside it, from below the stage headers to the bottom.
  await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    const map = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-map');
    if (!editor || !map || map.type !== 'journey-map') throw new Error('no map');
    editor.selectNone();
    editor.setCamera({ x: -(map.x + map.props.w) + 1100, y: -map.y + 10, z: 1 }, { animation: { duration: 0 } });
  });
  // No hover outline of the map over its edge.
  await page.mouse.move(5, 2190);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const edge = await page.evaluate(() => {
    const box = document.querySelector('[data-testid="journey-map"]')?.getBoundingClientRect();
    if (!box) throw new Error('no map box');
    return { x: Math.floor(box.right) - 1, top: Math.ceil(box.top) + 120, bottom: Math.floor(box.bottom) - 10 };
  });
  expect(edge.bottom, 'the whole map is in the window').toBeLessThan(2200);
  const picture = await page.screenshot({ clip: { x: edge.x, y: edge.top, width: 1, height: edge.bottom - edge.top } });
  const lightRows = await page.evaluate(async (png) => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    const light: number[] = [];
    for (let row = 0; row < image.height; row++) {
      const [r = 0, g = 0, b = 0] = data.subarray(row * image.width * 4, row * image.width * 4 + 3);
      // The edge is #343a40; anything this light is a lane painted over it.
      if ((r + g + b) / 3 > 140) light.push(row);
    }
    return light;
  }, picture.toString('base64'));
  expect(lightRows.length, `rows of the map's right edge without the edge (first at ${lightRows[0]})`).toBe(0);
  expectHealthy(ada);
  await ada.context.close();
});
