import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { CreatedBoardSchema, ShareLinkSchema, WorkshopSummarySchema } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, openWithToken } from './participants.ts';

/**
 * The run of show (issue 25) in three browsers: the facilitator Fay places the journey-mapping
 * agenda template, moves the dot vote up to step 3 and runs steps 1 to 3 with Ann; Ben joins
 * during step 2. Everyone's viewport follows the steps, the timer agrees, the vote stays hidden
 * until its step ends, two cards become action items, and the summary lists it all.
 */

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
});

test.afterAll(async () => {
  await server.stop();
});

async function api(path: string, token: string | undefined, body?: unknown): Promise<Response> {
  const response = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return response;
}

async function shapeIdsOfType(page: Page, type: string): Promise<string[]> {
  return page.evaluate((type) => (window.__journeyboard?.editor.getCurrentPageShapes() ?? []).filter((s) => s.type === type).map((s) => s.id), type);
}

/** Whether the page's viewport shows the whole area shape (it moved there). */
function viewportShowsArea(page: Page, areaId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const editor = window.__journeyboard?.editor;
    const area = editor?.getShapePageBounds(id as never);
    if (!editor || !area) return false;
    const viewport = editor.getViewportPageBounds();
    return viewport.contains(area) || (viewport.collides(area) && area.containsPoint(viewport.center));
  }, areaId);
}

/** Sends a viewer far away from everything, so a later "it moved to the area" means something. */
function lookElsewhere(page: Page): Promise<void> {
  return page.evaluate(() => {
    window.__journeyboard?.editor.setCamera({ x: 50_000, y: 50_000, z: 1 });
  });
}

/** The banner's time left in seconds ("9:58" -> 598). */
async function bannerSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId('agenda-banner-time').textContent()) ?? '';
  return text
    .split(':')
    .map(Number)
    .reduce((total, part) => total * 60 + part, 0);
}

function createCard(page: Page, areaId: string, at: { fx: number; fy: number }, text: string): Promise<string> {
  return page.evaluate(
    ({ areaId, at, text }) => {
      const editor = window.__journeyboard?.editor;
      const area = editor?.getShapePageBounds(areaId as never);
      if (!editor || !area) return '';
      const id = `shape:${text.replace(/\W/g, '')}${Math.random().toString(36).slice(2, 8)}`;
      editor.createShape({
        id: id as never,
        type: 'note',
        x: area.minX + area.w * at.fx - 100,
        y: area.minY + area.h * at.fy - 100,
        props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } },
      });
      return id;
    },
    { areaId, at, text },
  );
}

async function workshop(browser: Browser) {
  const board = CreatedBoardSchema.parse(await (await api('/api/boards', undefined, { title: 'Claims journey' })).json());
  const editorLink = async (label: string) => ShareLinkSchema.parse(await (await api(`/api/boards/${board.id}/links`, board.facilitatorToken, { role: 'editor', label })).json());
  const [annLink, benLink] = [await editorLink('Ann'), await editorLink('Ben')];
  const [fay, ann, ben] = [await joinAs(browser, server.url), await joinAs(browser, server.url), await joinAs(browser, server.url)];
  await openWithToken(fay, board.id, board.facilitatorToken, 'Fay');
  await openWithToken(ann, board.id, annLink.token, 'Ann');
  return { board, fay, ann, ben, benToken: benLink.token };
}

