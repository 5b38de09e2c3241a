/** A board's journey map with one card on it, as the chrome's e2e scenarios start. */
import type { Page } from '@playwright/test';

/** Once per board: a journey map placed from the templates menu, with a card in its second stage, nothing selected. */
export async function placeMapWithCard(page: Page): Promise<void> {
  const hasMap = await page.evaluate(() => Boolean(window.__journeyboard?.editor.getCurrentPageShapes().some((s) => s.type === 'journey-map')));
  if (hasMap) return;
  await page.getByTestId('templates-button').click();
  await page.getByTestId('place-journey-map').click();
  await page.evaluate(() => {
    const editor = window.__journeyboard?.editor;
    const map = editor?.getCurrentPageShapes().find((s) => s.type === 'journey-map');
    if (!editor || !map || map.type !== 'journey-map') throw new Error('no journey map');
    const p = map.props;
    const x = map.x + p.laneHeaderWidth + (p.stages[0]?.width ?? 0) + 20;
    const y = map.y + p.titleHeight + p.headerHeight + 20;
    editor.createShape({ type: 'note', x, y, props: {} });
    editor.selectNone();
  });
}
