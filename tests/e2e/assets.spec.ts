import { expect, test, type Page } from '@playwright/test';
import { CreatedBoardSchema, DocLayout, ShareLinkSchema, shareLinkPath, type Role } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, type Participant } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  // As in production: share links are the only way in, so uploads must carry the link's token.
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
});

test.afterAll(async () => {
  await server.stop();
});

async function createBoard(origin: string, title: string): Promise<{ id: string; facilitatorToken: string }> {
  const response = await fetch(`${origin}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  return CreatedBoardSchema.parse(await response.json());
}

async function shareLinkToken(origin: string, boardId: string, facilitatorToken: string, role: Role): Promise<string> {
  const response = await fetch(`${origin}/api/boards/${boardId}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${facilitatorToken}` },
    body: JSON.stringify({ role }),
  });
  return ShareLinkSchema.parse(await response.json()).token;
}

/** Opens the board through a share link, as a participant who got the link would. */
async function openThroughLink({ page, origin }: Participant, boardId: string, token: string, name: string): Promise<void> {
  await page.goto(`${origin}${shareLinkPath(boardId, token)}`);
  await page.getByTestId('display-name-input').pressSequentially(name);
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('display-name-dialog')).toHaveCount(0);
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
}

interface DocAsset {
  id: string;
  type: string;
  src: string | null;
  mimeType: string | null;
}

/** Asset records as the shared Y.Doc holds them (what the server stores), not the editor's view. */
function docAssets(page: Page): Promise<{ assets: DocAsset[]; json: string }> {
  return page.evaluate((recordsName) => {
    const doc = window.__journeyboard?.doc;
    if (!doc) throw new Error('no board doc');
    const records = doc.getArray<{ key: string; val: unknown }>(recordsName).toArray().map((entry) => entry.val);
    const assets = records
      .filter((r): r is { id: string; typeName: 'asset'; type: string; props: Record<string, unknown> } =>
        typeof r === 'object' && r !== null && 'typeName' in r && r.typeName === 'asset',
      )
      .map((r) => ({
        id: r.id,
        type: r.type,
        src: typeof r.props.src === 'string' ? r.props.src : null,
        mimeType: typeof r.props.mimeType === 'string' ? r.props.mimeType : null,
      }));
    return { assets, json: JSON.stringify(records) };
  }, DocLayout.records);
}

/** Paints a PNG in the page, then drops it on the canvas (as from the file manager) or pastes it. */
async function putImage(page: Page, how: 'drop' | 'paste', color: string, at: { x: number; y: number }): Promise<void> {
  await page.evaluate(
    async ({ how, color, at }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 48;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      if (color === 'noise') {
        // Random pixels do not compress: a few KB of PNG.
        const pixels = context.createImageData(64, 48);
        for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256);
        context.putImageData(pixels, 0, 0);
      } else {
        context.fillStyle = color;
        context.fillRect(0, 0, 64, 48);
      }
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('could not encode a PNG');
      const data = new DataTransfer();
      data.items.add(new File([blob], `${how}.png`, { type: 'image/png' }));
      if (how === 'drop') {
        const target = document.querySelector('.tl-canvas');
        if (!target) throw new Error('no canvas');
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, clientX: at.x, clientY: at.y, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, clientX: at.x, clientY: at.y, bubbles: true, cancelable: true }));
      } else {
        document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
      }
    },
    { how, color, at },
  );
}

test('dropped and pasted images are uploaded; the doc holds only their URL and another participant sees them', async ({ browser }) => {
  const { id: boardId, facilitatorToken } = await createBoard(server.url, 'Images');
  const alice = await joinAs(browser, server.url);
  const bob = await joinAs(browser, server.url);
  await openThroughLink(alice, boardId, facilitatorToken, 'Alice');
  await openThroughLink(bob, boardId, await shareLinkToken(server.url, boardId, facilitatorToken, 'editor'), 'Bob');

  await putImage(alice.page, 'drop', '#e4572e', { x: 400, y: 300 });
  await alice.page.mouse.click(900, 600); // focus the canvas, as a user would before pasting
  await putImage(alice.page, 'paste', '#17bebb', { x: 0, y: 0 });

  const assetUrl = new RegExp(`^/api/boards/${boardId}/assets/[0-9a-f]{64}$`);
  await expect.poll(async () => (await docAssets(alice.page)).assets.filter((a) => a.src && assetUrl.test(a.src)).length).toBe(2);
  const { assets, json } = await docAssets(alice.page);
  expect(assets).toHaveLength(2);
  for (const asset of assets) expect(asset).toMatchObject({ type: 'image', mimeType: 'image/png', src: expect.stringMatching(assetUrl) });
  expect(json).not.toContain('data:');
  expect(json).not.toContain('blob:');
  expect(alice.traffic).toContain(`${server.url}/api/boards/${boardId}/assets`);

  // The server serves exactly what the doc points at.
  for (const { src } of assets) {
    const response = await fetch(`${server.url}${src ?? ''}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toContain('immutable');
  }

  // Bob's doc gets the same records, and his browser loads both images from the server.
  await expect.poll(async () => (await docAssets(bob.page)).assets.map((a) => a.src).sort()).toEqual(assets.map((a) => a.src).sort());
  const images = bob.page.locator('.tl-shape[data-shape-type="image"] img.tl-image');
  await expect(images).toHaveCount(2);
  await expect
    .poll(() => images.evaluateAll((elements) => elements.map((img) => (img as HTMLImageElement).naturalWidth)))
    .toEqual([64, 64]);
  const shownSources = await images.evaluateAll((elements) => elements.map((img) => img.getAttribute('src')).sort());
  expect(shownSources).toEqual(assets.map((a) => a.src).sort());
  for (const { src } of assets) expect(bob.traffic).toContain(`${server.url}${src ?? ''}`);

  // A viewer's canvas is read-only; even if their client tried, the server refuses the upload.
  const vera = await joinAs(browser, server.url);
  await openThroughLink(vera, boardId, await shareLinkToken(server.url, boardId, facilitatorToken, 'viewer'), 'Vera');
  await expect.poll(async () => (await docAssets(vera.page)).assets).toHaveLength(2);
  await vera.page.evaluate(() => {
    window.__journeyboard?.editor.updateInstanceState({ isReadonly: false });
  });
  const refused = vera.page.waitForResponse((r) => r.url() === `${server.url}/api/boards/${boardId}/assets`);
  await putImage(vera.page, 'drop', '#f5d547', { x: 600, y: 300 });
  expect((await refused).status()).toBe(403);
  await expect(vera.page.locator('.tlui-toast__title', { hasText: 'Upload failed' })).toBeVisible();
  await expect(vera.page.locator('.tl-shape[data-shape-type="image"]')).toHaveCount(2);
  expect((await docAssets(alice.page)).assets).toHaveLength(2);

  expectHealthy(alice);
  expectHealthy(bob);
  expectHealthy(vera);
  await alice.context.close();
  await bob.context.close();
  await vera.context.close();
});