test('a facilitator runs the journey-mapping agenda: viewports follow, timer agrees, a late joiner lands in step 2, the vote stays hidden, the summary has it all', async ({ browser }) => {
  test.setTimeout(180_000);
  const { board, fay, ann, ben, benToken } = await workshop(browser);
  const { page: fayPage } = fay;

  let personaId = '';
  let mapId = '';
  await test.step('the template places its canvases as one undo step and fills the agenda', async () => {
    await expect(ann.page.getByTestId('agenda-template-journeyMapping')).toHaveCount(0);
    await fayPage.getByTestId('agenda-button').click();
    await fayPage.getByTestId('agenda-template-journeyMapping').click();
    await expect(fayPage.getByTestId('agenda-save-state')).toHaveAttribute('data-status', 'saved');
    await expect(fayPage.getByTestId('agenda-step')).toHaveCount(8);
    personaId = (await shapeIdsOfType(fayPage, 'journey-workshop'))[0] ?? '';
    mapId = (await shapeIdsOfType(fayPage, 'journey-map'))[0] ?? '';
    expect(personaId && mapId).toBeTruthy();

    // One undo removes both canvases; redo brings the same two back.
    await fayPage.evaluate(() => {
      window.__journeyboard?.editor.undo();
    });
    expect([...(await shapeIdsOfType(fayPage, 'journey-workshop')), ...(await shapeIdsOfType(fayPage, 'journey-map'))]).toEqual([]);
    await fayPage.evaluate(() => {
      window.__journeyboard?.editor.redo();
    });
    expect([...(await shapeIdsOfType(fayPage, 'journey-workshop')), ...(await shapeIdsOfType(fayPage, 'journey-map'))]).toEqual([personaId, mapId]);
    await expect.poll(() => shapeIdsOfType(ann.page, 'journey-map')).toEqual([mapId]);

    // The dot vote (step 6) moves up to step 3 with the keyboard-reachable buttons.
    const voteStep = fayPage.getByTestId('agenda-step').filter({ hasText: 'Dot vote' });
    for (let i = 0; i < 3; i++) await voteStep.getByTestId('agenda-step-up').click();
    await expect(fayPage.getByTestId('agenda-step').nth(2)).toContainText('Dot vote');
    await expect(fayPage.getByTestId('agenda-save-state')).toHaveAttribute('data-status', 'saved');

    // Participants see the same agenda, read-only.
    await ann.page.getByTestId('agenda-button').click();
    await expect(ann.page.getByTestId('agenda-step')).toHaveCount(8);
    await expect(ann.page.getByTestId('agenda-step').nth(2)).toContainText('Dot vote');
    await expect(ann.page.getByTestId('agenda-step-remove')).toHaveCount(0);
    await ann.page.getByTestId('side-panel-close').click();
  });

  await test.step('step 1: everyone sees the banner and the same time left', async () => {
    await fayPage.getByTestId('agenda-start').click();
    for (const { page } of [fay, ann]) {
      await expect(page.getByTestId('agenda-banner-progress')).toHaveText('Step 1 of 8');
      await expect(page.getByTestId('agenda-banner-title')).toHaveText('Warm-up and goal');
      await expect(page.getByTestId('agenda-banner-instructions')).toContainText('Agree on the scope');
      await expect(page.getByTestId('agenda-banner-time')).toBeVisible();
    }
    const seconds = await Promise.all([fay, ann].map(({ page }) => bannerSeconds(page)));
    expect(Math.max(...seconds) - Math.min(...seconds)).toBeLessThanOrEqual(1);
    expect(Math.min(...seconds)).toBeGreaterThan(4 * 60);
    // The instructions fold away and come back.
    await ann.page.getByTestId('agenda-banner-toggle').click();
    await expect(ann.page.getByTestId('agenda-banner-instructions')).toHaveCount(0);
    await ann.page.getByTestId('agenda-banner-toggle').click();
    await expect(ann.page.getByTestId('agenda-banner-instructions')).toBeVisible();
  });

  await test.step('step 2: viewports move to the persona canvas; Ben joins late and lands there', async () => {
    await lookElsewhere(ann.page);
    expect(await viewportShowsArea(ann.page, personaId)).toBe(false);
    await fayPage.getByTestId('agenda-next').click();
    for (const { page } of [fay, ann]) {
      await expect(page.getByTestId('agenda-banner-progress')).toHaveText('Step 2 of 8');
      await expect.poll(() => viewportShowsArea(page, personaId)).toBe(true);
    }
    await openWithToken(ben, board.id, benToken, 'Ben');
    await expect(ben.page.getByTestId('agenda-banner-progress')).toHaveText('Step 2 of 8');
    await expect(ben.page.getByTestId('agenda-banner-title')).toHaveText('Persona');
    await expect.poll(() => viewportShowsArea(ben.page, personaId)).toBe(true);
    const seconds = await Promise.all([fay, ann, ben].map(({ page }) => bannerSeconds(page)));
    expect(Math.max(...seconds) - Math.min(...seconds)).toBeLessThanOrEqual(1);
  });

  const hotline = await createCard(fayPage, mapId, { fx: 0.3, fy: 0.45 }, 'Long hotline wait');
  const form = await createCard(fayPage, mapId, { fx: 0.55, fy: 0.45 }, 'Confusing claim form');

  await test.step('step 3: the vote over the map is hidden while it runs, then the same for everyone', async () => {
    for (const { page } of [ann, ben]) await lookElsewhere(page);
    await fayPage.getByTestId('agenda-next').click();
    for (const { page } of [fay, ann, ben]) {
      await expect(page.getByTestId('agenda-banner-progress')).toHaveText('Step 3 of 8');
      await expect.poll(() => viewportShowsArea(page, mapId)).toBe(true);
      await expect(page.getByTestId('vote-status')).toContainText('3 of 3 votes left');
    }
    const addVote = (page: Page, cardId: string) => page.locator(`.jb-vote-controls[data-card-id="${cardId}"] [data-testid="vote-add"]`);
    await addVote(ann.page, hotline).click();
    await expect(ann.page.getByTestId('vote-status')).toContainText('2 of 3');
    await addVote(ann.page, form).click();
    await expect(ann.page.getByTestId('vote-status')).toContainText('1 of 3');
    await addVote(ben.page, hotline).click();
    await expect(ben.page.getByTestId('vote-status')).toContainText('2 of 3');
    for (const { page } of [fay, ann, ben]) await expect(page.getByTestId('vote-result')).toHaveCount(0);

    // The step ends: its vote is revealed, the same for all three.
    await fayPage.getByTestId('agenda-next').click();
    for (const { page } of [fay, ann, ben]) {
      await expect(page.getByTestId('agenda-banner-progress')).toHaveText('Step 4 of 8');
      await expect(page.locator(`[data-testid="vote-result"][data-card-id="${hotline}"]`)).toHaveText('2');
      await expect(page.locator(`[data-testid="vote-result"][data-card-id="${form}"]`)).toHaveText('1');
    }
  });

  await test.step('two cards become action items with owners in the inspector', async () => {
    for (const [cardId, owner, due] of [
      [hotline, 'Digital team', '2027-01-15'],
      [form, 'Claims service', '2026-12-20'],
    ] as const) {
      await ann.page.evaluate((id) => {
        window.__journeyboard?.editor.select(id as never);
      }, cardId);
      await expect(ann.page.getByTestId('card-action')).toBeVisible();
      await ann.page.getByTestId('card-action-action').click();
      await ann.page.getByTestId('card-action-owner').fill(owner);
      await ann.page.getByTestId('card-action-due').fill(due);
      await expect
        .poll(() => fayPage.evaluate((id) => (window.__journeyboard?.editor.getShape(id as never)?.meta as { action?: unknown } | undefined)?.action, cardId))
        .toEqual({ kind: 'action', owner, due, done: false });
    }
  });

  await test.step('an emotion-scoring step opens the scoring controls for everyone', async () => {
    await expect(ann.page.getByTestId('score-emotions')).toHaveAttribute('aria-pressed', 'false');
    // The facilitator's menu moves on too.
    await fayPage.getByTestId('facilitate-button').click();
    await expect(fayPage.getByTestId('agenda-menu-section')).toContainText('Step 4 of 8');
    await fayPage.getByTestId('agenda-menu-next').click();
    await expect(fayPage.getByTestId('agenda-menu-section')).toContainText('Step 5 of 8');
    await fayPage.getByTestId('facilitate-button').click();
    for (const { page } of [fay, ann, ben]) {
      await expect(page.getByTestId('agenda-banner-title')).toHaveText('Touchpoints and emotions');
      await expect(page.getByTestId('score-emotions')).toHaveAttribute('aria-pressed', 'true');
    }
  });

  await test.step('the summary lists the steps, the ranked vote and the action items, by API and from the Export menu', async () => {
    await fayPage.getByTestId('agenda-end').click();
    for (const { page } of [fay, ann, ben]) await expect(page.getByTestId('agenda-banner')).toHaveCount(0);
    await expect(fayPage.getByTestId('agenda-progress')).toHaveAttribute('data-status', 'ended');

    const summary = WorkshopSummarySchema.parse(await (await api(`/api/boards/${board.id}/summary`, board.facilitatorToken)).json());
    expect(summary.status).toBe('ended');
    const ran = summary.steps.filter((step) => step.startedAt !== null);
    expect(ran.map((step) => step.title)).toEqual(['Warm-up and goal', 'Persona', 'Dot vote', 'Map the steps', 'Touchpoints and emotions']);
    // The map's step lists the cards in its area, by stage and lane.
    expect(ran[3]?.groups.flatMap((group) => group.cards.map((card) => card.text)).sort()).toEqual(['Confusing claim form', 'Long hotline wait']);
    expect(summary.steps[2]?.votes?.map((vote) => [vote.text, vote.votes])).toEqual([
      ['Long hotline wait', 2],
      ['Confusing claim form', 1],
    ]);
    expect(summary.actions.map((action) => [action.text, action.owner, action.due])).toEqual([
      ['Confusing claim form', 'Claims service', '2026-12-20'],
      ['Long hotline wait', 'Digital team', '2027-01-15'],
    ]);
    expect(summary.participants).toEqual(expect.arrayContaining(['Ann', 'Ben']));

    await ann.page.getByTestId('export-button').click();
    const [download] = await Promise.all([ann.page.waitForEvent('download'), ann.page.getByTestId('export-summary-md').click()]);
    expect(download.suggestedFilename()).toMatch(/summary\.md$/);
    const markdown = await readFile(await download.path(), 'utf8');
    for (const text of ['Warm-up and goal', 'Persona', 'Dot vote', 'Long hotline wait', 'Confusing claim form', 'Digital team', 'Claims service', '2027-01-15']) {
      expect(markdown).toContain(text);
    }
    const [pdf] = await Promise.all([ann.page.waitForEvent('download'), ann.page.getByTestId('export-summary-pdf').click()]);
    expect((await readFile(await pdf.path())).subarray(0, 5).toString()).toBe('%PDF-');
  });

  for (const participant of [fay, ann, ben]) {
    expectHealthy(participant);
    await participant.context.close();
  }
});

