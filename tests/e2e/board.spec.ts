import { expect, test, type WebSocketRoute } from '@playwright/test';
import { drawRectangle, expectHealthy, joinAs, openBoard, shapeIds } from './participants.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.ts';

let server: RunningServer;
/** Browser A reaches the server through this proxy so the test can cut A's network. */
let proxy: TcpProxy;

test.beforeAll(async () => {
  server = await startServer();
  proxy = await startTcpProxy(server.port);
});

test.afterAll(async () => {
  await proxy.close();
  await server.stop();
});

test('two participants draw together, see each other, survive a reload and a network cut', async ({
  browser,
}) => {
  const boardId = await createBoard(server.url, 'Onboarding journey');
  const ada = await joinAs(browser, proxy.url);
  const bob = await joinAs(browser, server.url);

  await openBoard(ada, boardId, 'Ada');
  await openBoard(bob, boardId, 'Bob Rivera');
  await expect(ada.page.getByTestId('board-title')).toHaveText('Onboarding journey');

  await test.step('a shape drawn by A appears for B', async () => {
    await drawRectangle(ada.page, { x: 420, y: 320 }, { x: 580, y: 440 });
    await expect.poll(() => shapeIds(ada.page)).toHaveLength(1);
    const idsInA = await shapeIds(ada.page);
    await expect.poll(() => shapeIds(bob.page)).toEqual(idsInA);
    await expect(bob.page.locator('.tl-shape[data-shape-type="geo"]')).toHaveCount(1);
  });

  await test.step("A sees B's cursor with B's name, in the people menu too, and can follow B", async () => {
    await bob.page.mouse.move(700, 500, { steps: 5 });
    await bob.page.mouse.move(760, 520, { steps: 5 });
    await expect(ada.page.locator('.tl-nametag', { hasText: 'Bob Rivera' })).toBeVisible();
    await expect(ada.page.getByRole('button', { name: 'Follow Bob Rivera' })).toBeVisible();

    await ada.page.evaluate(() => {
      const editor = window.__journeyboard?.editor;
      const bobPresence = editor?.getCollaborators().find((presence) => presence.userName === 'Bob Rivera');
      if (!editor || !bobPresence) throw new Error("Bob's presence is missing");
      editor.startFollowingUser(bobPresence.userId);
    });
    await bob.page.evaluate(() => {
      // The editor returns itself: return nothing, it cannot be serialised.
      window.__journeyboard?.editor.setCamera({ x: -2000, y: -1500, z: 1 });
    });
    await expect
      .poll(() => ada.page.evaluate(() => window.__journeyboard?.editor.getViewportPageBounds().center.x ?? 0))
      .toBeGreaterThan(1500);
    await ada.page.evaluate(() => {
      // The editor returns itself: return nothing, it cannot be serialised.
      window.__journeyboard?.editor.stopFollowingUser();
    });
    await bob.page.evaluate(() => {
      // The editor returns itself: return nothing, it cannot be serialised.
      window.__journeyboard?.editor.setCamera({ x: 0, y: 0, z: 1 });
    });
    await ada.page.evaluate(() => {
      // The editor returns itself: return nothing, it cannot be serialised.
      window.__journeyboard?.editor.setCamera({ x: 0, y: 0, z: 1 });
    });
  });

  await test.step('a reload keeps the shape', async () => {
    const before = await shapeIds(bob.page);
    await bob.page.reload();
    await expect(bob.page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
    await expect(bob.page.getByTestId('display-name-dialog')).toHaveCount(0);
    await expect.poll(() => shapeIds(bob.page)).toEqual(before);
  });

  await test.step("an edit made while A's network is cut reaches B after reconnecting", async () => {
    proxy.cut();
    await expect(ada.page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'offline');

    await drawRectangle(ada.page, { x: 700, y: 320 }, { x: 840, y: 430 });
    await expect.poll(() => shapeIds(ada.page)).toHaveLength(2);
    await expect(ada.page.getByTestId('unsynced-edits')).toBeVisible();
    expect(await shapeIds(bob.page)).toHaveLength(1);

    proxy.restore();
    await expect(ada.page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
    const idsInA = await shapeIds(ada.page);
    await expect.poll(() => shapeIds(bob.page)).toEqual(idsInA);
    await expect(ada.page.getByTestId('unsynced-edits')).toHaveCount(0);
  });

  expectHealthy(ada);
  expectHealthy(bob);
  await ada.context.close();
  await bob.context.close();
});

test('edits made without a sync connection survive a reload and reach the server later', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Offline workshop');
  const carla = await joinAs(browser, server.url);
  const { page, context } = carla;
  // Only the sync socket is cut (HTTP keeps working) so the page can be reloaded "offline".
  let syncBlocked = false;
  const openSockets = new Set<WebSocketRoute>();
  await context.routeWebSocket(/\/sync\//, (socket) => {
    if (syncBlocked) {
      void socket.close({ code: 1006 });
      return;
    }
    socket.connectToServer();
    openSockets.add(socket);
  });

  await openBoard(carla, boardId, 'Carla');
  syncBlocked = true;
  for (const socket of openSockets) await socket.close({ code: 1006 });
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'offline');

  await drawRectangle(page, { x: 420, y: 320 }, { x: 580, y: 440 });
  await expect(page.getByTestId('unsynced-edits')).toBeVisible();
  const drawnOffline = await shapeIds(page);
  expect(drawnOffline).toHaveLength(1);

  await page.reload();
  await expect(page.getByTestId('board-page')).toBeVisible();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'offline');
  await expect.poll(() => shapeIds(page)).toEqual(drawnOffline);

  syncBlocked = false;
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  const latecomer = await joinAs(browser, server.url);
  await openBoard(latecomer, boardId, 'Dmitri');
  await expect.poll(() => shapeIds(latecomer.page)).toEqual(drawnOffline);

  expectHealthy(carla);
  expectHealthy(latecomer);
  await context.close();
  await latecomer.context.close();
});

