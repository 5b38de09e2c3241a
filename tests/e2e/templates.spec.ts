import { expect, test, type Page } from '@playwright/test';
import { JourneyDataSchema, type JourneyData, type RegionRole, type WorkshopCanvas } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { addNote, expectHealthy, joinAs, openBoard } from './participants.ts';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server.stop();
});

async function journeyFromApi(boardId: string): Promise<JourneyData> {
  const response = await fetch(`${server.url}/api/boards/${boardId}/journey`);
  return JourneyDataSchema.parse(await response.json());
}

function textsByRole(canvas: WorkshopCanvas | undefined): Partial<Record<RegionRole, string[]>> {
  const result: Partial<Record<RegionRole, string[]>> = {};
  for (const region of canvas?.regions ?? []) if (region.cards.length > 0) result[region.role] = region.cards.map((c) => c.text);
  return result;
}

/** Screen point at the centre of the region `role` of the only canvas of `kind`, nudged by (dx, dy) page units. */
async function regionPoint(page: Page, kind: string, role: RegionRole, dx = 0, dy = 0): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ kind, role, dx, dy }) => {
      const editor = window.__journeyboard?.editor;
      const canvas = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-workshop' && s.props.kind === kind);
      if (!editor || !canvas || canvas.type !== 'journey-workshop') throw new Error(`no ${kind} canvas`);
      const area = canvas.props.regions.find((r) => r.role === role)?.area;
      if (!area) throw new Error(`no ${role} region`);
      const local =
        area.kind === 'rect'
          ? { x: area.x + area.w / 2, y: area.y + area.h / 2 }
          : { x: area.cx + (area.innerRadius + area.outerRadius) / 2, y: area.cy };
      const screen = editor.pageToViewport({ x: canvas.x + local.x + dx, y: canvas.y + local.y + dy });
      const container = editor.getContainer().getBoundingClientRect();
      return { x: screen.x + container.left, y: screen.y + container.top };
    },
    { kind, role, dx, dy },
  );
}

async function openGallery(page: Page): Promise<void> {
  await page.getByTestId('templates-button').click();
  await page.getByTestId('open-gallery').click();
  await expect(page.getByTestId('template-gallery')).toBeVisible();
}

const canvasShapes = (page: Page) => page.locator('.tl-shape[data-shape-type="journey-workshop"]');

test('the gallery previews every template and places an empathy map that participants fill', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Parcel empathy');
  const ada = await joinAs(browser, server.url);
  const bob = await joinAs(browser, server.url);
  await openBoard(ada, boardId, 'Ada');
  await openBoard(bob, boardId, 'Bob');
  const { page } = ada;

  await test.step('the gallery lists every template with a preview drawn from its definition', async () => {
    await openGallery(page);
    const gallery = page.getByTestId('template-gallery');
    for (const id of ['empathyMap', 'jobsToBeDone', 'personaCanvas', 'stakeholderMap', 'persona', 'journey-aida', 'journey-afcpl', 'journey-cdj', 'journey-beforeDuringAfter', 'journey-empty']) {
      await expect(gallery.getByTestId(`gallery-item-${id}`).locator('svg')).toHaveCount(1);
    }
    await expect(gallery.getByTestId('gallery-item-empathyMap').locator('svg [data-region]')).toHaveCount(7);
    await expect(gallery.getByTestId('gallery-item-stakeholderMap')).toContainText('Stakeholder map');
  });

  await test.step('placing it is one undo step, in the viewport, seen by everyone', async () => {
    await page.getByTestId('gallery-place-empathyMap').click();
    await expect(page.getByTestId('template-gallery')).toHaveCount(0);
    await expect(canvasShapes(page)).toHaveCount(1);
    await expect(canvasShapes(bob.page)).toHaveCount(1);
    const inViewport = await page.evaluate(() => {
      const editor = window.__journeyboard?.editor;
      const canvas = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-workshop');
      const bounds = canvas && editor?.getShapePageBounds(canvas);
      return Boolean(bounds && editor?.getViewportPageBounds().contains(bounds));
    });
    expect(inViewport).toBe(true);
    await page.evaluate(() => {
      window.__journeyboard?.editor.undo();
    });
    await expect(canvasShapes(bob.page)).toHaveCount(0);
    await page.evaluate(() => {
      window.__journeyboard?.editor.redo();
    });
    await expect(canvasShapes(bob.page)).toHaveCount(1);
    await page.evaluate(() => {
      window.__journeyboard?.editor.selectNone();
    });
  });

  await test.step('notes dropped into regions land in the Data panel and the API', async () => {
    await addNote(page, await regionPoint(page, 'empathyMap', 'says', -150, 0), 'Where is my parcel?');
    await addNote(page, await regionPoint(page, 'empathyMap', 'feels', 150, 0), 'Ignored');
    await bob.page.evaluate(() => {
      window.__journeyboard?.editor.zoomToFit();
    });
    await addNote(bob.page, await regionPoint(bob.page, 'empathyMap', 'persona'), 'Petra');
    await addNote(bob.page, await regionPoint(bob.page, 'empathyMap', 'pains'), 'Hotline queue');
    await page.getByTestId('data-button').click();
    await expect(page.getByTestId('data-canvas')).toHaveAttribute('data-kind', 'empathyMap');
    await expect(page.getByTestId('data-region-says')).toHaveText('Where is my parcel?');
    await expect(page.getByTestId('data-region-persona')).toHaveText('Petra');
    await expect
      .poll(async () => textsByRole((await journeyFromApi(boardId)).canvases[0]))
      .toEqual({ persona: ['Petra'], says: ['Where is my parcel?'], feels: ['Ignored'], pains: ['Hotline queue'] });
    // Notes are children of the canvas: moving the canvas keeps them in their regions.
    await page.evaluate(() => {
      const editor = window.__journeyboard?.editor;
      const canvas = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-workshop');
      if (editor && canvas) editor.updateShape({ id: canvas.id, type: canvas.type, x: canvas.x + 3000 });
    });
    await expect(page.getByTestId('data-region-feels')).toHaveText('Ignored');
  });

  expectHealthy(ada);
  expectHealthy(bob);
  await ada.context.close();
  await bob.context.close();
});

