import { expect, test, type Browser, type Page } from '@playwright/test';
import { shareLinkPath } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { placeMapWithCard } from './mapWithCard.ts';

/**
 * The board's chrome never covers itself or tldraw's UI, at the usual desktop sizes, in English
 * and German, with no panel, with each side panel tab, and with the share dialog and the menus
 * open; the selected card stays visible beside the panel.
 * LAYOUT_SHOTS=<dir> also writes a screenshot of every state there.
 */

let server: RunningServer;
let board: { id: string; facilitatorToken: string };

test.beforeAll(async () => {
  server = await startServer();
  const created = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Claims journey workshop' }),
  });
  board = (await created.json()) as { id: string; facilitatorToken: string };
  // A workshop runs on the board, so its banner (step, time left, instructions) is part of the chrome checked.
  const asFacilitator = (method: string, path: string, body: unknown) =>
    fetch(`${server.url}/api/boards/${board.id}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${board.facilitatorToken}` }, body: JSON.stringify(body) });
  const step = { id: 'warm-up', title: 'Warm-up and goal', instructions: 'Who is here, and which journey do we map today? Agree on the scope: where does it start, where does it end?', area: null, timeboxMs: 30 * 60_000, activity: { kind: 'discussion' } };
  expect((await asFacilitator('PUT', '/agenda', { steps: [step, { ...step, id: 'map', title: 'Map the steps' }] })).status).toBe(200);
  expect((await asFacilitator('POST', '/workshop', { action: 'start' })).status).toBe(200);
});

test.afterAll(async () => {
  await server.stop();
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

const TABS = [
  { state: 'inspector', button: 'inspector-button' },
  { state: 'data', button: 'data-button' },
  { state: 'comments', button: 'comments-toggle' },
  { state: 'history', button: 'history-button' },
  { state: 'agenda', button: 'agenda-button' },
  { state: 'live', button: 'livedata-button' },
  { state: 'webhooks', button: 'webhooks-button' },
] as const;

const MENUS = [
  { state: 'share dialog', button: 'share-button', open: 'share-dialog' },
  { state: 'export menu', button: 'export-button', open: 'export-menu' },
  { state: 'facilitator menu', button: 'facilitate-button', open: 'facilitator-panel' },
  { state: 'templates menu', button: 'templates-button', open: 'template-menu' },
] as const;

interface Covered {
  control: string;
  point: string;
  coveredBy: string;
}

/**
 * Every visible control of the chrome and of tldraw's panels, checked with elementFromPoint at its
 * centre and four inset corners. Controls under an open menu or dialog are covered on purpose
 * (the menu is on top); the menu's own controls are checked instead.
 */
function coveredControls(page: Page): Promise<Covered[]> {
  return page.evaluate(() => {
    const describe = (el: Element | null) => {
      if (!el) return 'nothing (outside the window)';
      const testId = el.closest('[data-testid]')?.getAttribute('data-testid');
      const label = el.getAttribute('aria-label') ?? el.getAttribute('title') ?? el.textContent?.trim().slice(0, 30) ?? '';
      return `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]}${testId ? `[${testId}]` : ''} "${label}"`;
    };
    const overlays = [...document.querySelectorAll('.dialog-backdrop, .jb-template-menu, .jb-export-menu, .jb-facilitate-menu:not([hidden])')];
    const modal = document.querySelector('.dialog-backdrop');
    const roots = modal
      ? [modal]
      : [...document.querySelectorAll('.jb-topbar-host, .jb-side-host, .tlui-layout__top, .tlui-layout__bottom, .jb-template-menu, .jb-export-menu, .jb-facilitate-menu')];
    const controls = new Set<Element>();
    for (const root of roots) for (const el of root.querySelectorAll('button, a[href], input, select, textarea')) controls.add(el);
    const problems: Covered[] = [];
    for (const control of controls) {
      if (!(control as HTMLElement).checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const rect = control.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) continue;
      const inOverlay = overlays.some((overlay) => overlay.contains(control));
      const underOverlay =
        !inOverlay &&
        overlays.some((overlay) => {
          const o = overlay.getBoundingClientRect();
          return rect.left < o.right && rect.right > o.left && rect.top < o.bottom && rect.bottom > o.top;
        });
      if (underOverlay) continue;
      // A control scrolled out of its panel (a tablet's bottom sheet is short) is a scroll away, not covered.
      let scroller = control.parentElement;
      while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
      const view = scroller?.getBoundingClientRect();
      if (view && (rect.top < view.top || rect.bottom > view.bottom)) continue;
      // A quarter in from each edge: tldraw's own buttons overlap their neighbours' outer pixels by design.
      const inset = Math.min(rect.width, rect.height) / 4;
      const points: [string, number, number][] = [
        ['centre', rect.left + rect.width / 2, rect.top + rect.height / 2],
        ['top left', rect.left + inset, rect.top + inset],
        ['top right', rect.right - inset, rect.top + inset],
        ['bottom left', rect.left + inset, rect.bottom - inset],
        ['bottom right', rect.right - inset, rect.bottom - inset],
      ];
      for (const [name, x, y] of points) {
        const hit = document.elementFromPoint(x, y);
        if (hit && (hit === control || control.contains(hit))) continue;
        problems.push({ control: describe(control), point: name, coveredBy: describe(hit) });
        break;
      }
    }
    return problems;
  });
}

/** Where the selected card is on screen, and the part of the canvas not covered by the side panel. */
function selectedCardPlacement(page: Page) {
  return page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    if (!editor) throw new Error('no editor');
    const bounds = editor.getSelectionPageBounds();
    if (!bounds) return null;
    const container = editor.getContainer().getBoundingClientRect();
    const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY });
    const bottomRight = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY });
    const side = document.querySelector('.jb-side-host')?.getBoundingClientRect();
    // Beside the canvas on desktops; on a tablet a bottom sheet under it (then the canvas ends above it).
    const panelBeside = side !== undefined && side.width > 0 && side.top <= container.top + 1;
    return {
      card: { left: container.left + topLeft.x, top: container.top + topLeft.y, right: container.left + bottomRight.x, bottom: container.top + bottomRight.y },
      canvas: { left: container.left, top: container.top, right: container.right, bottom: container.bottom },
      panelLeft: panelBeside ? side.left : window.innerWidth,
    };
  });
}