test('an agenda step without a title is not saved and says why; the typed steps stay; drag reorders; a template asks before replacing', async ({ browser }) => {
  const board = CreatedBoardSchema.parse(await (await api('/api/boards', undefined, { title: 'Draft' })).json());
  const fay = await joinAs(browser, server.url);
  await openWithToken(fay, board.id, board.facilitatorToken, 'Fay');
  const { page } = fay;
  await page.getByTestId('agenda-button').click();
  await page.getByTestId('agenda-add-step').click();
  await page.getByTestId('agenda-step-title').fill('Check-in');
  await page.getByTestId('agenda-step-minutes').fill('7');
  await expect(page.getByTestId('agenda-save-state')).toHaveAttribute('data-status', 'saved');
  await page.getByTestId('agenda-add-step').click();
  await page.getByTestId('agenda-step-title').fill('');
  await expect(page.getByTestId('agenda-save-state')).toHaveAttribute('data-status', 'invalid');
  await expect(page.getByTestId('agenda-save-state')).toContainText('2: every step needs a title');
  await expect(page.getByTestId('agenda-step')).toHaveCount(2);
  const saved = (await (await api(`/api/boards/${board.id}/agenda`, board.facilitatorToken)).json()) as { agenda: { steps: { title: string; timeboxMs: number }[] } };
  expect(saved.agenda.steps.map((step) => [step.title, step.timeboxMs])).toEqual([['Check-in', 7 * 60_000]]);

  // Dragging the new step above the first reorders them once the title is there.
  await page.getByTestId('agenda-step-title').fill('Goals');
  await page.getByTestId('agenda-step').nth(1).locator('.jb-agenda-step-head').dragTo(page.getByTestId('agenda-step').nth(0));
  await expect(page.getByTestId('agenda-step').nth(0)).toContainText('Goals');
  await expect(page.getByTestId('agenda-save-state')).toHaveAttribute('data-status', 'saved');
  await expect
    .poll(async () => ((await (await api(`/api/boards/${board.id}/agenda`, board.facilitatorToken)).json()) as { agenda: { steps: { title: string }[] } }).agenda.steps.map((s) => s.title))
    .toEqual(['Goals', 'Check-in']);

  // A template over an existing agenda asks first; cancelling keeps the steps.
  await page.getByTestId('agenda-template-empathyMap').click();
  await expect(page.getByTestId('agenda-template-question')).toContainText('Empathy map (45 min)');
  await page.getByTestId('agenda-template-cancel').click();
  await expect(page.getByTestId('agenda-step')).toHaveCount(2);
  await page.getByTestId('agenda-template-empathyMap').click();
  await page.getByTestId('agenda-template-confirm').click();
  await expect(page.getByTestId('agenda-save-state')).toHaveAttribute('data-status', 'saved');
  await expect(page.getByTestId('agenda-step')).toHaveCount(6);
  const canvasId = await page.evaluate(() => window.__journeyboard?.editor.getCurrentPageShapes().find((s) => s.type === 'journey-workshop')?.id);
  const replaced = (await (await api(`/api/boards/${board.id}/agenda`, board.facilitatorToken)).json()) as { agenda: { steps: { area: string | null }[] } };
  expect(new Set(replaced.agenda.steps.map((step) => step.area))).toEqual(new Set([canvasId]));
  expectHealthy(fay);
  await fay.context.close();
});