test('German stakeholder map with a labelled arrow, and a persona canvas a journey map links to', async ({ browser }) => {
  const boardId = await createBoard(server.url, 'Stakeholder');
  const dana = await joinAs(browser, server.url);
  await openBoard(dana, boardId, 'Dana');
  const { page } = dana;
  await page.getByTestId('language-de').click();

  await test.step('the gallery speaks German and places a German stakeholder map', async () => {
    await openGallery(page);
    await expect(page.getByTestId('gallery-item-stakeholderMap')).toContainText('Stakeholder-Landkarte');
    await expect(page.getByTestId('gallery-item-jobsToBeDone')).toContainText('Bedürfnispunkte');
    await page.getByTestId('gallery-place-stakeholderMap').click();
    await expect(canvasShapes(page)).toHaveCount(1);
    await page.evaluate(() => {
      window.__journeyboard?.editor.selectNone();
    });
  });

  await test.step('stakeholders on rings, and what one provides to the other on a labelled arrow', async () => {
    const customer = await regionPoint(page, 'stakeholderMap', 'customer', -85, 0);
    const direct = await regionPoint(page, 'stakeholderMap', 'direct');
    await addNote(page, customer, 'Radfahrerin');
    await addNote(page, direct, 'Fahrradladen');
    await addNote(page, await regionPoint(page, 'stakeholderMap', 'external'), 'Fachmagazin');
    await page.getByTestId('tools.arrow').click();
    await page.mouse.move(direct.x, direct.y);
    await page.mouse.down();
    await page.mouse.move(customer.x, customer.y, { steps: 12 });
    await page.mouse.up();
    await expect(page.locator('.tl-shape[data-shape-type="arrow"]')).toHaveCount(1);
    // The new arrow is selected: Enter edits its label.
    await page.keyboard.press('Enter');
    await page.keyboard.type('Reparatur');
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => {
        const canvas = (await journeyFromApi(boardId)).canvases[0];
        return { stakeholders: textsByRole(canvas), labels: canvas?.links.map((l) => `${l.kind}: ${l.label}`), locale: canvas?.locale };
      })
      .toEqual({
        stakeholders: { customer: ['Radfahrerin'], direct: ['Fahrradladen'], external: ['Fachmagazin'] },
        labels: ['provides: Reparatur'],
        locale: 'de',
      });
    await page.getByTestId('data-button').click();
    await expect(page.getByTestId('data-region-direct')).toHaveText('Fahrradladen');
    await expect(page.getByTestId('data-provides')).toContainText('1');
    await page.getByTestId('data-button').click();
  });

  await test.step('a persona canvas is a persona journey maps link to', async () => {
    await page.evaluate(() => {
      const editor = window.__journeyboard?.editor;
      editor?.selectNone();
      editor?.zoomToFit();
    });
    await openGallery(page);
    await page.getByTestId('gallery-place-personaCanvas').click();
    await expect(canvasShapes(page)).toHaveCount(2);
    await page.evaluate(() => {
      window.__journeyboard?.editor.selectNone();
    });
    await addNote(page, await regionPoint(page, 'personaCanvas', 'persona'), 'Petra');
    await addNote(page, await regionPoint(page, 'personaCanvas', 'painPoints'), 'Keine Zeit');
    await page.evaluate(() => {
      window.__journeyboard?.editor.selectNone();
    });
    await page.getByTestId('templates-button').click();
    await page.getByTestId('place-journey-map').click();
    await expect(page.getByTestId('map-persona').locator('option', { hasText: 'Petra' })).toHaveCount(1);
    const personaCanvasId = await page.evaluate(
      () => window.__journeyboard?.editor.getCurrentPageShapes().find((s) => s.type === 'journey-workshop' && s.props.kind === 'personaCanvas')?.id,
    );
    await page.getByTestId('map-persona').selectOption(personaCanvasId ?? '');
    await expect(page.getByTestId('journey-map').locator('.jb-map-persona')).toHaveText('Petra');
    await expect
      .poll(async () => {
        const data = await journeyFromApi(boardId);
        return { personaId: data.maps[0]?.personaId, persona: data.personas.find((p) => p.id === personaCanvasId) };
      })
      .toEqual({ personaId: personaCanvasId, persona: expect.objectContaining({ name: 'Petra', pains: 'Keine Zeit' }) as unknown });
  });

  expectHealthy(dana);
  await dana.context.close();
});
