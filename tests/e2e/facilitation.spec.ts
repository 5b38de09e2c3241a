import { expect, test, type Browser, type Page } from '@playwright/test';
import { CreatedBoardSchema, JourneyDataSchema, ShareLinkSchema } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, type Participant } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
});

test.afterAll(async () => {
  await server.stop();
});

async function api(path: string, token: string | undefined, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

async function openWithToken(participant: Participant, boardId: string, token: string, name: string): Promise<void> {
  const { page } = participant;
  await page.goto(`${server.url}/b/${boardId}#token=${token}`);
  // Typed key by key: tldraw's single-letter shortcuts must not swallow the keystrokes.
  await page.getByTestId('display-name-input').pressSequentially(name);
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
}

/** A board with its facilitator Fay and two editors, Ann and Ben, each in their own browser context. */
async function workshop(browser: Browser, title: string) {
  const board = CreatedBoardSchema.parse(await api('/api/boards', undefined, { title }));
  const editorLink = async (label: string) => ShareLinkSchema.parse(await api(`/api/boards/${board.id}/links`, board.facilitatorToken, { role: 'editor', label }));
  const [annLink, benLink] = [await editorLink('Ann'), await editorLink('Ben')];
  const [fay, ann, ben] = [await joinAs(browser, server.url), await joinAs(browser, server.url), await joinAs(browser, server.url)];
  await openWithToken(fay, board.id, board.facilitatorToken, 'Fay');
  await openWithToken(ann, board.id, annLink.token, 'Ann');
  await openWithToken(ben, board.id, benLink.token, 'Ben');
  return { board, annLink, fay, ann, ben };
}

function viewportCentre(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const centre = window.__journeyboard?.editor.getViewportPageBounds().center;
    return { x: centre?.x ?? NaN, y: centre?.y ?? NaN };
  });
}

/** The timer as seconds, e.g. "4:58" -> 298. */
async function timerSeconds(page: Page): Promise<number> {
  const text = await page.getByTestId('session-timer-value').textContent();
  const [minutes, seconds] = (text ?? '').split(':').map(Number);
  return (minutes ?? NaN) * 60 + (seconds ?? NaN);
}

function createNote(page: Page, x: number, y: number, text: string): Promise<string> {
  return page.evaluate(
    ({ x, y, text }) => {
      const editor = window.__journeyboard?.editor;
      if (!editor) return '';
      const id = `shape:${text.replace(/\W/g, '')}${Math.random().toString(36).slice(2, 8)}`;
      editor.createShape({ id: id as never, type: 'note', x, y });
      return id;
    },
    { x, y, text },
  );
}

function isHidden(page: Page, id: string): Promise<boolean | null> {
  return page.evaluate((id) => {
    const editor = window.__journeyboard?.editor;
    const shape = editor?.getShape(id as never);
    return shape && editor ? editor.isShapeHidden(shape) : null;
  }, id);
}

