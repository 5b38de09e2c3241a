import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createReply,
  createThread,
  deleteOwnComment,
  editComment,
  moderateComment,
  setThreadResolved,
  type CommentIdentity,
} from '../../client/src/comments/commentRecords.ts';
import { CreatedBoardSchema, DocLayout, JourneyDataSchema, ShareLinkSchema, type Role } from '../../shared/src/index.ts';
import { cellCentre, fixedMapProps, journeyMap, note } from '../unit/journey/fixtures.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const ENV = { ANONYMOUS_ROLE: 'none' };
let server: RunningServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startServer({ env: ENV });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});
afterAll(async () => {
  await server.stop();
});

async function createBoard(): Promise<{ id: string; facilitatorToken: string }> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Comments workshop' }),
  });
  expect(response.status).toBe(201);
  return CreatedBoardSchema.parse(await response.json());
}

async function linkToken(boardId: string, facilitatorToken: string, role: Role): Promise<string> {
  const response = await fetch(`${server.url}/api/boards/${boardId}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${facilitatorToken}` },
    body: JSON.stringify({ role, label: `${role} link` }),
  });
  expect(response.status).toBe(201);
  return ShareLinkSchema.parse(await response.json()).token;
}

async function join(boardId: string, token: string): Promise<TestClient> {
  const c = connectClient(server.wsUrl, boardId, { params: { token } });
  clients.push(c);
  await waitForSynced(c);
  return c;
}

const records = (c: TestClient) => new YKeyValue<unknown>(c.doc.getArray(DocLayout.records));
const comments = (c: TestClient) => new YKeyValue<unknown>(c.doc.getArray(DocLayout.comments));
const person = (name: string, role: Role): CommentIdentity => ({ author: { id: `user:${name.toLowerCase()}`, name, role }, secret: `${name} secret` });

