import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { shareLinkPath } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs } from './participants.ts';

let server: RunningServer;
let receiver: Server;
let receiverUrl: string;
const received: string[] = [];

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    received.push(String(request.headers['journeyboard-event'] ?? ''));
    request.resume();
    response.end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/in`;
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '100' } });
});
test.afterAll(async () => {
  await server.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

test('the facilitator adds a webhook, is refused a target the server does not allow, sends a test and sees it delivered in the log', async ({ browser }) => {
  const created = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Hooks' }) });
  const board = (await created.json()) as { id: string; facilitatorToken: string };
  const facilitator = await joinAs(browser, server.url);
  const { page } = facilitator;
  await page.goto(`${server.url}${shareLinkPath(board.id, board.facilitatorToken)}`);
  await page.getByTestId('display-name-input').pressSequentially('Fiona');
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');

  await page.getByTestId('webhooks-button').click();
  const section = page.getByTestId('webhooks-section');
  await page.getByTestId('webhook-url').fill('http://10.0.0.1/in');
  await page.getByTestId('webhook-secret').fill('a-secret-of-enough-length');
  await page.getByTestId('webhook-add').click();
  await expect(section.getByRole('alert')).toContainText('10.0.0.1 is not an allowed webhook host');

  await page.getByTestId('webhook-url').fill(receiverUrl);
  await page.getByTestId('webhook-secret').fill('a-secret-of-enough-length');
  await page.getByTestId('webhook-add').click();
  await expect(page.getByTestId('webhook')).toContainText(receiverUrl);
  await page.getByTestId('webhook').getByRole('button', { name: 'Send test' }).click();
  await expect(page.getByTestId('delivery-log')).toContainText('ping');
  await expect(page.getByTestId('delivery-log').locator('tbody tr').first()).toContainText('delivered');
  expect(received).toContain('ping');
  expectHealthy(facilitator);
  await facilitator.context.close();
});
