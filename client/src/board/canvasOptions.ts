import type { TldrawOptions } from 'tldraw';

/**
 * tldraw refuses to create shapes past 4,000 on a page by default; a programme's journey maps with
 * their cards, comments and votes pass that. Boards are measured to stay interactive at 10,000
 * shapes (`npm run bench -- browser`, docs/performance.md); beyond 20,000 tldraw says the page is
 * full and the facilitator moves on to another page.
 */
export const MAX_SHAPES_PER_PAGE = 20_000;

/** What every canvas passes to <Tldraw options>. */
export const canvasOptions: Partial<TldrawOptions> = { maxShapesPerPage: MAX_SHAPES_PER_PAGE };