describe('comments', () => {
  it("reverts a commenter's canvas writes while their comments sync and persist", async () => {
    const board = await createBoard();
    const facilitator = await join(board.id, board.facilitatorToken);
    const commenter = await join(board.id, await linkToken(board.id, board.facilitatorToken, 'commenter'));
    records(facilitator).set('shape:card', note('card', 100, 100, 'Claim form'));
    await waitFor(() => records(commenter).has('shape:card'), () => 'commenter does not see the card');

    const carla = person('Carla', 'commenter');
    const { thread, comment } = createThread(carla, { kind: 'shape', shapeId: 'shape:card', x: 180, y: 10 }, 'Why a paper form? @Fiona', ['user:fiona']);
    // One update carries a canvas write and a thread: the server keeps only the thread.
    commenter.doc.transact(() => {
      records(commenter).set('shape:by-commenter', note('by-commenter', 400, 100, 'Not allowed'));
      records(commenter).set('shape:card', note('card', 900, 900, 'Moved by a commenter'));
      comments(commenter).set(thread.id, thread);
      comments(commenter).set(comment.id, comment);
    });
    await waitFor(() => comments(facilitator).has(comment.id), () => 'the facilitator did not receive the comment');
    await waitFor(
      () => !records(commenter).has('shape:by-commenter') && (records(commenter).get('shape:card') as { x: number }).x === 0,
      () => "the commenter's canvas writes were not reverted",
    );
    expect(records(facilitator).has('shape:by-commenter')).toBe(false);
    expect(comments(facilitator).get(thread.id)).toEqual(thread);

    // Replies, resolution and the author's own edit go through too.
    const reply = createReply(person('Fiona', 'facilitator'), thread.id, 'Legal requires it', []);
    facilitator.doc.transact(() => comments(facilitator).set(reply.id, reply));
    const edited = editComment(carla, comment, 'Why a paper form, @Fiona?', ['user:fiona']);
    commenter.doc.transact(() => {
      if (edited) comments(commenter).set(edited.id, edited);
      comments(commenter).set(thread.id, setThreadResolved(thread, true, carla.author));
    });
    await waitFor(
      () => (comments(facilitator).get(thread.id) as { resolved: boolean }).resolved && comments(commenter).has(reply.id),
      () => 'resolution or reply did not sync',
    );

    // They are part of the board: a restarted server still has them.
    const { dataDir, port } = server;
    for (const c of clients.splice(0)) c.destroy();
    await server.stop();
    server = await startServer({ env: ENV, dataDir, port });
    const later = await join(board.id, board.facilitatorToken);
    expect(comments(later).get(comment.id)).toEqual(edited);
    expect(comments(later).get(reply.id)).toEqual(reply);
    expect((comments(later).get(thread.id) as { resolvedBy: { name: string } }).resolvedBy.name).toBe('Carla');
    expect(records(later).has('shape:by-commenter')).toBe(false);
  });

  it("refuses a viewer's comments and anyone's changes to who wrote a comment", async () => {
    const board = await createBoard();
    const facilitator = await join(board.id, board.facilitatorToken);
    const viewer = await join(board.id, await linkToken(board.id, board.facilitatorToken, 'viewer'));
    const editorToken = await linkToken(board.id, board.facilitatorToken, 'editor');
    const erik = await join(board.id, editorToken);
    const eva = await join(board.id, editorToken);

    const byViewer = createThread(person('Vera', 'viewer'), { kind: 'point', pageId: 'page:page', x: 0, y: 0 }, 'Can I?', []);
    viewer.doc.transact(() => {
      comments(viewer).set(byViewer.thread.id, byViewer.thread);
      comments(viewer).set(byViewer.comment.id, byViewer.comment);
    });
    const erikIdentity = person('Erik', 'editor');
    const { thread, comment } = createThread(erikIdentity, { kind: 'point', pageId: 'page:page', x: 10, y: 10 }, 'Add a stage for returns', []);
    erik.doc.transact(() => {
      comments(erik).set(thread.id, thread);
      comments(erik).set(comment.id, comment);
    });
    await waitFor(() => comments(eva).has(comment.id) && comments(viewer).has(comment.id), () => "Erik's comment did not arrive");
    await waitFor(() => !comments(viewer).has(byViewer.comment.id) && !comments(viewer).has(byViewer.thread.id), () => "the viewer's comment was not reverted");
    expect(comments(facilitator).has(byViewer.comment.id)).toBe(false);

    // Eva (same link, another browser) tries to take over Erik's comment, then to rewrite it.
    eva.doc.transact(() => comments(eva).set(comment.id, { ...comment, author: { ...comment.author, id: 'user:eva', name: 'Eva' } }));
    eva.doc.transact(() => comments(eva).set(comment.id, { ...comment, body: 'Erik agrees to drop returns', editedAt: Date.now() }));
    // Erik's own browser may not change its author either.
    erik.doc.transact(() => comments(erik).set(comment.id, { ...comment, author: { ...comment.author, name: 'Fiona' } }));
    await waitFor(
      () => [eva, erik, facilitator].every((c) => JSON.stringify(comments(c).get(comment.id)) === JSON.stringify(comment)),
      () => 'a change of author or a foreign edit was not reverted',
    );

    // Erik deletes his own comment; the facilitator moderates another.
    const deleted = deleteOwnComment(erikIdentity, comment);
    erik.doc.transact(() => {
      if (deleted) comments(erik).set(comment.id, deleted);
    });
    const second = createReply(person('Eva', 'editor'), thread.id, 'Something rude', []);
    eva.doc.transact(() => comments(eva).set(second.id, second));
    await waitFor(() => comments(facilitator).has(second.id), () => "Eva's reply did not arrive");
    facilitator.doc.transact(() => comments(facilitator).set(second.id, moderateComment(second)));
    await waitFor(
      () => (comments(eva).get(second.id) as { deleted: boolean }).deleted && (comments(facilitator).get(comment.id) as { deleted: boolean }).deleted,
      () => 'own delete or moderation did not sync',
    );
  });

  it('shows comment counts in the journey data', async () => {
    const board = await createBoard();
    const facilitator = await join(board.id, board.facilitatorToken);
    const commenter = await join(board.id, await linkToken(board.id, board.facilitatorToken, 'commenter'));
    const props = fixedMapProps(['Report', 'Assess'], ['steps']);
    const centre = cellCentre(0, 0, 0, 0);
    facilitator.doc.transact(() => {
      records(facilitator).set('shape:m', journeyMap('m', 0, 0, props));
      records(facilitator).set('shape:step', note('step', centre.x, centre.y, 'Reports damage'));
    });
    const carla = person('Carla', 'commenter');
    const first = createThread(carla, { kind: 'shape', shapeId: 'shape:step', x: 0, y: 0 }, 'Online or phone?', []);
    const second = createThread(carla, { kind: 'shape', shapeId: 'shape:step', x: 20, y: 0 }, 'Photos?', []);
    commenter.doc.transact(() => {
      for (const record of [first.thread, first.comment, second.thread, second.comment]) comments(commenter).set(record.id, record);
    });
    commenter.doc.transact(() => comments(commenter).set(second.thread.id, setThreadResolved(second.thread, true, carla.author)));
    await waitFor(() => comments(facilitator).has(second.comment.id), () => 'comments did not arrive');

    const journey = async (format = 'json') =>
      fetch(`${server.url}/api/boards/${board.id}/journey?format=${format}`, { headers: { authorization: `Bearer ${board.facilitatorToken}` } });
    await expect
      .poll(async () => JourneyDataSchema.parse(await (await journey()).json()).maps[0]?.cells[0]?.cards[0]?.comments)
      .toEqual({ openThreads: 1, resolvedThreads: 1, comments: 2 });
    expect(await (await journey('md')).text()).toContain('Reports damage 💬 2');
  });
});