async function settle(page: Page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function selectTheCard(page: Page) {
  await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    const card = editor?.getCurrentPageShapes().find((shape) => shape.type === 'note');
    if (!editor || !card) throw new Error('no card');
    editor.select(card.id);
  });
}

async function expectNothingCovered(page: Page, language: string, state: string) {
  await settle(page);
  const shots = process.env.LAYOUT_SHOTS;
  if (shots) {
    const size = page.viewportSize();
    await page.screenshot({ path: `${shots}/${size?.width}x${size?.height}-${language}-${state.replace(/\s+/g, '-')}.png` });
  }
  expect(await coveredControls(page), `controls covered with ${state} open`).toEqual([]);
  const placement = await selectedCardPlacement(page);
  expect(placement, `a card is selected with ${state}`).not.toBeNull();
  if (!placement) return;
  const { card, canvas, panelLeft } = placement;
  expect(card.left, `the selected card is inside the canvas (${state})`).toBeGreaterThanOrEqual(canvas.left);
  expect(card.top).toBeGreaterThanOrEqual(canvas.top);
  expect(card.bottom).toBeLessThanOrEqual(canvas.bottom);
  expect(card.right, `the selected card is not under the side panel (${state})`).toBeLessThanOrEqual(Math.min(canvas.right, panelLeft));
}

