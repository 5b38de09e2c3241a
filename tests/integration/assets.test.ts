import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedBoardSchema, ShareLinkSchema, UploadedAssetSchema, assetPath, boardAssetsPath, type Role } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const MAX_UPLOAD_BYTES = 64 * 1024;
const MAX_BOARD_ASSET_BYTES = 200 * 1024;
// As in production: without a share link a request has no access at all.
const SERVER_ENV = {
  MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
  MAX_BOARD_ASSET_BYTES: String(MAX_BOARD_ASSET_BYTES),
  ANONYMOUS_ROLE: 'none',
};

// Real 1x1 images, and the magic bytes of a JPEG (the server sniffs, it does not decode).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const WEBP = Buffer.from('UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(64)]);
const SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

/** A distinct "PNG" of about `size` bytes: PNG magic, then noise. */
function pngOfSize(size: number): Buffer {
  return Buffer.concat([PNG.subarray(0, 8), randomBytes(size - 8)]);
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

interface TestBoard {
  id: string;
  /** The facilitator's share-link token, as creating a board answers it. */
  token: string;
}

let server: RunningServer;
let board: TestBoard;

async function createBoard(title: string): Promise<TestBoard> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  expect(response.status).toBe(201);
  const created = CreatedBoardSchema.parse(await response.json());
  return { id: created.id, token: created.facilitatorToken };
}

async function shareLinkToken(on: TestBoard, role: Role): Promise<string> {
  const response = await fetch(`${server.url}/api/boards/${on.id}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${on.token}` },
    body: JSON.stringify({ role, label: `${role} link` }),
  });
  expect(response.status).toBe(201);
  return ShareLinkSchema.parse(await response.json()).token;
}

interface UploadOptions {
  to?: TestBoard | string;
  type?: string;
  /** Share-link token to send; the board's facilitator token unless given (null: none). */
  token?: string | null;
}

