/**
 * A participant writes only its own profile record (server rule, shared/src/profileKey.ts). The
 * browser must write exactly that one: its name reaches the board as its own `user:` record, the
 * server refuses nothing of it, and the browser stays connected.
 */
import { YKeyValue } from 'y-utility/y-keyvalue';
import { expect, test } from '@playwright/test';
import * as decoding from 'lib0/decoding';
import { DocLayout, MessageType } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced } from '../support/yClients.ts';
import { expectHealthy, joinAs, openBoard } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  // One refused write closes the browser's connection: any refusal of its own profile shows.
  server = await startServer({ env: { MAX_REJECTIONS_PER_MINUTE: '1' } });
});
test.afterAll(async () => {
  await server.kill();
});

test("a browser writes its own profile, nobody else's, and stays connected", async ({ browser }) => {
  const boardId = await createBoard(server.url);
  const observer = connectClient(server.wsUrl, boardId, { params: { ext: '1' } });
  await waitForSynced(observer);
  const profiles = new YKeyValue<unknown>(observer.doc.getArray(DocLayout.records));

  const ada = await joinAs(browser, server.url);
  await openBoard(ada, boardId, 'Ada');
  const userId = await ada.page.evaluate(() => window.__journeyboard?.editor.user.getId());
  expect(userId).toBeTruthy();
  await waitFor(
    () => (profiles.get(`user:${userId}`) as { name?: string } | undefined)?.name === 'Ada',
    () => `profiles on the board: ${[...profiles.map.keys()].filter((k) => k.startsWith('user:')).join(', ')}`,
  );
  // Exactly one profile: tldraw's own default user is not written beside it.
  expect([...profiles.map.keys()].filter((key) => key.startsWith('user:'))).toEqual([`user:${userId}`]);

  // A rename is the same record, accepted too; the connection never dropped.
  await ada.page.evaluate(() => window.__journeyboard?.editor.user.updateUserPreferences({ name: 'Ada L.' }));
  await waitFor(() => (profiles.get(`user:${userId}`) as { name?: string } | undefined)?.name === 'Ada L.', () => 'the rename never arrived');
  await expect(ada.page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  expectHealthy(ada);

  // A stock client without the browser's profile key cannot rewrite Ada's profile.
  let rejected = '';
  const mallory = connectClient(server.wsUrl, boardId, { params: { ext: '1' } });
  await waitForSynced(mallory);
  mallory.provider.messageHandlers[MessageType.RecordRejected] = (_encoder, decoder) => {
    decoding.readVarString(decoder);
    rejected = decoding.readVarString(decoder);
  };
  new YKeyValue<unknown>(mallory.doc.getArray(DocLayout.records)).set(`user:${userId}`, { ...(profiles.get(`user:${userId}`) as object), name: 'Mallory' });
  await waitFor(() => rejected !== '', () => 'the impersonation was not refused');
  expect(rejected).toMatch(/only its own profile/);
  expect((profiles.get(`user:${userId}`) as { name?: string }).name).toBe('Ada L.');
  mallory.destroy();
  observer.destroy();
  await ada.context.close();
});
