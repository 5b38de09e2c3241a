/** Browser participants for e2e scenarios: join, open a board, prove nothing left the origin. */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export interface Participant {
  context: BrowserContext;
  page: Page;
  origin: string;
  /** Every request and WebSocket URL the page opened, to prove nothing left the origin. */
  traffic: string[];
  /** Uncaught exceptions in the page; a passing scenario has none. */
  pageErrors: string[];
}

export async function joinAs(browser: Browser, origin: string, { locale = 'en-US' }: { locale?: string } = {}): Promise<Participant> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const traffic: string[] = [];
  page.on('request', (request) => traffic.push(request.url()));
  page.on('websocket', (socket) => traffic.push(socket.url()));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, origin, traffic, pageErrors };
}

export async function openBoard({ page, origin }: Participant, boardId: string, name?: string): Promise<void> {
  await page.goto(`${origin}/b/${boardId}`);
  if (name !== undefined) {
    // Typed key by key: tldraw's single-letter shortcuts must not swallow the keystrokes.
    await page.getByTestId('display-name-input').pressSequentially(name);
    await expect(page.getByTestId('display-name-input')).toHaveValue(name);
    await page.getByTestId('display-name-submit').click();
  }
  await expect(page.getByTestId('display-name-dialog')).toHaveCount(0);
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
}

/** Opens a board with a share link's token (in the URL's fragment, as a shared link does) under `name`. */
export async function openWithToken({ page, origin }: Participant, boardId: string, token: string, name: string): Promise<void> {
  await page.goto(`${origin}/b/${boardId}#token=${token}`);
  // Typed key by key: tldraw's single-letter shortcuts must not swallow the keystrokes.
  await page.getByTestId('display-name-input').pressSequentially(name);
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
}

export function shapeIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window.__journeyboard?.editor.getCurrentPageShapes() ?? []).map((shape) => shape.id).sort(),
  );
}

/** Creates a sticky note centred at the screen point `at` with the note tool and types its text. */
export async function addNote(page: Page, at: { x: number; y: number }, text: string): Promise<void> {
  await page.getByTestId('tools.note').click();
  await page.mouse.click(at.x, at.y);
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
  await expect(page.locator('.tl-shape[data-shape-type="note"]', { hasText: text })).toHaveCount(1);
}

export async function drawRectangle(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.getByTestId('tools.rectangle').click();
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

export function expectHealthy({ traffic, origin, pageErrors }: Participant): void {
  expect(pageErrors).toEqual([]);
  const wsOrigin = origin.replace(/^http/, 'ws');
  // data: and blob: URLs are generated in the page and never touch the network.
  const foreign = traffic.filter(
    (url) =>
      !url.startsWith(`${origin}/`) &&
      !url.startsWith(`${wsOrigin}/`) &&
      !url.startsWith('data:') &&
      !url.startsWith('blob:'),
  );
  expect(foreign).toEqual([]);
  expect(traffic.length).toBeGreaterThan(0);
}

