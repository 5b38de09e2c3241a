import { expect, test, type Page } from '@playwright/test';
import { DocLayout } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, openBoard } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

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
  const boardId = await createBoard(server.url, 'Images');
  const alice = await joinAs(browser, server.url);
  const bob = await joinAs(browser, server.url);
  await openBoard(alice, boardId, 'Alice');
  await openBoard(bob, boardId, 'Bob');

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

  expectHealthy(alice);
  expectHealthy(bob);
  await alice.context.close();
  await bob.context.close();
});

test('an image the server refuses leaves no asset in the doc, and the user is told', async ({ browser }) => {
  // A small limit, so a real picture crosses it on the server while tldraw's own 10 MB check lets it pass.
  const strict = await startServer({ env: { MAX_UPLOAD_BYTES: '2048' } });
  try {
    const boardId = await createBoard(strict.url, 'Strict');
    const carol = await joinAs(browser, strict.url);
    await openBoard(carol, boardId, 'Carol');
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