test('a facilitator leads two participants: summon, shared timer, dot voting, private mode and a locked map', async ({ browser }) => {
  test.setTimeout(120_000);
  const { board, annLink, fay, ann, ben } = await workshop(browser, 'Claims workshop');
  const everyone = [fay, ann, ben];
  const participants = [ann, ben];
  await expect(ann.page.getByTestId('facilitate-button')).toHaveCount(0);
  await fay.page.getByTestId('facilitate-button').click();

  await test.step('summon brings both participants to what the facilitator sees', async () => {
    await fay.page.evaluate(() => {
      window.__journeyboard?.editor.setCamera({ x: -2400, y: -1600, z: 1 });
    });
    const target = await viewportCentre(fay.page);
    await fay.page.getByTestId('summon').click();
    for (const { page } of participants) {
      await expect.poll(async () => {
        const centre = await viewportCentre(page);
        return Math.hypot(centre.x - target.x, centre.y - target.y);
      }).toBeLessThan(40);
    }
  });

  await test.step('follow me: participants see who leads and can step out', async () => {
    await fay.page.getByTestId('follow-me').click();
    await expect(ann.page.getByTestId('leader-notice')).toContainText('Following Fay');
    await ann.page.getByTestId('step-out').click();
    await expect(ann.page.getByTestId('leader-notice')).toContainText('Fay is leading');
    await expect(ben.page.getByTestId('leader-notice')).toContainText('Following Fay');
    await fay.page.getByTestId('follow-me').click();
    await expect(ben.page.getByTestId('leader-notice')).toHaveCount(0);
  });

  await test.step('the timer shows the same remaining time everywhere, also after a reload', async () => {
    await fay.page.getByTestId('timer-minutes').fill('5');
    await fay.page.getByTestId('timer-start').click();
    for (const { page } of everyone) await expect(page.getByTestId('session-timer')).toHaveAttribute('data-status', 'running');
    const readAll = () => Promise.all(everyone.map(({ page }) => timerSeconds(page)));
    let seconds = await readAll();
    expect(Math.max(...seconds) - Math.min(...seconds)).toBeLessThanOrEqual(1);
    expect(Math.min(...seconds)).toBeGreaterThan(200);
    await ann.page.reload();
    await expect(ann.page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
    await expect(ann.page.getByTestId('session-timer')).toHaveAttribute('data-status', 'running');
    seconds = await readAll();
    expect(Math.max(...seconds) - Math.min(...seconds)).toBeLessThanOrEqual(1);
    await fay.page.getByTestId('timer-pause').click();
    for (const { page } of everyone) await expect(page.getByTestId('session-timer')).toHaveAttribute('data-status', 'paused');
  });

  await test.step('a vote round with budget 3 hides votes until the reveal; then everyone and the API see the counts', async () => {
    // Ann reloaded: bring her back to the facilitator's view, where the cards go.
    await fay.page.getByTestId('summon').click();
    const centre = await viewportCentre(fay.page);
    await expect.poll(async () => (await viewportCentre(ann.page)).x).toBeCloseTo(centre.x, 0);
    const hotline = await createNote(fay.page, centre.x - 300, centre.y - 100, 'Hotline');
    const form = await createNote(fay.page, centre.x + 100, centre.y - 100, 'Form');
    const addVote = (page: Page, cardId: string) => page.locator(`.jb-vote-controls[data-card-id="${cardId}"] [data-testid="vote-add"]`);

    await fay.page.getByTestId('vote-budget').fill('3');
    await fay.page.getByTestId('vote-start').click();
    for (const { page } of everyone) await expect(page.getByTestId('vote-status')).toContainText('3 of 3 votes left');

    await addVote(ann.page, hotline).click();
    await expect(ann.page.getByTestId('vote-status')).toContainText('2 of 3');
    await addVote(ann.page, hotline).click();
    await expect(ann.page.getByTestId('vote-status')).toContainText('1 of 3');
    await addVote(ann.page, form).click();
    await expect(ann.page.getByTestId('vote-status')).toContainText('0 of 3');
    await expect(addVote(ann.page, form)).toBeDisabled();
    await addVote(ben.page, hotline).click();
    await expect(ben.page.getByTestId('vote-status')).toContainText('2 of 3');
    await expect(fay.page.getByTestId('voter-count')).toContainText('2 voted');

    // Nobody sees counts before the reveal, and Ben's card shows only his own vote.
    for (const { page } of everyone) await expect(page.getByTestId('vote-result')).toHaveCount(0);
    await expect(ben.page.locator(`.jb-vote-controls[data-card-id="${hotline}"] [data-testid="my-votes"]`)).toHaveText('●');

    await fay.page.getByTestId('vote-reveal').click();
    for (const { page } of everyone) {
      await expect(page.locator(`[data-testid="vote-result"][data-card-id="${hotline}"]`)).toHaveText('3');
      await expect(page.locator(`[data-testid="vote-result"][data-card-id="${form}"]`)).toHaveText('1');
    }
    const journey = JourneyDataSchema.parse(await api(`/api/boards/${board.id}/journey`, annLink.token));
    expect(journey.votes?.map(({ cardId, votes, round }) => ({ cardId, votes, round }))).toEqual([
      { cardId: hotline, votes: 3, round: 1 },
      { cardId: form, votes: 1, round: 1 },
    ]);
  });

  await test.step("private mode hides a participant's new card from the other participant until the reveal", async () => {
    await fay.page.getByTestId('private-toggle').click();
    await expect(ann.page.getByTestId('private-notice')).toBeVisible();
    const centre = await viewportCentre(ann.page);
    const idea = await createNote(ann.page, centre.x - 100, centre.y + 150, 'Idea');
    await expect.poll(() => isHidden(fay.page, idea)).toBe(false);
    await expect.poll(() => isHidden(ben.page, idea)).toBe(true);
    expect(await isHidden(ann.page, idea)).toBe(false);
    await expect(ben.page.locator(`.tl-shape[data-shape-id="${idea}"]`)).toHaveCount(0);
    await fay.page.getByTestId('private-toggle').click();
    await expect.poll(() => isHidden(ben.page, idea)).toBe(false);
    await expect(ben.page.getByTestId('private-notice')).toHaveCount(0);
  });

  await test.step('a participant cannot move a locked map: their forged change is reverted', async () => {
    await fay.page.getByTestId('templates-button').click();
    await fay.page.getByTestId('place-journey-map').click();
    await expect(ann.page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    await fay.page.getByTestId('lock-structure').click();
    const mapX = (page: Page) =>
      page.evaluate(() => {
        const map = window.__journeyboard?.editor.getCurrentPageShapes().find((s) => s.type === 'journey-map');
        return map ? { x: map.x, locked: map.isLocked } : null;
      });
    await expect.poll(() => mapX(ann.page)).toMatchObject({ locked: true });
    const before = await mapX(fay.page);
    await ann.page.evaluate(() => {
      const editor = window.__journeyboard?.editor;
      const map = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-map');
      if (!editor || !map) return;
      editor.run(() => editor.updateShape({ id: map.id, type: map.type, x: map.x + 400 }), { ignoreShapeLock: true });
    });
    await expect(ann.page.getByTestId('change-rejected')).toContainText('locked');
    await expect.poll(() => mapX(ann.page)).toEqual(before);
    expect(await mapX(ben.page)).toEqual(before);
    expect(await mapX(fay.page)).toEqual(before);
  });

  for (const participant of everyone) {
    expectHealthy(participant);
    await participant.context.close();
  }
});

test('participants score each step of a map; everyone sees the median; the facilitator adopts it as the curve; reactions float', async ({ browser }) => {
  const { board, annLink, fay, ann, ben } = await workshop(browser, 'Scoring');
  const everyone = [fay, ann, ben];

  await fay.page.getByTestId('templates-button').click();
  await fay.page.getByTestId('stage-preset').selectOption('beforeDuringAfter');
  await fay.page.getByTestId('lane-set').selectOption('minimal');
  await fay.page.getByTestId('place-journey-map').click();
  for (const { page } of everyone) {
    await expect(page.locator('.tl-shape[data-shape-type="journey-map"]')).toHaveCount(1);
    await page.getByTestId('score-emotions').click();
    await expect(page.getByTestId('emotion-score')).toHaveCount(3);
  }
  const firstStep = (page: Page) => page.getByTestId('emotion-score').first();
  await firstStep(ann.page).selectOption('2');
  await firstStep(ben.page).selectOption('1');
  await firstStep(fay.page).selectOption('-2');
  for (const { page } of everyone) await expect(page.getByTestId('emotion-median')).toHaveAttribute('data-median', '1');
  // Scores are per person: Ann's choice is still hers after the others scored.
  await expect(firstStep(ann.page)).toHaveValue('2');

  await expect(ann.page.getByTestId('adopt-median')).toHaveCount(0);
  await fay.page.getByTestId('adopt-median').click();
  await expect
    .poll(async () => {
      const journey = JourneyDataSchema.parse(await api(`/api/boards/${board.id}/journey`, annLink.token));
      return journey.maps[0]?.emotionCurve.map((point) => ({ stage: point.stageId, score: point.score }));
    })
    .toEqual([{ stage: expect.any(String) as unknown, score: 1 }]);

  // A quick reaction floats up from Ann's cursor for everyone.
  await ann.page.mouse.move(500, 500);
  await ann.page.getByTestId('send-reaction').first().click();
  for (const { page } of everyone) {
    // Drawn by the app (an SVG), not a character from the system's emoji font.
    await expect(page.getByTestId('floating-reaction')).toHaveAttribute('data-reaction', 'thumbsUp');
    await expect(page.getByTestId('floating-reaction').locator('svg[role="img"]')).toBeVisible();
  }

  for (const participant of everyone) {
    expectHealthy(participant);
    await participant.context.close();
  }
});
