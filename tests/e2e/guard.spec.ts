import { expect, test } from '@playwright/test';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { DocLayout } from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced } from '../support/yClients.ts';
import { expectHealthy, joinAs, openBoard } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

test('a browser keeps working when another client writes an invalid shape; the server reverts it', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Guarded board');
  const ada = await joinAs(browser, server.url);
  await openBoard(ada, boardId, 'Ada');

  const rogue = connectClient(server.wsUrl, boardId);
  await waitForSynced(rogue);
  const records = new YKeyValue<unknown>(rogue.doc.getArray(DocLayout.records));
  const valid = note('from-script', 300, 300, 'Written by a script');
  const invalid = { ...note('broken', 600, 300, 'Broken'), props: { color: 'not-a-colour', richText: 42 } };
  rogue.doc.transact(() => {
    records.set('shape:from-script', valid);
    records.set('shape:broken', invalid);
  });

  // The valid card of the same update arrives and renders; the invalid one never shows.
  await expect(ada.page.locator('.tl-shape[data-shape-type="note"]', { hasText: 'Written by a script' })).toHaveCount(1);
  await waitFor(() => !records.has('shape:broken'), () => 'the server did not revert the invalid record');
  await expect(ada.page.locator('.tl-shape[data-shape-type="note"]')).toHaveCount(1);
  // Reverted, so nothing is left that the browser could not show.
  await expect(ada.page.getByRole('alert')).toHaveCount(0);

  // The browser still edits normally.
  await ada.page.getByTestId('tools.rectangle').click();
  await ada.page.mouse.move(700, 500);
  await ada.page.mouse.down();
  await ada.page.mouse.move(800, 600, { steps: 8 });
  await ada.page.mouse.up();
  await waitFor(
    () => [...records.map.values()].some((entry) => (entry.val as { type?: string }).type === 'geo'),
    () => 'the rectangle drawn in the browser did not reach other clients',
  );
  rogue.destroy();
  expectHealthy(ada);
  await ada.context.close();
});
