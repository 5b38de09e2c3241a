import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { shareLinkPath } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, type Participant } from './participants.ts';

/**
 * axe-core (the engine behind most accessibility audits) on the home page, the name dialog, the
 * board, and the board with each panel, menu and dialog open, in English and German. The goal of
 * issue 22 is no serious or critical violation anywhere; the test fails on any serious or critical
 * violation that is not listed in OUTSTANDING below, and prints every violation, by impact, per
 * page (also attached to the report as axe-<page>.json).
 */

/**
 * Serious or critical violations known to remain, as "page: rule-id". Each must be fixed by the
 * owner of the element named and then removed here; the test fails when one is no longer found,
 * so the list cannot silently go stale.
 */
const OUTSTANDING: readonly string[] = [];

interface Finding {
  rule: string;
  impact: string;
  help: string;
  /** Each offending element: its selector, the start of its HTML and what axe found wrong. */
  nodes: { target: string; html: string; why: string }[];
}

type Impact = 'critical' | 'serious' | 'moderate' | 'minor';
const BLOCKING: readonly string[] = ['critical', 'serious'] satisfies Impact[];

let server: RunningServer;
const summary = new Map<string, Finding[]>();

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  // One table for the whole run: the counts per page and impact, then each blocking finding.
  const rows = [...summary].map(([page, findings]) => {
    const count = (impact: Impact) => findings.filter((f) => f.impact === impact).length;
    return `${page.padEnd(28)} critical ${count('critical')}  serious ${count('serious')}  moderate ${count('moderate')}  minor ${count('minor')}`;
  });
  const details = [...summary].flatMap(([page, findings]) =>
    findings.map((f) => `  ${page}: ${f.rule} (${f.impact}) ${f.help}\n${f.nodes.map((n) => `      ${n.target}  ${n.html}\n        ${n.why.replace(/\n/g, ' ')}`).join('\n')}`),
  );
  console.log(['axe-core violations per page:', ...rows, ...(details.length ? ['violations:', ...details] : [])].join('\n'));
  await server.stop();
});

async function audit(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  // Let opening animations (tldraw's menus fade in) finish, so colour contrast is measured on the final colours.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
  const results = await new AxeBuilder({ page }).analyze();
  const findings: Finding[] = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? 'minor',
    help: violation.help,
    nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), html: node.html.slice(0, 160), why: node.failureSummary ?? '' })),
  }));
  summary.set(name, findings);
  await testInfo.attach(`axe-${name}.json`, { body: JSON.stringify(findings, null, 2), contentType: 'application/json' });
}

/** The page's name without its language: the outstanding list holds for both. */
function pageKind(page: string): string {
  return page.replace(/-(en|de)$/, '');
}

/** The serious and critical findings on `pages` are exactly the outstanding ones listed for them. */
function expectOnlyOutstanding(pages: readonly string[]): void {
  const kinds = new Set(pages.map(pageKind));
  const found = pages.flatMap((page) =>
    (summary.get(page) ?? []).filter((f) => BLOCKING.includes(f.impact)).map((f) => `${pageKind(page)}: ${f.rule}`),
  );
  const expected = OUTSTANDING.filter((entry) => kinds.has(entry.split(': ')[0] ?? ''));
  expect([...new Set(found)].sort()).toEqual([...expected].sort());
}

async function createFacilitatedBoard(title: string): Promise<{ id: string; facilitatorToken: string }> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; facilitatorToken: string };
}

async function joinIn(participant: Participant, language: 'en' | 'de'): Promise<void> {
  // The app reads its language from the stored preferences; set before the first page loads.
  await participant.context.addInitScript((locale) => {
    if (localStorage.getItem('journeyboard.user') === null) localStorage.setItem('journeyboard.user', JSON.stringify({ id: 'placeholder', locale }));
  }, language);
}

