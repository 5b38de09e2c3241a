/**
 * Board records -> workshop canvas data, a part of extractJourney (../extract.ts).
 * Pure and synchronous like it: a sticky note belongs to the region of a canvas
 * that contains its centre; arrows between stakeholders become "provides" links,
 * arrows between a need point and a journey map's touchpoint become need links.
 */
import { apply, invert, type Point, type Transform } from '../geometry.ts';
import type { JourneyMap, Persona } from '../model.ts';
import { richTextToPlain } from '../richText.ts';
import type { CanvasCard, CanvasLink, WorkshopCanvas } from './model.ts';
import { WORKSHOP_CANVAS_SHAPE, WorkshopCanvasPropsSchema, type WorkshopCanvasProps } from './shapes.ts';
import { regionIndexAt } from './templates.ts';
import type { RegionRole } from './vocabulary.ts';

/** The parts of a shape record this module reads (extract.ts's ShapeRecord has them all). */
export interface CanvasShapeRecord {
  id: string;
  type: string;
  index: string;
  props: Record<string, unknown>;
}

export interface ArrowEnds {
  arrowId: string;
  targetId: string;
  terminal: 'start' | 'end';
}

interface PlacedCanvas {
  shape: CanvasShapeRecord;
  props: WorkshopCanvasProps;
  toLocal: Transform;
  /** Cards per region index. */
  cards: CanvasCard[][];
}

/** Props objects are immutable (a change makes a new object), so parsed props are cached by identity. */
const parsedProps = new WeakMap<object, WorkshopCanvasProps | null>();

function canvasPropsOf(shape: CanvasShapeRecord): WorkshopCanvasProps | null {
  let props = parsedProps.get(shape.props);
  if (props === undefined) {
    const parsed = WorkshopCanvasPropsSchema.safeParse(shape.props);
    props = parsed.success ? parsed.data : null;
    parsedProps.set(shape.props, props);
  }
  return props;
}

export interface WorkshopExtraction {
  /** Places a note that is a child of a canvas; false when its parent is no canvas or its centre is in no region. */
  placeChild(card: CanvasShapeRecord & { parentId: string }, text: string, localCentre: Point): boolean;
  /** Places a note lying over a canvas without being its child, topmost canvas first. */
  placeOver(card: CanvasShapeRecord, text: string, pageCentre: Point): boolean;
  /** The canvases with their cards, and the links read from arrows; call after placing every card. */
  finish(arrowEnds: readonly ArrowEnds[], shapes: ReadonlyMap<string, CanvasShapeRecord>, maps: readonly JourneyMap[]): WorkshopCanvas[];
}

export function workshopExtraction<S extends CanvasShapeRecord>(shapes: Iterable<S>, pageTransformOf: (shape: S) => Transform): WorkshopExtraction {
  const canvases: PlacedCanvas[] = [];
  for (const shape of shapes) {
    if (shape.type !== WORKSHOP_CANVAS_SHAPE) continue;
    const props = canvasPropsOf(shape);
    if (props) canvases.push({ shape, props, toLocal: invert(pageTransformOf(shape)), cards: props.regions.map(() => []) });
  }
  // Topmost first, so a note over two overlapping canvases goes to the visible one.
  canvases.sort((a, b) => (a.shape.index < b.shape.index ? 1 : a.shape.index > b.shape.index ? -1 : 0));
  const byId = new Map(canvases.map((c) => [c.shape.id, c]));
  const regionOfCard = new Map<string, { canvas: PlacedCanvas; role: RegionRole }>();

  const place = (canvas: PlacedCanvas, card: CanvasShapeRecord, text: string, local: Point): boolean => {
    const index = regionIndexAt(canvas.props.regions, local.x, local.y);
    const region = canvas.props.regions[index];
    if (!region) return false;
    canvas.cards[index]?.push({ id: card.id, text, color: typeof card.props.color === 'string' ? card.props.color : 'yellow', position: local });
    regionOfCard.set(card.id, { canvas, role: region.role });
    return true;
  };

  return {
    placeChild(card, text, localCentre) {
      const canvas = byId.get(card.parentId);
      return canvas ? place(canvas, card, text, localCentre) : false;
    },
    placeOver(card, text, pageCentre) {
      return canvases.some((canvas) => place(canvas, card, text, apply(canvas.toLocal, pageCentre)));
    },
    finish(arrowEnds, shapes, maps) {
      // Links start or end at a canvas note: a board without any skips the arrow scan.
      const links = regionOfCard.size === 0 ? new Map<PlacedCanvas, CanvasLink[]>() : canvasLinks(arrowEnds, shapes, regionOfCard, touchpointCards(maps));
      const byReadingOrder = (a: CanvasCard, b: CanvasCard): number => a.position.y - b.position.y || a.position.x - b.position.x;
      return canvases
        .slice()
        .sort((a, b) => (a.shape.index < b.shape.index ? -1 : a.shape.index > b.shape.index ? 1 : 0))
        .map((canvas) => ({
          id: canvas.shape.id,
          kind: canvas.props.kind,
          title: canvas.props.title,
          locale: canvas.props.locale,
          regions: canvas.props.regions.map((region, index) => ({
            id: region.id,
            role: region.role,
            label: region.label,
            index,
            cards: (canvas.cards[index] ?? []).sort(byReadingOrder),
          })),
          links: links.get(canvas) ?? [],
        }));
    },
  };
}

