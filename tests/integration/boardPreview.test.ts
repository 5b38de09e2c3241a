/**
 * Board previews (the home page's cards) and board renames, against the real server: on SQLite,
 * and on PostgreSQL when DATABASE_URL is set (two instances there: a rename through one reaches a
 * participant connected to the other).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoardSchema,
  DocLayout,
  MAX_PREVIEW_BYTES,
  MetaKey,
  PortfolioBoardListSchema,
  ShareLinkSchema,
  StoredPreviewSchema,
  type Role,
} from '../../shared/src/index.ts';
import { createTestDatabase, DATABASE_URL, REDIS_URL, type TestDatabase } from '../support/scaleServices.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

/** A real 1x1 PNG, and a WebP container header: the server decides by these first bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(18, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32)]);

interface Engine {
  name: string;
  skip: boolean;
  /** The instance that serves HTTP, and the one a participant is connected to (the same on SQLite). */
  start(): Promise<{ api: RunningServer; sync: RunningServer; stop(): Promise<void> }>;
}

const env = { ANONYMOUS_ROLE: 'none' };

const engines: Engine[] = [
  {
    name: 'SQLite',
    skip: false,
    start: async () => {
      const server = await startServer({ env });
      return { api: server, sync: server, stop: async () => void (await server.stop()) };
    },
  },
  {
    name: 'PostgreSQL, two instances',
    skip: !DATABASE_URL,
    start: async () => {
      const database: TestDatabase = await createTestDatabase(DATABASE_URL ?? '');
      const shared = { ...env, DATABASE_URL: database.url, CATCH_UP_INTERVAL_MS: '300', ...(REDIS_URL ? { REDIS_URL } : {}) };
      // One after the other: the first migrates, the second finds it done.
      const api = await startServer({ env: shared });
      const sync = await startServer({ env: shared });
      return {
        api,
        sync,
        stop: async () => {
          await Promise.all([api.stop(), sync.stop()]);
          await database.drop();
        },
      };
    },
  },
];

