import { expect, test, type Page } from '@playwright/test';
import { shareLinkPath } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { placeMapWithCard } from './mapWithCard.ts';
import { expectHealthy, joinAs, openBoard, type Participant } from './participants.ts';

/** The board's chrome as people use it: menus that close on Escape, renaming a board in place. */

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

async function createBoard(title: string, locale: 'en' | 'de' = 'en'): Promise<{ id: string; facilitatorToken: string }> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, locale }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; facilitatorToken: string };
}

async function openAsFacilitator(participant: Participant, board: { id: string; facilitatorToken: string }, name: string): Promise<void> {
  const { page } = participant;
  await page.goto(`${server.url}${shareLinkPath(board.id, board.facilitatorToken)}`);
  await page.getByTestId('display-name-input').pressSequentially(name);
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

const MENUS = [
  { name: 'Facilitate menu', trigger: 'facilitate-button', menu: 'facilitator-panel', field: 'timer-minutes' },
  { name: 'Templates menu', trigger: 'templates-button', menu: 'template-menu', field: 'stage-preset' },
  { name: 'Export menu', trigger: 'export-button', menu: 'export-menu', field: 'export-scope' },
  { name: 'Share dialog', trigger: 'share-button', menu: 'share-dialog', field: null },
] as const;

test('Escape closes every menu of the chrome and gives the focus back to its button', async ({ browser }) => {
  const fay = await joinAs(browser, server.url);
  await openAsFacilitator(fay, await createBoard('Escape'), 'Fay');
  const { page } = fay;
  for (const { name, trigger, menu, field } of MENUS) {
    await test.step(name, async () => {
      // Right after opening it, with the focus on its button.
      await page.getByTestId(trigger).click();
      await expect(page.getByTestId(menu)).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId(menu), `${name} closes on Escape`).toBeHidden();
      await expect.poll(() => focusedTestId(page), `the focus is back on the ${name}'s button`).toBe(trigger);
      if (!field) return;
      // And from a field inside it.
      await page.getByTestId(trigger).click();
      await page.getByTestId(field).focus();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId(menu), `${name} closes on Escape from inside`).toBeHidden();
      await expect.poll(() => focusedTestId(page)).toBe(trigger);
    });
  }
  expectHealthy(fay);
  await fay.context.close();
});

test('the facilitator renames the board in place; the others see the new title without reloading; a viewer has no rename control', async ({ browser }) => {
  const board = await createBoard('Claims journey');
  const viewerLink = await fetch(`${server.url}/api/boards/${board.id}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${board.facilitatorToken}` },
    body: JSON.stringify({ role: 'viewer', label: 'Vic' }),
  });
  expect(viewerLink.status).toBe(201);
  const { token: viewerToken } = (await viewerLink.json()) as { token: string };
  const [fay, ben, vic] = [await joinAs(browser, server.url), await joinAs(browser, server.url), await joinAs(browser, server.url)];
  await openAsFacilitator(fay, board, 'Fay');
  await openBoard(ben, board.id, 'Ben');
  await openAsFacilitator(vic, { id: board.id, facilitatorToken: viewerToken }, 'Vic');

  const title = fay.page.getByTestId('board-title');
  await expect(title).toHaveText('Claims journey');
  await expect(title).toHaveRole('button');

  // Escape and an empty title keep the old title.
  await title.click();
  await fay.page.getByTestId('board-title-input').fill('Not this');
  await fay.page.getByTestId('board-title-input').press('Escape');
  await expect(title).toHaveText('Claims journey');
  await expect(title).toBeFocused();
  await title.click();
  await fay.page.getByTestId('board-title-input').fill('   ');
  await fay.page.getByTestId('board-title-input').press('Enter');
  await expect(title).toHaveText('Claims journey');

  // A title the server would refuse says why and keeps what was typed.
  await title.click();
  await fay.page.getByTestId('board-title-input').fill('x'.repeat(201));
  await fay.page.getByTestId('board-title-input').press('Enter');
  await expect(fay.page.getByTestId('board-title-error')).toContainText('200');
  await expect(fay.page.getByTestId('board-title-input')).toHaveValue('x'.repeat(201));
  await fay.page.getByTestId('board-title-input').press('Escape');
  await expect(title).toHaveText('Claims journey');

  // Enter saves; everyone's top bar follows live.
  await title.click();
  await fay.page.getByTestId('board-title-input').fill('Claims journey 2027');
  await fay.page.getByTestId('board-title-input').press('Enter');
  for (const { page } of [fay, ben, vic]) await expect(page.getByTestId('board-title')).toHaveText('Claims journey 2027');

  // Leaving the field saves too.
  await title.click();
  await fay.page.getByTestId('board-title-input').fill('Claims journey, final');
  await fay.page.getByTestId('tools.select').click();
  await expect(ben.page.getByTestId('board-title')).toHaveText('Claims journey, final');

  await expect(vic.page.getByTestId('board-title')).not.toHaveRole('button');
  await vic.page.getByTestId('board-title').click();
  await expect(vic.page.getByTestId('board-title-input')).toHaveCount(0);
  const stored = (await (await fetch(`${server.url}/api/boards/${board.id}`)).json()) as { title: string };
  expect(stored.title).toBe('Claims journey, final');
  for (const participant of [fay, ben, vic]) {
    expectHealthy(participant);
    await participant.context.close();
  }
});

