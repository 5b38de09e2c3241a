import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { CreatedBoardSchema, DocLayout, PortfolioActionListSchema, type CardAction } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitForSynced } from '../support/yClients.ts';
import { note } from '../unit/journey/fixtures.ts';
import { expectHealthy, joinAs, type Participant } from './participants.ts';

/** `ACTIONS_SHOTS=/tmp/dir`: also writes the "Open actions" tab at 1440x900 in English and German. */
const SHOTS = process.env.ACTIONS_SHOTS;
const ADMIN = 'admin-token-0123456789abcdef';

interface KnownBoard {
  id: string;
  title: string;
  token: string;
}

let server: RunningServer;
const known: KnownBoard[] = [];

/** A calendar day `days` from today in this machine's time zone (the browser's too), as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
const SOON = dayFromToday(20);
const LATE = dayFromToday(-3);
const EARLIEST = dayFromToday(-30);

/** A board created with the administrator token whose one card is marked as an action through a stock y-websocket client. */
async function boardWithAction(title: string, text: string, action: Partial<CardAction>): Promise<KnownBoard> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ title }),
  });
  const board = CreatedBoardSchema.parse(await response.json());
  const client = connectClient(server.wsUrl, board.id, { params: { token: board.facilitatorToken } });
  await waitForSynced(client);
  const card = note('card', 0, 0, text);
  new YKeyValue<unknown>(client.doc.getArray(DocLayout.records)).set(card.id as string, { ...card, meta: { action: { kind: 'action', ...action } } });
  await waitForSynced(client);
  client.destroy();
  return { id: board.id, title, token: board.facilitatorToken };
}

test.beforeAll(async () => {
  // Nobody lists every board here: the home page asks about the boards this browser holds links for.
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none', ADMIN_TOKEN: ADMIN, JOURNEY_DEBOUNCE_MS: '50' } });
  known.push(await boardWithAction('Claims workshop', 'Call back rejected claims', { owner: 'Hotline lead', due: SOON }));
  known.push(await boardWithAction('Onboarding journey', 'Shorten the sign-up form', { owner: 'Product team', due: LATE }));
  // Due first of all, but this browser has no link to its board: it must not show.
  await boardWithAction('Someone else’s board', 'Not for this browser', { owner: 'Hotline lead', due: EARLIEST });
  // The index is written after the journey extraction settles; wait until it lists all three.
  await expect
    .poll(async () => {
      const listed = await fetch(`${server.url}/api/portfolio/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: '{}',
      });
      return PortfolioActionListSchema.parse(await listed.json()).actions.length;
    })
    .toBe(3);
});

test.afterAll(async () => {
  await server.stop();
});

/** A browser that holds both boards' share links (as after opening them once), in `language` and `theme`. */
async function visitorWithBoards(browser: Browser, language: 'en' | 'de', theme: 'light' | 'dark' = 'light'): Promise<Participant> {
  const visitor = await joinAs(browser, server.url);
  await visitor.context.addInitScript(
    ({ boards, locale, colorScheme }) => {
      if (localStorage.getItem('journeyboard.boards') === null) localStorage.setItem('journeyboard.boards', JSON.stringify(Object.fromEntries(boards.map((b) => [b.id, b]))));
      if (localStorage.getItem('journeyboard.user') === null) localStorage.setItem('journeyboard.user', JSON.stringify({ id: 'placeholder', locale, colorScheme }));
    },
    { boards: known, locale: language, colorScheme: theme },
  );
  return visitor;
}

async function openActionsTab(page: Page): Promise<void> {
  await page.goto(server.url);
  await page.getByTestId('portfolio-tab-actions').click();
  await expect(page.getByTestId('action-row')).toHaveCount(2);
}

const rowTexts = (page: Page) => page.getByTestId('action-text').allTextContents();

test('the home page lists the open actions of the boards this browser knows, soonest due first, filtered by owner', async ({ browser }) => {
  const visitor = await visitorWithBoards(browser, 'en');
  const { page } = visitor;
  const asked: string[] = [];
  page.on('request', (request) => request.url().endsWith('/api/portfolio/actions') && asked.push(request.postData() ?? ''));
  await openActionsTab(page);

  // The overdue one first, marked in words; the board nobody gave this browser a link to is absent.
  expect(await rowTexts(page)).toEqual(['Shorten the sign-up form', 'Call back rejected claims']);
  const [late, soon] = [page.getByTestId('action-row').nth(0), page.getByTestId('action-row').nth(1)];
  await expect(late.getByTestId('action-owner-name')).toHaveText('Product team');
  const english = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
  const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
  await expect(late.getByTestId('action-due')).toHaveText(`${english.format(utc(LATE))}overdue`);
  await expect(late).toHaveAttribute('data-overdue', 'true');
  await expect(soon.getByTestId('action-due')).toHaveText(english.format(utc(SOON)));
  await expect(soon).not.toHaveAttribute('data-overdue');
  await expect(page.getByTestId('action-count')).toHaveText('2 open actions');

  // Typed key by key: one question once the typing pauses, not one per key.
  const before = asked.length;
  await page.getByRole('searchbox', { name: 'Owner' }).pressSequentially('hotline');
  await expect(page.getByTestId('action-row')).toHaveCount(1);
  expect(await rowTexts(page)).toEqual(['Call back rejected claims']);
  await expect(page.getByTestId('action-count')).toHaveText('1 open action');
  expect(asked.length - before).toBeLessThanOrEqual(2);
  expect(JSON.parse(asked.at(-1) ?? '{}')).toMatchObject({ owner: 'hotline' });

  await page.getByRole('searchbox', { name: 'Owner' }).fill('Nobody here');
  await expect(page.getByTestId('action-empty')).toHaveText('No open actions for “Nobody here”.');
  await page.getByRole('searchbox', { name: 'Owner' }).fill('');
  await expect(page.getByTestId('action-row')).toHaveCount(2);

  // The board's name is the link: reached by keyboard, it opens the board.
  const link = page.getByRole('link', { name: 'Claims workshop' });
  await page.getByRole('searchbox', { name: 'Owner' }).focus();
  for (let presses = 0; presses < 5 && !(await link.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/b/${known[0]?.id ?? ''}$`));
  await page.getByTestId('display-name-input').pressSequentially('Olga');
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  await expect(page.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Call back rejected claims' })).toHaveCount(1);

  expectHealthy(visitor);
  await visitor.context.close();
});

for (const [language, theme] of [
  ['en', 'light'],
  ['de', 'light'],
  ['en', 'dark'],
] as const) {
  test(`the open actions tab in ${language}, ${theme}: dates written the local way, no serious accessibility finding`, async ({ browser }) => {
    const visitor = await visitorWithBoards(browser, language, theme);
    const { page } = visitor;
    await page.setViewportSize({ width: 1440, height: 900 });
    await openActionsTab(page);
    await expect(page.getByRole('tab', { name: language === 'en' ? 'Open actions' : 'Offene Aufgaben' })).toHaveAttribute('aria-selected', 'true');
    if (language === 'de') {
      const [year, month, day] = LATE.split('-');
      await expect(page.getByTestId('action-due').first()).toHaveText(`${day}.${month}.${year}überfällig`);
      await expect(page.getByTestId('action-count')).toHaveText('2 offene Aufgaben');
    }
    const results = await new AxeBuilder({ page }).include('.portfolio').analyze();
    const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `home-actions-1440x900-${language}${theme === 'dark' ? '-dark' : ''}.png`) });
    }
    expectHealthy(visitor);
    await visitor.context.close();
  });
}