async function openFacilitatorBoard(browser: Browser, size: { width: number; height: number }, hasTouch = false) {
  const context = await browser.newContext({ viewport: size, locale: 'en-US', hasTouch });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${server.url}${shareLinkPath(board.id, board.facilitatorToken)}`);
  const nameInput = page.getByTestId('display-name-input');
  await nameInput.pressSequentially('Fiona');
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  return { context, page, pageErrors };
}

/** The facilitator's board in `language` with the map's card selected, which opens the inspector by itself. */
async function boardWithSelectedCard(browser: Browser, size: { width: number; height: number }, language: 'en' | 'de', hasTouch = false) {
  const opened = await openFacilitatorBoard(browser, size, hasTouch);
  const { page } = opened;
  await page.getByTestId(`language-${language}`).click();
  await placeMapWithCard(page);
  await page.evaluate(() => {
    window.__journeyboard?.editor.zoomToFit();
  });
  await selectTheCard(page);
  await expect(page.getByTestId('side-panel')).toHaveAttribute('data-tab', 'inspector');
  return opened;
}

for (const size of SIZES) {
  test(`nothing covers the chrome at ${size.width}x${size.height}, in English and German`, async ({ browser }) => {
    test.setTimeout(120_000);
    for (const language of ['en', 'de'] as const) {
      const { context, page, pageErrors } = await boardWithSelectedCard(browser, size, language);
      // Closing the inspector the selection opened gives "no panel".
      await page.getByTestId('side-panel-close').click();
      await expect(page.getByTestId('side-panel')).toHaveCount(0);
      await expect(page.getByTestId('agenda-banner-instructions')).toBeVisible();
      await expectNothingCovered(page, language, 'no panel');

      for (const tab of TABS) {
        await page.getByTestId(tab.button).click();
        await expect(page.getByTestId('side-panel')).toBeVisible();
        await selectTheCard(page);
        await expectNothingCovered(page, language, `the ${tab.state} tab`);
      }
      await page.getByTestId('side-panel-close').click();

      for (const menu of MENUS) {
        await page.getByTestId(menu.button).click();
        await expect(page.getByTestId(menu.open)).toBeVisible();
        await expectNothingCovered(page, language, `the ${menu.state}`);
        if (menu.open === 'share-dialog') await page.getByTestId('share-dialog').getByRole('button').last().click();
        else if (await page.getByTestId(menu.open).isVisible()) await page.getByTestId(menu.button).click();
        await expect(page.getByTestId(menu.open)).toBeHidden();
      }
      expect(pageErrors).toEqual([]);
      await context.close();
    }
  });
}

/**
 * The top bar's controls, their vertical centres and the bar's height: one row means every control
 * sits on the same line (±4px) and the bar is no taller than one control row.
 */
function topBarRows(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('.jb-topbar');
    if (!bar) throw new Error('no top bar');
    const controls = [...bar.querySelectorAll('button, a[href], input, select, [data-testid="session-timer"], [data-testid="vote-status"], [data-testid="leader-notice"]')].filter(
      (el) => (el as HTMLElement).checkVisibility() && el.getBoundingClientRect().width > 1,
    );
    const centres = controls.map((el) => {
      const rect = el.getBoundingClientRect();
      const testId = el.closest('[data-testid]')?.getAttribute('data-testid') ?? el.tagName.toLowerCase();
      return { control: testId, centre: Math.round(rect.top + rect.height / 2) };
    });
    return { height: Math.round(bar.getBoundingClientRect().height), centres };
  });
}

async function expectTopBarOneRow(page: Page, state: string) {
  const { height, centres } = await topBarRows(page);
  expect(centres.length, `the top bar has controls (${state})`).toBeGreaterThan(5);
  const first = centres[0]!.centre;
  const offRow = centres.filter(({ centre }) => Math.abs(centre - first) > 4);
  expect(offRow, `every top bar control on one row (${state})`).toEqual([]);
  expect(height, `the top bar is one row high (${state})`).toBeLessThanOrEqual(48);
  expect(await coveredControls(page), `nothing covered (${state})`).toEqual([]);
}

test('the top bar is one row at 1280x720 and 1440x900 in English and German, for a facilitator with the timer running and a participant present', async ({ browser }) => {
  test.setTimeout(120_000);
  // Ben joins with the plain board link; the facilitator leads, so Ben's bar also shows who leads.
  const participant = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'de-DE' });
  const ben = await participant.newPage();
  await ben.goto(`${server.url}/b/${board.id}`);
  await ben.getByTestId('display-name-input').pressSequentially('Ben');
  await ben.getByTestId('display-name-submit').click();
  await expect(ben.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  await ben.getByTestId('language-de').click();

  for (const size of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    for (const language of ['en', 'de'] as const) {
      const { context, page, pageErrors } = await openFacilitatorBoard(browser, size);
      await page.getByTestId(`language-${language}`).click();
      // Ben's avatar (the facilitator's earlier windows may still linger in presence for a while).
      await expect(page.getByTestId('presence-avatar').filter({ hasText: 'BE' })).toHaveCount(1);
      await page.getByTestId('facilitate-button').click();
      if ((await page.getByTestId('session-timer').count()) === 0) {
        await page.getByTestId('timer-minutes').fill('30');
        await page.getByTestId('timer-start').click();
      }
      await page.getByTestId('follow-me').click();
      await page.getByTestId('facilitate-button').click();
      await expect(page.getByTestId('session-timer')).toHaveAttribute('data-status', 'running');
      await settle(page);
      const shots = process.env.LAYOUT_SHOTS;
      if (shots) await page.screenshot({ path: `${shots}/${size.width}x${size.height}-${language}-top-bar.png` });
      await expectTopBarOneRow(page, `facilitator, ${size.width}x${size.height}, ${language}`);

      await ben.setViewportSize(size);
      await ben.getByTestId(`language-${language}`).click();
      await expect(ben.getByTestId('leader-notice')).toBeVisible();
      await settle(ben);
      await expectTopBarOneRow(ben, `participant, ${size.width}x${size.height}, ${language}`);

      await page.getByTestId('facilitate-button').click();
      await page.getByTestId('follow-me').click();
      await page.getByTestId('facilitate-button').click();
      expect(pageErrors).toEqual([]);
      await context.close();
    }
  }
  await participant.close();
});

test('on a tablet (1024x768 and 768x1024, touch) the side panel sits beside or under the canvas and nothing covers anything', async ({ browser }) => {
  test.setTimeout(180_000);
  for (const size of [
    { width: 1024, height: 768 },
    { width: 768, height: 1024 },
  ]) {
    for (const language of ['en', 'de'] as const) {
      const { context, page, pageErrors } = await boardWithSelectedCard(browser, size, language, true);
      await expectNothingCovered(page, language, 'tablet inspector');
      await page.getByTestId('side-panel-close').click();
      await expect(page.getByTestId('side-panel')).toHaveCount(0);
      await expectNothingCovered(page, language, 'tablet no panel');
      for (const tab of TABS) {
        await page.getByTestId(tab.button).click();
        await expect(page.getByTestId('side-panel')).toHaveAttribute('data-tab', tab.state === 'webhooks' ? 'live' : tab.state);
        await selectTheCard(page);
        await expectNothingCovered(page, language, `tablet ${tab.state} tab`);
      }
      expect(pageErrors).toEqual([]);
      await context.close();
    }
  }
});