async function upload(body: Exclude<BodyInit, ArrayBufferView> | Uint8Array, { to = board, type = 'image/png', token }: UploadOptions = {}) {
  const boardId = typeof to === 'string' ? to : to.id;
  const bearer = token === undefined ? (typeof to === 'string' ? null : to.token) : token;
  return fetch(`${server.url}${boardAssetsPath(boardId)}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: body instanceof Uint8Array ? new Uint8Array(body) : body,
  });
}

async function expectError(response: Response, status: number, code: string, message?: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  // Read as plain JSON too: 'forbidden' may not be one of the shared error codes yet.
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  if (message) expect(body.error.message).toMatch(message);
}

beforeAll(async () => {
  server = await startServer({ env: SERVER_ENV });
  board = await createBoard('Images');
});

afterAll(async () => {
  await server.stop();
});

describe('image uploads', () => {
  it('stores an image under its SHA-256 and serves it with the sniffed type and caching headers', async () => {
    // Declared as octet-stream on purpose: the type comes from the bytes.
    const created = await upload(PNG, { type: 'application/octet-stream' });
    expect(created.status).toBe(201);
    const asset = UploadedAssetSchema.parse(await created.json());
    expect(asset).toEqual({ id: sha256(PNG), url: assetPath(board.id, sha256(PNG)), contentType: 'image/png', size: PNG.length });
    expect(created.headers.get('location')).toBe(asset.url);

    const served = await fetch(`${server.url}${asset.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('etag')).toBe(`"${asset.id}"`);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    const revalidated = await fetch(`${server.url}${asset.url}`, { headers: { 'if-none-match': `"${asset.id}"` } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(`"${asset.id}"`);
  });

  it('stores the same image uploaded twice once', async () => {
    const twice = await createBoard('Twice');
    const first = await upload(GIF, { to: twice });
    const second = await upload(GIF, { to: twice });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(UploadedAssetSchema.parse(await second.json())).toEqual(UploadedAssetSchema.parse(await first.json()));
    const db = new DatabaseSync(join(server.dataDir, 'journeyboard.sqlite'), { readOnly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM board_assets WHERE board_id = ?').get(twice.id)).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it.each([
    ['GIF', GIF, 'image/gif'],
    ['WebP', WEBP, 'image/webp'],
    ['JPEG', JPEG, 'image/jpeg'],
  ])('sniffs %s from its bytes whatever the declared type', async (_name, bytes, contentType) => {
    const created = await upload(bytes, { type: 'image/png' });
    expect(created.status).toBe(201);
    const asset = UploadedAssetSchema.parse(await created.json());
    expect(asset.contentType).toBe(contentType);
    expect((await fetch(`${server.url}${asset.url}`)).headers.get('content-type')).toBe(contentType);
  });

  it('refuses an image over MAX_UPLOAD_BYTES with 413, declared or streamed', async () => {
    await expectError(await upload(pngOfSize(MAX_UPLOAD_BYTES + 1)), 413, 'payload_too_large', /at most 64 KiB/);
    // No Content-Length: the server must count what arrives.
    const chunk = pngOfSize(16 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 6; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const streamed = await fetch(`${server.url}${boardAssetsPath(board.id)}`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${board.token}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectError(streamed, 413, 'payload_too_large');
    // Exactly at the limit is fine.
    expect((await upload(pngOfSize(MAX_UPLOAD_BYTES))).status).toBe(201);
  });

  it('refuses what is not a PNG, JPEG, GIF or WebP with 415, whatever its name or declared type', async () => {
    const renamedText = new File(['just some notes, not a picture'], 'photo.png', { type: 'image/png' });
    await expectError(await upload(renamedText), 415, 'unsupported_media_type', /PNG, JPEG, GIF and WebP/);
    await expectError(await upload(SVG, { type: 'image/svg+xml' }), 415, 'unsupported_media_type', /SVG/);
    await expectError(await upload(Buffer.from('%PDF-1.7\n'), { type: 'application/pdf' }), 415, 'unsupported_media_type');
    await expectError(await upload(''), 400, 'bad_request', /empty/);
  });

  it.each(['viewer', 'commenter'] as const)('refuses an upload through a %s link with 403 and stores nothing', async (role) => {
    const bytes = pngOfSize(1024);
    const refused = await upload(bytes, { token: await shareLinkToken(board, role) });
    await expectError(refused, 403, 'forbidden', /viewers and commenters/);
    expect((await fetch(`${server.url}${assetPath(board.id, sha256(bytes))}`)).status).toBe(404);
  });

  it.each(['editor', 'facilitator'] as const)('lets an upload through an %s link', async (role) => {
    expect((await upload(pngOfSize(1024), { token: await shareLinkToken(board, role) })).status).toBe(201);
  });

  it('refuses uploads without a valid link for the board with 401 or 403', async () => {
    await expectError(await upload(PNG, { token: null }), 401, 'unauthorized');
    await expectError(await upload(PNG, { token: 'not-a-token' }), 401, 'unauthorized');
    const other = await createBoard('Other board');
    await expectError(await upload(PNG, { token: other.token }), 403, 'forbidden');
  });

  it('serves an image without a link: <img> cannot send one, and its URL is the capability', async () => {
    const bytes = pngOfSize(512);
    const asset = UploadedAssetSchema.parse(await (await upload(bytes)).json());
    const served = await fetch(`${server.url}${asset.url}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers unknown boards and assets with JSON 404, invalid board ids with 400', async () => {
    await expectError(await upload(PNG, { to: 'AAAAAAAAAAAAAAAAAAAAA', token: board.token }), 404, 'not_found', /unknown board/);
    await expectError(await fetch(`${server.url}${assetPath('AAAAAAAAAAAAAAAAAAAAA', sha256(PNG))}`), 404, 'not_found', /unknown board/);
    await expectError(await fetch(`${server.url}${assetPath(board.id, sha256(Buffer.from('never uploaded')))}`), 404, 'not_found', /unknown asset/);
    await expectError(await fetch(`${server.url}${assetPath(board.id, 'not-a-hash')}`), 404, 'not_found', /unknown asset/);
    await expectError(await upload(PNG, { to: 'no', token: board.token }), 400, 'bad_request', /invalid board id/);
    // An image belongs to its board: another board's URL does not serve it.
    const other = await createBoard('Other');
    await expectError(await fetch(`${server.url}${assetPath(other.id, sha256(PNG))}`), 404, 'not_found');
  });

  it("refuses images beyond the board's MAX_BOARD_ASSET_BYTES with 413; other boards are unaffected", async () => {
    const full = await createBoard('Full');
    const kept = pngOfSize(60 * 1024);
    for (const bytes of [kept, pngOfSize(60 * 1024), pngOfSize(60 * 1024)]) expect((await upload(bytes, { to: full })).status).toBe(201);
    await expectError(await upload(pngOfSize(60 * 1024), { to: full }), 413, 'payload_too_large', /board's images/);
    expect((await upload(kept, { to: full })).status).toBe(200);
    expect((await upload(pngOfSize(60 * 1024))).status).toBe(201);
  });

  it('keeps images across a restart', async () => {
    const bytes = pngOfSize(2048);
    const asset = UploadedAssetSchema.parse(await (await upload(bytes)).json());
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, env: SERVER_ENV });
    const served = await fetch(`${server.url}${asset.url}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