/** Cards of journey maps that are touchpoints (in a touchpoints lane or carrying touchpoint attributes) -> their map. */
function touchpointCards(maps: readonly JourneyMap[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const map of maps) for (const cell of map.cells) for (const card of cell.cards) if (card.touchpoint) result.set(card.id, map.id);
  return result;
}

function canvasLinks(
  arrowEnds: readonly ArrowEnds[],
  shapes: ReadonlyMap<string, CanvasShapeRecord>,
  regionOfCard: ReadonlyMap<string, { canvas: PlacedCanvas; role: RegionRole }>,
  touchpoints: ReadonlyMap<string, string>,
): Map<PlacedCanvas, CanvasLink[]> {
  const ends = new Map<string, { start?: string; end?: string }>();
  for (const { arrowId, targetId, terminal } of arrowEnds) {
    const entry = ends.get(arrowId) ?? {};
    entry[terminal] = targetId;
    ends.set(arrowId, entry);
  }
  const links = new Map<PlacedCanvas, CanvasLink[]>();
  const add = (canvas: PlacedCanvas, link: CanvasLink): void => {
    const list = links.get(canvas) ?? [];
    list.push(link);
    links.set(canvas, list);
  };
  for (const [arrowId, { start, end }] of ends) {
    if (!start || !end) continue;
    const from = regionOfCard.get(start);
    const to = regionOfCard.get(end);
    if (!from && !to) continue;
    const label = richTextToPlain(shapes.get(arrowId)?.props.richText);
    if (from && to && from.canvas === to.canvas && from.canvas.props.kind === 'stakeholderMap') {
      add(from.canvas, { id: arrowId, kind: 'provides', fromId: start, toId: end, label, mapId: null });
      continue;
    }
    const need = from?.role === 'needPoints' ? { card: start, canvas: from.canvas, other: end } : to?.role === 'needPoints' ? { card: end, canvas: to.canvas, other: start } : undefined;
    const mapId = need ? touchpoints.get(need.other) : undefined;
    if (need && mapId !== undefined) add(need.canvas, { id: arrowId, kind: 'needTouchpoint', fromId: need.card, toId: need.other, label, mapId });
  }
  for (const list of links.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return links;
}

/**
 * A persona canvas is a persona too, so journey maps can link to it like to a persona card:
 * the name is the first note in its persona region (else its title), each field joins its region's notes.
 */
export function canvasPersonas(canvases: readonly WorkshopCanvas[]): Persona[] {
  return canvases
    .filter((canvas) => canvas.kind === 'personaCanvas')
    .map((canvas) => {
      const texts = (role: RegionRole): string =>
        canvas.regions
          .filter((r) => r.role === role)
          .flatMap((r) => r.cards.map((c) => c.text))
          .join('\n');
      const name = canvas.regions.find((r) => r.role === 'persona')?.cards[0]?.text ?? '';
      return {
        id: canvas.id,
        name: name || canvas.title,
        demographics: texts('demographics'),
        job: texts('job'),
        pains: texts('painPoints'),
        goals: texts('goals'),
        informationBehaviour: texts('informationBehaviour'),
      };
    });
}