test('an image the server refuses leaves no asset in the doc, and the user is told', async ({ browser }) => {
  // A small limit, so a real picture crosses it on the server while tldraw's own 10 MB check lets it pass.
  const strict = await startServer({ env: { ANONYMOUS_ROLE: 'none', MAX_UPLOAD_BYTES: '2048' } });
  try {
    const { id: boardId, facilitatorToken } = await createBoard(strict.url, 'Strict');
    const carol = await joinAs(browser, strict.url);
    await openThroughLink(carol, boardId, facilitatorToken, 'Carol');
    const refused = carol.page.waitForResponse((r) => r.url() === `${strict.url}/api/boards/${boardId}/assets`);
    await putImage(carol.page, 'drop', 'noise', { x: 400, y: 300 });
    expect((await refused).status()).toBe(413);
    await expect(carol.page.locator('.tlui-toast__title', { hasText: 'Upload failed' })).toBeVisible();
    await expect.poll(async () => (await docAssets(carol.page)).assets).toEqual([]);
    // No broken picture is left behind either.
    await expect(carol.page.locator('.tl-shape[data-shape-type="image"]')).toHaveCount(0);
    expect(await carol.page.evaluate(() => window.__journeyboard?.editor.getCurrentPageShapes().length)).toBe(0);
    expect((await docAssets(carol.page)).json).not.toContain('data:');
    expectHealthy(carol);
    await carol.context.close();
  } finally {
    await strict.stop();
  }
});