test('a pasted URL becomes a bookmark without any request to that URL', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Links');
  const visitor = await joinAs(browser, server.url);
  const { page } = visitor;
  await openBoard(visitor, boardId, 'Emil');
  await page.mouse.click(640, 400);

  await page.evaluate(() => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', 'https://example.com/pricing');
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true }));
  });

  const bookmark = page.locator('.tl-shape[data-shape-type="bookmark"]');
  await expect(bookmark).toHaveCount(1);
  // The asset is attached once the unfurl step is done, which is when tldraw's default would fetch.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const shape = window.__journeyboard?.editor.getCurrentPageShapes().find((s) => s.type === 'bookmark');
        return shape && 'assetId' in shape.props ? shape.props.assetId : null;
      }),
    )
    .not.toBeNull();
  expectHealthy(visitor);
  await expect(bookmark).toContainText('https://example.com/pricing');
  await visitor.context.close();
});

test('creating a board from the home page opens it; the list shows it', async ({ browser }) => {
  const visitor = await joinAs(browser, server.url);
  const { page } = visitor;
  await page.goto(server.url);
  await page.getByTestId('create-board-title').fill('Kick-off workshop');
  await page.getByTestId('create-board-submit').click();

  await expect(page).toHaveURL(/\/b\/[A-Za-z0-9_-]{10,64}$/);
  await page.getByTestId('display-name-input').fill('Carla');
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('board-title')).toHaveText('Kick-off workshop');
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');

  await page.getByRole('link', { name: 'Journeyboard' }).click();
  await expect(page.getByTestId('board-list').getByRole('link', { name: 'Kick-off workshop' })).toBeVisible();
  expectHealthy(visitor);
  await visitor.context.close();
});

test('an unknown board shows a clear message with a way home', async ({ browser }) => {
  const visitor = await joinAs(browser, server.url);
  const { page } = visitor;
  await page.goto(`${server.url}/b/doesNotExist1234`);
  await expect(page.getByTestId('board-not-found')).toContainText('does not exist');
  await page.getByRole('link', { name: 'Back to all boards' }).click();
  await expect(page.getByTestId('create-board-title')).toBeVisible();
  await visitor.context.close();
});

test('the UI switches between English and German, tldraw included', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Sprachtest');
  const visitor = await joinAs(browser, server.url);
  const { page } = visitor;
  await openBoard(visitor, boardId, 'Dana');
  await expect(page.getByTestId('connection-badge')).toContainText('Connected');

  await page.getByTestId('language-de').click();
  await expect(page.getByTestId('connection-badge')).toContainText('Verbunden');
  await expect.poll(() => page.evaluate(() => window.__journeyboard?.editor.user.getLocale())).toBe('de');
  await expect(page.getByTestId('tools.rectangle')).toHaveAttribute('aria-label', /Rechteck/);

  await page.reload();
  await expect(page.getByTestId('connection-badge')).toContainText('Verbunden');
  expectHealthy(visitor);
  await visitor.context.close();
});
