import { expect, test } from '@playwright/test';
import { JourneyDataSchema } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { expectHealthy, joinAs, openBoard } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

const STAGES = ['Awareness', 'Consideration', 'Purchase', 'Use', 'Loyalty'];
const LANES = ['Steps', 'Touchpoints', 'Pain points', 'Ideas'];

function csvOf200(): string {
  const rows = ['stage,lane,text,channel'];
  for (const stage of STAGES) for (const lane of LANES) for (let n = 1; n <= 10; n++) rows.push(`${stage},${lane},${stage} ${lane} ${n},${lane === 'Touchpoints' ? 'web' : ''}`);
  return rows.join('\n');
}

test('import a 200-row CSV in the browser, see a malformed row with its line, and watch metrics posted through the API appear on the card', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Live data');
  const editor = await joinAs(browser, server.url);
  const { page } = editor;
  await openBoard(editor, boardId, 'Eda');

  await page.getByTestId('livedata-button').click();
  // The file chooser is the app's, in the interface's language, and names the chosen file.
  await expect(page.getByTestId('import-file-choose')).toHaveText('Choose a file…');
  await expect(page.getByTestId('import-file-name')).toHaveText('No file chosen');
  // A malformed row: the dialog names its line and nothing lands on the board.
  await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('stage,lane,text,channel\nUse,Steps,Call,\nUse,Touchpoints,Hotline,pigeon post\n') });
  await expect(page.getByTestId('import-file-name')).toHaveText('bad.csv');
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('upload-problem')).toHaveText('Line 3: channel "pigeon post" is not known');
  await expect(page.getByTestId('upload-problem')).toHaveAttribute('data-line', '3');

  await page.getByTestId('import-title').fill('Retail journey');
  await page.getByTestId('import-file').setInputFiles({ name: 'journey.csv', mimeType: 'text/csv', buffer: Buffer.from(csvOf200()) });
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('upload-done')).toContainText('200 cards');
  await expect
    .poll(() => page.evaluate(() => (window.__journeyboard?.editor.getCurrentPageShapes() ?? []).filter((s) => s.type === 'note').length))
    .toBe(200);

  // Metrics from an analytics system: the badge shows on the open board as soon as the server has it.
  const response = await fetch(`${server.url}/api/boards/${boardId}/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ values: [{ stage: 'Purchase', step: 'Purchase Steps 1', name: 'Conversion', value: 41, unit: '%', target: 60 }] }),
  });
  expect(response.status).toBe(200);
  const { cardIds } = (await response.json()) as { cardIds: string[] };
  const card = page.locator(`[data-testid="metric-card"][data-card-id="${cardIds[0] ?? ''}"]`);
  await expect(card.getByTestId('metric-badge')).toHaveText('Conversion 41%', { timeout: 1000 });
  await expect(card.getByTestId('metric-badge')).toHaveAttribute('data-status', 'missed');
  await expect(card).toHaveAttribute('data-misses-target', 'true');

  const journey = JourneyDataSchema.parse(await (await fetch(`${server.url}/api/boards/${boardId}/journey`)).json());
  const posted = journey.maps[0]?.cells.flatMap((c) => c.cards).find((c) => c.id === cardIds[0]);
  expect(posted?.liveMetrics).toMatchObject([{ name: 'Conversion', value: 41, unit: '%', target: 60, direction: 'higherIsBetter' }]);

  // The same through the CSV upload in the UI: a value that meets its target turns the card green.
  await page.getByTestId('metrics-file').setInputFiles({
    name: 'metrics.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`card_id,name,value,unit,target\n${cardIds[0] ?? ''},Conversion,64,%,60\n`),
  });
  await page.getByTestId('metrics-submit').click();
  await expect(card.getByTestId('metric-badge')).toHaveText('Conversion 64%');
  await expect(card).toHaveAttribute('data-misses-target', 'false');
  expectHealthy(editor);
  await editor.context.close();
});

test('the home page is a portfolio: boards with their journey figures, and touchpoints across boards filtered and exported as CSV', async ({ browser }) => {
  for (const [title, channel, owner] of [
    ['Portfolio A', 'phone', 'Hotline'],
    ['Portfolio B', 'web', 'E-commerce'],
  ] as const) {
    const boardId = await createBoard(server.url, title);
    const imported = await fetch(`${server.url}/api/boards/${boardId}/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `stage,lane,text,channel,owner\nBuy,Touchpoints,${title} contact,${channel},${owner}\nBuy,Steps,${title} step,,\n`,
    });
    expect(imported.status).toBe(201);
  }
  const visitor = await joinAs(browser, server.url);
  const { page } = visitor;
  await page.goto(server.url);
  const row = page.getByTestId('portfolio-board').filter({ hasText: 'Portfolio A' });
  await expect(row.getByTestId('portfolio-maps')).toHaveText('1');
  await expect(row.getByTestId('portfolio-cards')).toHaveText('2');
  await page.getByTestId('portfolio-search').fill('Portfolio B');
  await expect(page.getByTestId('portfolio-board')).toHaveCount(1);

  await page.getByTestId('portfolio-tab-touchpoints').click();
  await page.getByTestId('touchpoint-search').fill('Portfolio');
  await expect(page.getByTestId('touchpoint-row')).toHaveCount(2);
  await page.getByTestId('touchpoint-channel').selectOption('phone');
  await expect(page.getByTestId('touchpoint-row')).toHaveCount(1);
  await expect(page.getByTestId('touchpoint-row')).toContainText('Portfolio A contact');

  const download = page.waitForEvent('download');
  await page.getByTestId('touchpoint-export').click();
  const file = await download;
  const { readFile } = await import('node:fs/promises');
  const csv = await readFile((await file.path()) ?? '', 'utf8');
  expect(csv.trim().split('\r\n')).toHaveLength(2);
  expect(csv).toContain('Portfolio A contact,phone');

  // A board that nobody had opened before its import opens with the imported map.
  await page.getByTestId('touchpoint-row').getByRole('link', { name: 'Portfolio A' }).click();
  await page.getByTestId('display-name-input').fill('Pia');
  await page.getByTestId('display-name-submit').click();
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'connected');
  await expect
    .poll(() => page.evaluate(() => (window.__journeyboard?.editor.getCurrentPageShapes() ?? []).map((s) => s.type).sort().join(',')))
    .toBe('journey-map,note,note');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expectHealthy(visitor);
  await visitor.context.close();
});
