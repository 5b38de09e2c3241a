/**
 * The demo board a fresh install offers (issue 23): a filled journey map with an emotion curve and
 * touchpoint attributes, the persona it is for, an empathy map and a few comment threads, built
 * from the same templates a facilitator places. Pure: the server writes the records it returns.
 */
import { getIndicesAbove, type IndexKey } from '@tldraw/utils';
import type { Locale } from '../api.ts';
import { COMMENT_TYPE, ownerLock, THREAD_TYPE, type CommentAuthor, type CommentRecord, type ThreadRecord } from '../comments.ts';
import { noteProps } from '../journey/noteProps.ts';
import { CARD_META_TOUCHPOINT, CARD_SHAPE, EMOTION_POINT_SHAPE, JOURNEY_MAP_SHAPE, PERSONA_SHAPE, TouchpointAttributesSchema, type JourneyMapProps, type LaneKind } from '../journey/index.ts';
import { EMOTION_LANE_HEIGHT, HEADER_HEIGHT, LANE_HEADER_WIDTH, TITLE_HEIGHT, withOuterSize } from '../journey/templates.ts';
import { LANE_LABELS } from '../journey/vocabulary.ts';
import { WORKSHOP_CANVAS_SHAPE, workshopTemplate, type RegionArea } from '../journey/workshop/index.ts';
import { DEMO_CONTENT, type DemoContent } from './demoContent.ts';

type BoardRecord = Record<string, unknown>;

const STAGE_WIDTH = 320;
const LANE_HEIGHT = 240;
const NOTE_SIZE = 200;
const EMOTION_SIZE = 24;
const PERSONA = { w: 320, h: 420 };
/** Space between the persona, the map and the empathy map. */
const GAP = 160;

export const DEMO_MAP_ID = 'shape:demo-journey-map';
export const DEMO_PERSONA_ID = 'shape:demo-persona';
export const DEMO_EMPATHY_MAP_ID = 'shape:demo-empathy-map';
export const demoCardId = (index: number): string => `shape:demo-card-${index + 1}`;

export interface DemoBoard {
  title: string;
  /** tldraw shape records for the board's first page, parents before children. */
  shapes: BoardRecord[];
  /** Threads and comments for the board's comments structure, each with the role its author wrote with. */
  comments: (ThreadRecord | CommentRecord)[];
  /** The role the comments' authors wrote with (the server writes them with that role). */
  commentRole: CommentAuthor['role'];
}

function shape(id: string, type: string, parentId: string, x: number, y: number, props: BoardRecord, meta: BoardRecord = {}): BoardRecord {
  return { typeName: 'shape', id, type, x, y, rotation: 0, parentId, index: 'a1', isLocked: false, opacity: 1, props, meta };
}

function mapProps(content: DemoContent, locale: Locale): JourneyMapProps {
  return withOuterSize({
    w: 0,
    h: 0,
    title: content.mapTitle,
    locale,
    personaId: DEMO_PERSONA_ID,
    stages: content.stages.map((label, i) => ({ id: `stage-${i + 1}`, label, width: STAGE_WIDTH })),
    lanes: content.lanes.map((kind) => ({ id: `lane-${kind}`, kind, label: LANE_LABELS[kind][locale], height: kind === 'emotions' ? EMOTION_LANE_HEIGHT : LANE_HEIGHT })),
    titleHeight: TITLE_HEIGHT,
    headerHeight: HEADER_HEIGHT,
    laneHeaderWidth: LANE_HEADER_WIDTH,
  });
}

function mapShapes(content: DemoContent, props: JourneyMapProps): BoardRecord[] {
  const laneTop = (kind: LaneKind): number => {
    const index = props.lanes.findIndex((lane) => lane.kind === kind);
    return props.titleHeight + props.headerHeight + props.lanes.slice(0, index).reduce((sum, lane) => sum + lane.height, 0);
  };
  const laneHeight = (kind: LaneKind): number => props.lanes.find((lane) => lane.kind === kind)?.height ?? LANE_HEIGHT;
  const stageCentre = (stage: number): number => props.laneHeaderWidth + stage * STAGE_WIDTH + STAGE_WIDTH / 2;
  const cards = content.cards.map((card, i) =>
    shape(
      demoCardId(i),
      CARD_SHAPE,
      DEMO_MAP_ID,
      stageCentre(card.stage) - NOTE_SIZE / 2,
      laneTop(card.lane) + (laneHeight(card.lane) - NOTE_SIZE) / 2,
      noteProps(card.text, { color: card.color ?? 'yellow' }),
      card.touchpoint ? { [CARD_META_TOUCHPOINT]: TouchpointAttributesSchema.parse(card.touchpoint) } : {},
    ),
  );
  // Score s sits at (2 - s) / 4 of the lane's height, kept a tenth away from its edges.
  const emotions = content.emotions.map((point, i) =>
    shape(
      `shape:demo-emotion-${i + 1}`,
      EMOTION_POINT_SHAPE,
      DEMO_MAP_ID,
      stageCentre(point.stage) - EMOTION_SIZE / 2,
      laneTop('emotions') + laneHeight('emotions') * (0.1 + (0.8 * (2 - point.score)) / 4) - EMOTION_SIZE / 2,
      { label: point.label, size: EMOTION_SIZE },
    ),
  );
  return [...cards, ...emotions];
}

