import ExcelJS from 'exceljs';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocLayout } from '../../shared/src/index.ts';
import { cellCentre, fixedMapProps, journeyMap, note } from '../unit/journey/fixtures.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitForSynced, type TestClient } from '../support/yClients.ts';

let server: RunningServer;
let client: TestClient;
let boardId: string;

beforeAll(async () => {
  server = await startServer();
  boardId = await createBoard(server.url, 'Claims: Q3 / review');
  client = connectClient(server.wsUrl, boardId);
  await waitForSynced(client);
  const step = cellCentre(0, 0, 0, 0);
  const kv = new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
  client.doc.transact(() => {
    for (const record of [journeyMap('m', 0, 0, fixedMapProps(['Report', 'Assess'], ['steps'])), note('step', step.x, step.y, 'Reports damage')]) {
      kv.set(record.id as string, record);
    }
  });
});
afterAll(async () => {
  client.destroy();
  await server.stop();
});

const exportOf = (format: string) => fetch(`${server.url}/api/boards/${boardId}/journey?format=${format}`);

describe('journey exports over the API', () => {
  it('serves XLSX as a download with one sheet per map', async () => {
    await expect.poll(async () => (await (await exportOf('csv')).text()).includes('Reports damage')).toBe(true);
    const response = await exportOf('xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Claims-Q3-review.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets[0]?.getCell('B2').text).toBe('Reports damage');
  });

  it('serves Mermaid journey syntax', async () => {
    const response = await exportOf('mermaid');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Claims-Q3-review.mmd"');
    expect(await response.text()).toBe('journey\n  title Test map\n  section Report\n    Reports damage: 3\n  section Assess\n');
  });

  it('keeps the existing formats and refuses an unknown one with a clear error', async () => {
    expect((await exportOf('md')).headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const refused = await exportOf('pptx');
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('format');
  });
});
