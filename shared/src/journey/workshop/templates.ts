/**
 * The layouts of the workshop canvases. Sizes leave room for several 200 x 200
 * sticky notes per region; the empathy map's persona sits over the centre of the
 * four quadrants, so it comes first (earlier regions win).
 */
import type { Locale } from '../../api.ts';
import type { RegionArea, Region, WorkshopCanvasProps } from './shapes.ts';
import { REGION_LABELS, WORKSHOP_TITLES, type RegionRole, type WorkshopKind } from './vocabulary.ts';

export const WORKSHOP_TITLE_HEIGHT = 64;

const rect = (x: number, y: number, w: number, h: number): RegionArea => ({ kind: 'rect', x, y, w, h });
const ring = (cx: number, cy: number, innerRadius: number, outerRadius: number): RegionArea => ({ kind: 'ring', cx, cy, innerRadius, outerRadius });

interface Layout {
  w: number;
  h: number;
  regions: [RegionRole, RegionArea][];
}

const T = WORKSHOP_TITLE_HEIGHT;

const LAYOUTS: Record<WorkshopKind, Layout> = {
  empathyMap: {
    w: 1400,
    h: T + 1100,
    regions: [
      ['persona', rect(500, T + 275, 400, 250)],
      ['says', rect(0, T, 700, 400)],
      ['thinks', rect(700, T, 700, 400)],
      ['does', rect(0, T + 400, 700, 400)],
      ['feels', rect(700, T + 400, 700, 400)],
      ['pains', rect(0, T + 800, 700, 300)],
      ['gains', rect(700, T + 800, 700, 300)],
    ],
  },
  jobsToBeDone: {
    w: 1500,
    h: T + 1100,
    regions: [
      ['when', rect(0, T, 500, 300)],
      ['wantTo', rect(500, T, 500, 300)],
      ['soThat', rect(1000, T, 500, 300)],
      ['functionalJobs', rect(0, T + 300, 500, 400)],
      ['emotionalJobs', rect(500, T + 300, 500, 400)],
      ['socialJobs', rect(1000, T + 300, 500, 400)],
      ['needPoints', rect(0, T + 700, 1500, 400)],
    ],
  },
  personaCanvas: {
    w: 1500,
    h: T + 900,
    regions: [
      ['persona', rect(0, T, 500, 450)],
      ['demographics', rect(0, T + 450, 500, 450)],
      ['job', rect(500, T, 500, 450)],
      ['painPoints', rect(1000, T, 500, 450)],
      ['goals', rect(500, T + 450, 500, 450)],
      ['informationBehaviour', rect(1000, T + 450, 500, 450)],
    ],
  },
  stakeholderMap: {
    w: 1600,
    h: T + 1600,
    regions: [
      ['customer', ring(800, T + 800, 0, 170)],
      ['direct', ring(800, T + 800, 170, 410)],
      ['indirect', ring(800, T + 800, 410, 620)],
      ['external', ring(800, T + 800, 620, 800)],
    ],
  },
};

/** A fresh canvas of the given kind with labels in the given language. */
export function workshopTemplate(kind: WorkshopKind, locale: Locale): WorkshopCanvasProps {
  const layout = LAYOUTS[kind];
  const regions: Region[] = layout.regions.map(([role, area]) => ({ id: role, role, label: REGION_LABELS[role][locale], area }));
  return { w: layout.w, h: layout.h, kind, title: WORKSHOP_TITLES[kind][locale], locale, titleHeight: T, regions };
}

/** Index of the region containing (x, y) in canvas coordinates, or -1; earlier regions win. */
export function regionIndexAt(regions: readonly Region[], x: number, y: number): number {
  for (let i = 0; i < regions.length; i++) {
    const area = regions[i]?.area;
    if (area && areaContains(area, x, y)) return i;
  }
  return -1;
}

function areaContains(area: RegionArea, x: number, y: number): boolean {
  if (area.kind === 'rect') return x >= area.x && x < area.x + area.w && y >= area.y && y < area.y + area.h;
  const distance = Math.hypot(x - area.cx, y - area.cy);
  return distance >= area.innerRadius && distance < area.outerRadius;
}
