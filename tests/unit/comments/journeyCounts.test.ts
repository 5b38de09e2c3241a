import { describe, expect, it } from 'vitest';
import {
  createReply,
  createThread,
  deleteOwnComment,
  setThreadResolved,
  type CommentIdentity,
} from '../../../client/src/comments/commentRecords.ts';
import { extractJourney, JourneyDataSchema, journeyJsonSchema, journeyToMarkdown, withCommentCounts } from '../../../shared/src/index.ts';
import { cellCentre, fixedMapProps, journeyMap, note } from '../journey/fixtures.ts';

const carla: CommentIdentity = { author: { id: 'user:carla', name: 'Carla', role: 'commenter' }, secret: 'c' };
const on = (shapeId: string) => ({ kind: 'shape', shapeId, x: 0, y: 0 }) as const;

describe('comment counts in the journey data', () => {
  const props = fixedMapProps(['Awareness', 'Purchase'], ['steps', 'painPoints']);
  const a = cellCentre(0, 0, 0, 0);
  const b = cellCentre(0, 0, 1, 1);
  const records = [journeyMap('m', 0, 0, props), note('a', a.x, a.y, 'Sees an ad'), note('b', b.x, b.y, 'Checkout fails'), note('stray', -900, -900, 'Stray')];

  const open = createThread(carla, on('shape:a'), 'Which ad?', []);
  const reply = createReply(carla, open.thread.id, 'The TV one', []);
  const resolved = createThread(carla, on('shape:a'), 'Typo', []);
  const gone = createThread(carla, on('shape:b'), 'Oops', []);
  const onMap = createThread(carla, on('shape:m'), 'Missing a stage?', []);
  const onStray = createThread(carla, on('shape:stray'), 'Where does this go?', []);
  const onCanvas = createThread(carla, { kind: 'point', pageId: 'page:page', x: 5, y: 5 }, 'General remark', []);
  const comments = [
    open.thread,
    open.comment,
    reply,
    setThreadResolved(resolved.thread, true, carla.author),
    resolved.comment,
    gone.thread,
    deleteOwnComment(carla, gone.comment),
    onMap.thread,
    onMap.comment,
    onStray.thread,
    onStray.comment,
    onCanvas.thread,
    onCanvas.comment,
    { id: 'comment:junk', typeName: 'comment' },
  ];

  it('counts open and resolved threads and live comments per card, per map and per unplaced item', () => {
    const data = withCommentCounts(extractJourney(records), comments);
    expect(JourneyDataSchema.parse(data)).toEqual(data);
    const cards = data.maps[0]?.cells.flatMap((c) => c.cards) ?? [];
    expect(cards.find((c) => c.id === 'shape:a')?.comments).toEqual({ openThreads: 1, resolvedThreads: 1, comments: 3 });
    // A thread whose only comment was deleted is gone.
    expect(cards.find((c) => c.id === 'shape:b')?.comments).toBeUndefined();
    expect(data.maps[0]?.comments).toEqual({ openThreads: 2, resolvedThreads: 1, comments: 4 });
    expect(data.unplaced[0]?.comments).toEqual({ openThreads: 1, resolvedThreads: 0, comments: 1 });
    expect(journeyToMarkdown(data, 'Board')).toContain('| **steps** | Sees an ad 💬 3 |  |');
    expect(journeyToMarkdown(data, 'Board')).toContain('Comments: 2 open and 1 resolved threads, 4 comments');
    expect(journeyToMarkdown(data, 'Board')).toContain('- Stray 💬 1');
  });

  it('leaves the data as it was without comments, and the published schema with its fields', () => {
    const data = extractJourney(records);
    expect(withCommentCounts(data, [])).toBe(data);
    const schema = journeyJsonSchema() as { $defs?: unknown; properties: Record<string, { items?: { required?: string[] } }> };
    expect(JSON.stringify(schema)).toContain('openThreads');
    expect(schema.properties.maps?.items?.required).not.toContain('comments');
  });
});
