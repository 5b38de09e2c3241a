import { expect, test } from '@playwright/test';
import type { TLNoteShape } from 'tldraw';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { DocLayout } from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitForSynced } from '../support/yClients.ts';
import { expectHealthy, joinAs, openBoard } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

// Labels that take each of tldraw's sizing paths: fits, grows the card, shrinks the font for a long word, empty.
const LABELS = [
  'Short',
  'Fill in the paper claim form and send it by post to the insurer',
  'Versicherungsbestätigungsformularausfüllhilfe',
  'Line one\nLine two\nLine three\nLine four\nLine five\nLine six',
  '',
  'Call the hotline',
];

test('cards on a board that opens have the sizes tldraw measures for each card on its own', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Many cards');
  const writer = connectClient(server.wsUrl, boardId);
  await waitForSynced(writer);
  const records = new YKeyValue<unknown>(writer.doc.getArray(DocLayout.records));
  const sizes = ['s', 'm', 'l', 'xl'];
  writer.doc.transact(() => {
    for (let i = 0; i < 48; i++) {
      const card = note(`card${i}`, (i % 8) * 240, Math.floor(i / 8) * 400, LABELS[i % LABELS.length] ?? '');
      const props = card.props as Record<string, unknown>;
      records.set(`shape:card${i}`, { ...card, props: { ...props, size: sizes[i % sizes.length], font: i % 3 === 0 ? 'sans' : 'draw' } });
    }
  });

  const ada = await joinAs(browser, server.url);
  await openBoard(ada, boardId, 'Ada');
  await expect.poll(() => ada.page.evaluate(() => window.__journeyboard?.editor.getCurrentPageShapeIds().size)).toBe(48);

  const { compared, batchedRequests } = await ada.page.evaluate(async () => {
    const editor = window.__journeyboard?.editor;
    if (!editor) throw new Error('no editor');
    type Geometry = { children: { bounds: { x: number; y: number; w: number; h: number } }[] };
    const boxes = (geometry: Geometry) => geometry.children.map(({ bounds: { x, y, w, h } }) => [x, y, w, h]);
    // Sizes measured before a font has loaded differ from later ones (tldraw's own behaviour):
    // compare with every font in place.
    await editor.fonts.loadRequiredFontsForCurrentPage(Infinity);
    // Copies arrive as a remote batch of unmeasured cards, as a board does when it opens.
    const copies = editor.getCurrentPageShapes().map((shape) => ({ ...shape, id: `${shape.id}-copy` as typeof shape.id }));
    const textMeasure = editor.textMeasure;
    const measureHtmlBatch = textMeasure.measureHtmlBatch.bind(textMeasure);
    let batchedRequests = 0;
    textMeasure.measureHtmlBatch = (requests) => {
      if (requests.length > 1) batchedRequests += requests.length;
      return measureHtmlBatch(requests);
    };
    editor.store.mergeRemoteChanges(() => editor.store.put(copies));
    const util = editor.getShapeUtil<TLNoteShape>('note');
    const compared = copies.map((copy) => ({
      id: copy.id,
      shown: boxes(editor.getShapeGeometry(copy.id) as unknown as Geometry),
      // A copy of the record is a card nobody measured yet: measured now, on its own.
      alone: boxes(util.getGeometry({ ...copy } as TLNoteShape) as unknown as Geometry),
    }));
    return { compared, batchedRequests };
  });
  // Measured together, each distinct label once: 12 combinations of label, size and font
  // repeat over the 48 cards, and the 2 with an empty label need no measuring.
  expect(batchedRequests).toBe(10);
  expect(compared).toHaveLength(48);
  // Card and label: the same boxes, to the pixel fraction.
  for (const { id, shown, alone } of compared) expect(shown, id).toEqual(alone);
  // The labels really did take different paths: one line, several lines, a shrunken long word.
  const labelHeights = new Set(compared.map(({ shown }) => shown[1]?.[3]));
  expect(labelHeights.size).toBeGreaterThan(4);
  writer.destroy();
  expectHealthy(ada);
});