const centreOf = (area: RegionArea): { x: number; y: number } => (area.kind === 'rect' ? { x: area.x + area.w / 2, y: area.y + area.h / 2 } : { x: area.cx, y: area.cy });

function empathyMapShapes(content: DemoContent, locale: Locale, pageId: string, x: number): BoardRecord[] {
  const props = workshopTemplate('empathyMap', locale);
  const canvas = shape(DEMO_EMPATHY_MAP_ID, WORKSHOP_CANVAS_SHAPE, pageId, x, 0, props);
  const cards = content.empathyMap.map((card, i) => {
    const region = props.regions.find((r) => r.role === card.region);
    if (!region) throw new Error(`the empathy map has no region ${card.region}`);
    const centre = centreOf(region.area);
    return shape(`shape:demo-empathy-${i + 1}`, CARD_SHAPE, DEMO_EMPATHY_MAP_ID, centre.x - NOTE_SIZE / 2, centre.y - NOTE_SIZE / 2, noteProps(card.text, { color: card.color ?? 'yellow' }));
  });
  return [canvas, ...cards];
}

function commentRecords(content: DemoContent, now: number): (ThreadRecord | CommentRecord)[] {
  const role = 'editor' as const;
  const author = (name: string): CommentAuthor => ({ id: `user:demo-${name.toLowerCase()}`, name, role });
  // Nobody holds these chains' seeds: the demo's comments stay as written (facilitators can still delete them).
  const lock = () => ownerLock(globalThis.crypto.getRandomValues(new Uint8Array(32)), 0);
  const records: (ThreadRecord | CommentRecord)[] = [];
  content.comments.forEach((entry, i) => {
    const threadId = `thread:demo-thread-${i + 1}`;
    const createdAt = now - (content.comments.length - i) * 3_600_000;
    records.push({
      id: threadId,
      typeName: THREAD_TYPE,
      anchor: { kind: 'shape', shapeId: demoCardId(entry.card), x: NOTE_SIZE - 16, y: 16 },
      createdAt,
      createdBy: author(entry.author),
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      lock: lock(),
    });
    const messages = [{ author: entry.author, body: entry.body }, ...(entry.reply ? [entry.reply] : [])];
    messages.forEach((message, j) => {
      records.push({
        id: `comment:demo-comment-${i + 1}-${j + 1}`,
        typeName: COMMENT_TYPE,
        threadId,
        author: author(message.author),
        body: message.body,
        mentions: [],
        createdAt: createdAt + j * 600_000,
        editedAt: null,
        deleted: false,
        lock: lock(),
      });
    });
  });
  return records;
}

/** The demo board in `locale` on page `pageId`; `now` dates its comments (an hour apart, the last an hour ago). */
export function demoBoard(locale: Locale, pageId: string, now: number): DemoBoard {
  const content = DEMO_CONTENT[locale];
  const props = mapProps(content, locale);
  const persona = shape(DEMO_PERSONA_ID, PERSONA_SHAPE, pageId, -(PERSONA.w + GAP), 0, { ...PERSONA, ...content.persona });
  const map = shape(DEMO_MAP_ID, JOURNEY_MAP_SHAPE, pageId, 0, 0, props);
  const shapes = [persona, map, ...mapShapes(content, props), ...empathyMapShapes(content, locale, pageId, props.w + GAP)];
  // Siblings in the order listed; children are ordered among their own siblings only, so one run of keys serves all.
  const indices = getIndicesAbove('a1' as IndexKey, shapes.length);
  shapes.forEach((record, i) => (record.index = indices[i]));
  return { title: content.boardTitle, shapes, comments: commentRecords(content, now), commentRole: 'editor' };
}