interface NativeLooking {
  control: string;
  why: string;
}

/**
 * Controls of the chrome (top bar, its menus, the side panel, the share dialog) and of the map's
 * structure editor that look like the browser's own: a button that is not one of tldraw's
 * (.tlui-button) nor one of the app's own designed buttons (the Data panel's card chips); a field
 * or checkbox the browser still draws itself (appearance auto: grey arrows, spinners, grey boxes);
 * a chrome field not filled with tldraw's field colour (--tl-color-low of the current theme).
 */
function nativeLookingControls(page: Page): Promise<NativeLooking[]> {
  return page.evaluate(() => {
    const APP_DESIGNED = ['jb-data-card'];
    const roots = [...document.querySelectorAll('.jb-topbar-host, .jb-side-host, .jb-map, [data-testid="share-dialog"]')];
    const fieldColour = (root: Element) => {
      const probe = document.createElement('div');
      probe.style.background = 'var(--tl-color-low)';
      (root.closest('.jb-chrome') ?? root).appendChild(probe);
      const colour = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return colour;
    };
    const problems: NativeLooking[] = [];
    const seen = new Set<Element>();
    for (const root of roots) {
      const inChrome = root.closest('.jb-chrome') !== null;
      const expectedField = inChrome ? fieldColour(root) : null;
      for (const control of root.querySelectorAll<HTMLElement>('button, select, input, textarea')) {
        if (seen.has(control) || !control.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
        seen.add(control);
        const name = `${control.tagName.toLowerCase()}${control.dataset.testid ? `[${control.dataset.testid}]` : ''} "${(control.getAttribute('aria-label') ?? control.textContent ?? '').trim().slice(0, 30)}"`;
        const style = getComputedStyle(control);
        if (control.tagName === 'BUTTON') {
          if (!control.classList.contains('tlui-button') && !APP_DESIGNED.some((c) => control.classList.contains(c))) {
            problems.push({ control: name, why: 'a plain browser button' });
          }
          continue;
        }
        if (style.appearance !== 'none' && style.appearance !== 'textfield') {
          problems.push({ control: name, why: `drawn by the browser (appearance ${style.appearance})` });
          continue;
        }
        const isToggle = control instanceof HTMLInputElement && control.type === 'checkbox';
        if (expectedField && !isToggle && style.backgroundColor !== expectedField) {
          problems.push({ control: name, why: `background ${style.backgroundColor}, not tldraw's field colour ${expectedField}` });
        }
      }
    }
    return problems;
  });
}

test("the chrome, its menus, the inspector, the share dialog and the map editor are built from tldraw's controls, light and dark", async ({ browser }) => {
  test.setTimeout(120_000);
  const fay = await joinAs(browser, server.url);
  await fay.page.setViewportSize({ width: 1440, height: 900 });
  await openAsFacilitator(fay, await createBoard('Controls'), 'Fay');
  const { page } = fay;
  await placeMapWithCard(page);
  await page.evaluate(() => {
    window.__journeyboard?.editor.zoomToFit({ animation: { duration: 0 } });
  });
  const selectOnly = (type: string) =>
    page.evaluate((t) => {
      const editor = window.__journeyboard?.editor;
      const shape = editor?.getCurrentPageShapes().find((s) => s.type === t);
      if (!editor || !shape) throw new Error(`no ${t}`);
      editor.select(shape.id);
    }, type);

  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((colorScheme) => window.__journeyboard?.editor.user.updateUserPreferences({ colorScheme }), theme);
    await expect(page.locator('.jb-topbar-host .jb-chrome')).toHaveClass(new RegExp(`tl-theme__${theme}`));
    const check = async (state: string) => expect(await nativeLookingControls(page), `${state} (${theme})`).toEqual([]);

    await check('the top bar');
    for (const [trigger, menu] of [
      ['facilitate-button', 'facilitator-panel'],
      ['templates-button', 'template-menu'],
      ['export-button', 'export-menu'],
      ['share-button', 'share-dialog'],
    ] as const) {
      await page.getByTestId(trigger).click();
      await expect(page.getByTestId(menu)).toBeVisible();
      if (menu === 'share-dialog') await expect(page.getByTestId('share-link').first()).toBeVisible();
      await check(`the ${menu}`);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId(menu)).toBeHidden();
    }
    await selectOnly('note');
    await expect(page.getByTestId('side-panel')).toHaveAttribute('data-tab', 'inspector');
    await check("a card's inspector");
    await page.getByTestId('data-button').click();
    await check('the Data panel');
    await page.getByTestId('inspector-button').click();
    await selectOnly('journey-map');
    await page.getByTestId('map-edit-structure').click();
    await expect(page.locator('.jb-stage-input').first()).toBeVisible();
    await check("the map's inspector and structure editor");
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  }
  expectHealthy(fay);
  await fay.context.close();
});