for (const language of ['en', 'de'] as const) {
  test(`home page and name dialog (${language})`, async ({ browser }, testInfo) => {
    await createFacilitatedBoard('Onboarding journey');
    const visitor = await joinAs(browser, server.url);
    await joinIn(visitor, language);
    const { page } = visitor;
    await page.goto(server.url);
    await expect(page.getByTestId('board-list')).toBeVisible();
    await expect(page.getByTestId('create-board-title')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await audit(page, `home-${language}`, testInfo);

    const board = await createFacilitatedBoard('Name dialog');
    await page.goto(`${server.url}${shareLinkPath(board.id, board.facilitatorToken)}`);
    await expect(page.getByTestId('display-name-dialog')).toBeVisible();
    await audit(page, `name-dialog-${language}`, testInfo);

    expectOnlyOutstanding([`home-${language}`, `name-dialog-${language}`]);
    expectHealthy(visitor);
    await visitor.context.close();
  });

  test(`board with each panel, menu and dialog open (${language})`, async ({ browser }, testInfo) => {
    const board = await createFacilitatedBoard('Accessible board');
    const facilitator = await joinAs(browser, server.url);
    await joinIn(facilitator, language);
    const { page } = facilitator;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}${shareLinkPath(board.id, board.facilitatorToken)}`);
    await page.getByTestId('display-name-input').pressSequentially('Fiona');
    await page.getByTestId('display-name-submit').click();
    await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    const pages: string[] = [];
    const auditAs = async (name: string) => {
      pages.push(`${name}-${language}`);
      await audit(page, `${name}-${language}`, testInfo);
    };

    await auditAs('board-empty');

    // A journey map with a selected card, as a workshop board looks.
    await page.getByTestId('templates-button').click();
    await expect(page.getByTestId('template-menu')).toBeVisible();
    await auditAs('templates-menu');
    await page.getByTestId('place-journey-map').click();
    await expect(page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await auditAs('board');

    // The side panel's tabs and the dialogs of the top bar, each opened and closed by its button.
    const openers: { name: string; button: string; shows: string }[] = [
      { name: 'inspector', button: 'inspector-button', shows: 'side-panel' },
      { name: 'data', button: 'data-button', shows: 'data-panel' },
      { name: 'comments', button: 'comments-toggle', shows: 'comments-panel' },
      { name: 'history', button: 'history-button', shows: 'history-panel' },
      { name: 'agenda', button: 'agenda-button', shows: 'agenda-tab' },
      { name: 'live-data', button: 'livedata-button', shows: 'livedata-tab' },
      { name: 'webhooks', button: 'webhooks-button', shows: 'webhooks-section' },
      { name: 'facilitator', button: 'facilitate-button', shows: 'facilitator-panel' },
      { name: 'export', button: 'export-button', shows: 'export-menu' },
      { name: 'share', button: 'share-button', shows: 'share-dialog' },
    ];
    for (const { name, button, shows } of openers) {
      await test.step(name, async () => {
        const opener = page.getByTestId(button);
        // A tab can already be open (the inspector follows the selection): a click would close it.
        if ((await opener.getAttribute('aria-expanded')) !== 'true') await opener.click();
        await expect(page.getByTestId(shows)).toBeVisible();
        await auditAs(name);
        // Panels close with their own button; dialogs and menus with Escape.
        if ((await opener.isVisible()) && (await opener.getAttribute('aria-expanded')) === 'true') await opener.click();
        if (await page.getByTestId(shows).isVisible()) await page.keyboard.press('Escape');
        await expect(page.getByTestId(shows)).toBeHidden();
      });
    }

    await test.step('agenda while a workshop runs (banner, steps, a step opened for editing)', async () => {
      await page.getByTestId('agenda-button').click();
      await page.getByTestId('agenda-template-journeyMapping').click();
      await expect(page.getByTestId('agenda-save-state')).toHaveAttribute('data-status', 'saved');
      await page.getByTestId('agenda-start').click();
      await expect(page.getByTestId('agenda-banner')).toBeVisible();
      await page.getByTestId('agenda-step-open').first().click();
      await expect(page.getByTestId('agenda-step-fields')).toBeVisible();
      await auditAs('agenda-running');
      await page.getByTestId('agenda-end').click();
      await expect(page.getByTestId('agenda-banner')).toHaveCount(0);
    });

    expectOnlyOutstanding(pages);
    expectHealthy(facilitator);
    await facilitator.context.close();
  });
}