describe.each(engines)('board previews and renames ($name)', (engine) => {
  let servers: Awaited<ReturnType<Engine['start']>>;
  let url: string;
  let boardId: string;
  const tokens = {} as Record<Role, string>;
  const clients: TestClient[] = [];

  const auth = (role: Role | null): Record<string, string> => (role ? { authorization: `Bearer ${tokens[role]}` } : {});
  const putPreview = (bytes: Uint8Array, role: Role | null, board = boardId, contentType = 'image/png') =>
    fetch(`${url}/api/boards/${board}/preview`, { method: 'PUT', headers: { 'content-type': contentType, ...auth(role) }, body: new Uint8Array(bytes) });
  const getPreview = (role: Role | null, headers: Record<string, string> = {}, board = boardId) =>
    fetch(`${url}/api/boards/${board}/preview`, { headers: { ...auth(role), ...headers } });
  const rename = (title: unknown, role: Role | null, board = boardId) =>
    fetch(`${url}/api/boards/${board}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...auth(role) }, body: JSON.stringify({ title }) });
  const listed = async () => {
    const response = await fetch(`${url}/api/portfolio/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boards: [{ id: boardId, token: tokens.viewer }] }),
    });
    expect(response.status).toBe(200);
    const [board] = PortfolioBoardListSchema.parse(await response.json()).boards;
    return board;
  };

  beforeAll(async () => {
    if (engine.skip) return;
    servers = await engine.start();
    url = servers.api.url;
    const created = await fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Claims journey' }) });
    const board = (await created.json()) as { id: string; facilitatorToken: string };
    boardId = board.id;
    tokens.facilitator = board.facilitatorToken;
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      const link = await fetch(`${url}/api/boards/${boardId}/links`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth('facilitator') },
        body: JSON.stringify({ role }),
      });
      tokens[role] = ShareLinkSchema.parse(await link.json()).token;
    }
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await servers?.stop();
  });

  it.skipIf(engine.skip)('stores a PNG, serves it back with an ETag (304 when unchanged), and the home list says it exists', async () => {
    expect((await getPreview('viewer')).status).toBe(404);
    expect((await listed())?.previewUpdatedAt).toBeNull();

    const stored = await putPreview(PNG, 'editor', boardId, 'application/octet-stream');
    expect(stored.status).toBe(200);
    const answer = StoredPreviewSchema.parse(await stored.json());
    expect(answer).toMatchObject({ contentType: 'image/png', size: PNG.length });

    const served = await getPreview('viewer');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toContain('no-cache');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    const etag = served.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await getPreview('viewer', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);

    // <img> cannot send headers: the token may come as ?token=, and the listed time busts caches.
    const board = await listed();
    expect(board?.previewUpdatedAt).toBe(answer.updatedAt);
    const byImage = await fetch(`${url}${answer.url}&token=${tokens.viewer}`);
    expect(byImage.status).toBe(200);

    const replaced = await putPreview(WEBP, 'facilitator');
    expect(replaced.status).toBe(200);
    const second = StoredPreviewSchema.parse(await replaced.json());
    expect(second.contentType).toBe('image/webp');
    expect(Date.parse(second.updatedAt)).toBeGreaterThan(Date.parse(answer.updatedAt));
    expect(second.url).not.toBe(answer.url);
    const changed = await getPreview('viewer', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('content-type')).toBe('image/webp');
    expect((await listed())?.previewUpdatedAt).toBe(second.updatedAt);
  });

  it.skipIf(engine.skip)('refuses what is not a small PNG or WebP, and keeps the stored picture', async () => {
    const before = await (await getPreview('viewer')).arrayBuffer();

    const tooBig = await putPreview(Buffer.concat([PNG, Buffer.alloc(MAX_PREVIEW_BYTES)]), 'editor');
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: { message: string } }).error.message).toContain('256 KiB');

    const text = await putPreview(Buffer.from('<html>not a picture</html>'), 'editor', boardId, 'image/png');
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    expect((await putPreview(JPEG, 'editor')).status).toBe(415);
    expect((await putPreview(Buffer.alloc(0), 'editor')).status).toBe(400);

    expect(Buffer.from(await (await getPreview('viewer')).arrayBuffer()).equals(Buffer.from(before))).toBe(true);
  });

  it.skipIf(engine.skip)('lets only editors and facilitators store a preview; readers of the board may see it', async () => {
    for (const role of ['viewer', 'commenter'] as const) {
      const refused = await putPreview(PNG, role);
      expect(refused.status, role).toBe(403);
    }
    expect((await putPreview(PNG, null)).status).toBe(401);
    expect((await getPreview(null)).status).toBe(401);
    expect((await getPreview('commenter')).status).toBe(200);
  });

  it.skipIf(engine.skip)('answers 404 for an unknown board', async () => {
    const unknown = 'b'.repeat(boardId.length);
    expect((await putPreview(PNG, 'editor', unknown)).status).toBe(404);
    expect((await getPreview('editor', {}, unknown)).status).toBe(404);
    expect((await rename('New', 'editor', unknown)).status).toBe(404);
  });

  it.skipIf(engine.skip)('renames a board: the stored title changes and an open participant’s document follows live', async () => {
    const participant = connectClient(servers.sync.wsUrl, boardId, { params: { token: tokens.viewer } });
    clients.push(participant);
    await waitForSynced(participant);
    const meta = participant.doc.getMap<unknown>(DocLayout.meta);

    const renamed = await rename('  Claims journey 2027  ', 'editor');
    expect(renamed.status).toBe(200);
    expect(BoardSchema.parse(await renamed.json()).title).toBe('Claims journey 2027');
    await waitFor(
      () => meta.get(MetaKey.title) === 'Claims journey 2027',
      () => `meta.title is ${String(meta.get(MetaKey.title))}`,
    );
    const board = await fetch(`${url}/api/boards/${boardId}`, { headers: auth('viewer') });
    expect(BoardSchema.parse(await board.json()).title).toBe('Claims journey 2027');
    expect((await listed())?.title).toBe('Claims journey 2027');

    expect((await rename('Facilitated', 'facilitator')).status).toBe(200);
    await waitFor(() => meta.get(MetaKey.title) === 'Facilitated', () => `meta.title is ${String(meta.get(MetaKey.title))}`);
  });

  it.skipIf(engine.skip)('refuses renames by viewers and commenters and empty or overlong titles, changing nothing', async () => {
    expect((await rename('Hijacked', 'viewer')).status).toBe(403);
    expect((await rename('Hijacked', 'commenter')).status).toBe(403);
    const empty = await rename('   ', 'editor');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toContain('title must not be empty');
    expect((await rename('x'.repeat(201), 'editor')).status).toBe(400);
    expect((await rename(42, 'editor')).status).toBe(400);
    const board = await fetch(`${url}/api/boards/${boardId}`, { headers: auth('viewer') });
    expect(BoardSchema.parse(await board.json()).title).toBe('Facilitated');
  });
});
