import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DocLayout } from '../../shared/src/index.ts';
import {
  RestoreResultSchema,
  VersionDetailSchema,
  VersionDiffSchema,
  VersionListSchema,
  VersionSummarySchema,
  type VersionSummary,
} from '../../shared/src/history.ts';
import { cellCentre, fixedMapProps, journeyMap, note } from '../unit/journey/fixtures.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

let server: RunningServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  // Boards nobody is on leave memory quickly, so restores of unloaded boards are exercised too.
  server = await startServer({ env: { ROOM_IDLE_UNLOAD_MS: '100' } });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => {
  await server.stop();
});

async function boardsInMemory(target: RunningServer = server): Promise<number> {
  const metrics = await (await fetch(`${target.url}/metrics`)).text();
  return Number(/^journeyboard_boards_in_memory (\d+)$/m.exec(metrics)?.[1] ?? NaN);
}

async function join(boardId: string, target: RunningServer = server): Promise<TestClient> {
  const client = connectClient(target.wsUrl, boardId);
  clients.push(client);
  await waitForSynced(client);
  return client;
}

function leave(client: TestClient): void {
  clients.splice(clients.indexOf(client), 1);
  client.destroy();
}

// One YKeyValue per doc: each instance observes the array for good and cleans up after writes.
const keyValues = new WeakMap<TestClient, YKeyValue<unknown>>();
/** Shapes only: the server gives every new board its document and first page. */
function shapeCount(records: YKeyValue<unknown>): number {
  return [...records.map.keys()].filter((key) => key.startsWith('shape:')).length;
}

function kv(client: TestClient): YKeyValue<unknown> {
  let map = keyValues.get(client);
  if (!map) {
    map = new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
    keyValues.set(client, map);
  }
  return map;
}

function write(client: TestClient, records: Record<string, unknown>[], remove: string[] = []): void {
  const map = kv(client);
  client.doc.transact(() => {
    for (const record of records) map.set(record.id as string, record);
    for (const id of remove) map.delete(id);
  });
}

function texts(client: TestClient): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [id, entry] of kv(client).map) {
    const val = entry.val as { typeName?: string; type?: string; x?: number; props?: { richText?: { content?: { content?: { text?: string }[] }[] } } };
    if (val.type === 'note') result[id] = `${val.props?.richText?.content?.[0]?.content?.[0]?.text ?? ''}@${val.x}`;
  }
  // Sorted, so replicas that received the same records in another order compare equal.
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

async function api(path: string, init: { method?: string; body?: unknown } = {}, target: RunningServer = server): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${target.url}${path}`, {
    method: init.method ?? 'GET',
    ...(init.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: await response.json() };
}

async function versions(boardId: string, target: RunningServer = server): Promise<VersionSummary[]> {
  const { status, body } = await api(`/api/boards/${boardId}/versions`, {}, target);
  expect(status).toBe(200);
  return VersionListSchema.parse(body).versions;
}

async function saveVersion(boardId: string, name: string, author?: string): Promise<VersionSummary> {
  const { status, body } = await api(`/api/boards/${boardId}/versions`, { method: 'POST', body: { name, author } });
  expect(status).toBe(201);
  return VersionSummarySchema.parse(body);
}

const props = fixedMapProps(['Aware', 'Buy', 'Use'], ['steps', 'touchpoints']);
const at = (stage: number, lane: number) => cellCentre(0, 0, stage, lane);

/** A map with three cards: "Sees an ad" (Aware/steps), "Compares prices" (Buy/steps), "Shop" (Buy/touchpoints). */
function seed(client: TestClient): void {
  const a = at(0, 0);
  const b = at(1, 0);
  const c = at(1, 1);
  write(client, [
    journeyMap('map', 0, 0, props),
    note('ad', a.x, a.y, 'Sees an ad'),
    note('compare', b.x, b.y, 'Compares prices'),
    note('shop', c.x, c.y, 'Shop'),
  ]);
}

describe('version history API', () => {
  it('saves a named version, lists it and serves its records', async () => {
    const boardId = await createBoard(server.url, 'Named');
    const ada = await join(boardId);
    seed(ada);
    await waitFor(() => shapeCount(kv(ada)) === 4, () => 'seeded');
    // The API reads the live doc, so the version has the seeded cards at once.
    const saved = await saveVersion(boardId, '  before workshop ', 'Ada');
    expect(saved).toMatchObject({ kind: 'named', name: 'before workshop', createdBy: 'Ada', cardCount: 3, recordCount: 6, restoredVersionId: null });

    const list = await versions(boardId);
    expect(list.map((v) => [v.id, v.kind, v.name])).toEqual([[saved.id, 'named', 'before workshop']]);

    const { status, body } = await api(`/api/boards/${boardId}/versions/${saved.id}`);
    expect(status).toBe(200);
    const detail = VersionDetailSchema.parse(body);
    // The server gives every board its document and first page.
    expect(detail.records.map((r) => r.id).sort()).toEqual(['document:document', 'page:page', 'shape:ad', 'shape:compare', 'shape:map', 'shape:shop']);
    expect(detail.name).toBe('before workshop');
  });

  it('summarizes what changed: cards added, removed, edited and moved between stages and lanes', async () => {
    const boardId = await createBoard(server.url, 'Diff');
    const ada = await join(boardId);
    seed(ada);
    await waitFor(() => shapeCount(kv(ada)) === 4, () => 'seeded');
    const before = await saveVersion(boardId, 'before');

    const use = at(2, 0);
    const touch = at(0, 1);
    write(
      ada,
      [
        note('compare', use.x, use.y, 'Compares prices'), // moved Buy -> Use, same lane
        note('ad', at(0, 0).x, at(0, 0).y, 'Sees a TV ad'), // edited
        note('new', touch.x, touch.y, 'Billboard'), // added
      ],
      ['shape:shop'], // removed
    );
    const { status, body } = await api(`/api/boards/${boardId}/versions/diff?from=${before.id}`);
    expect(status).toBe(200);
    const diff = VersionDiffSchema.parse(body);
    expect(diff).toMatchObject({ from: before.id, to: 'current', identical: false });
    expect(diff.cards.moved).toEqual([
      {
        id: 'shape:compare',
        text: 'Compares prices',
        from: expect.objectContaining({ stageLabel: 'Buy', laneLabel: 'steps', mapTitle: 'Test map' }) as unknown,
        to: expect.objectContaining({ stageLabel: 'Use', laneLabel: 'steps' }) as unknown,
      },
    ]);
    expect(diff.cards.edited).toEqual([expect.objectContaining({ id: 'shape:ad', before: 'Sees an ad', after: 'Sees a TV ad', changes: ['text'] })]);
    expect(diff.cards.added.map((c) => [c.text, c.placement.stageLabel, c.placement.laneLabel])).toEqual([['Billboard', 'Aware', 'touchpoints']]);
    expect(diff.cards.removed.map((c) => c.text)).toEqual(['Shop']);

    // Between two versions, and the other way round.
    const after = await saveVersion(boardId, 'after');
    const reverse = VersionDiffSchema.parse((await api(`/api/boards/${boardId}/versions/diff?from=${after.id}&to=${before.id}`)).body);
    expect(reverse.cards.added.map((c) => c.text)).toEqual(['Shop']);
    expect(reverse.cards.removed.map((c) => c.text)).toEqual(['Billboard']);
    expect(reverse.cards.moved.map((m) => [m.text, m.from.stageLabel, m.to.stageLabel])).toEqual([['Compares prices', 'Use', 'Buy']]);
    const same = VersionDiffSchema.parse((await api(`/api/boards/${boardId}/versions/diff?from=${after.id}&to=current`)).body);
    expect(same.identical).toBe(true);
  });

  it('restores a version as one change every participant receives, and the restore can be undone', async () => {
    const boardId = await createBoard(server.url, 'Restore');
    const ada = await join(boardId);
    const bob = await join(boardId);
    seed(ada);
    await waitFor(() => shapeCount(kv(bob)) === 4, () => 'bob never saw the seed');
    const original = texts(bob);
    const saved = await saveVersion(boardId, 'before workshop');

    const use = at(2, 0);
    write(ada, [note('compare', use.x, use.y, 'Compares prices'), note('extra', 2000, 2000, 'Off the map')], ['shape:ad']);
    await waitFor(() => kv(bob).map.has('shape:extra') && !kv(bob).map.has('shape:ad'), () => 'bob never saw the edits');
    const edited = texts(bob);

    let bobUpdates = 0;
    bob.doc.on('update', () => (bobUpdates += 1));
    const { status, body } = await api(`/api/boards/${boardId}/versions/${saved.id}/restore`, { method: 'POST', body: { author: 'Ada' } });
    expect(status).toBe(200);
    const result = RestoreResultSchema.parse(body);
    expect(result.restored.id).toBe(saved.id);
    expect(result.checkpoint).toMatchObject({ kind: 'before-restore', createdBy: 'Ada', restoredVersionId: saved.id, cardCount: 3 });
    expect(result.changedRecords).toBe(3);

    await waitFor(() => JSON.stringify(texts(bob)) === JSON.stringify(original), () => `bob has ${JSON.stringify(texts(bob))}`);
    await waitFor(() => JSON.stringify(texts(ada)) === JSON.stringify(original), () => `ada has ${JSON.stringify(texts(ada))}`);
    expect(bobUpdates).toBe(1);

    // The checkpoint taken before the restore brings the edits back.
    const undo = RestoreResultSchema.parse((await api(`/api/boards/${boardId}/versions/${result.checkpoint.id}/restore`, { method: 'POST', body: {} })).body);
    expect(undo.checkpoint.restoredVersionId).toBe(result.checkpoint.id);
    await waitFor(() => JSON.stringify(texts(bob)) === JSON.stringify(edited), () => `bob has ${JSON.stringify(texts(bob))}`);
    const kinds = (await versions(boardId)).map((v) => v.kind);
    expect(kinds).toEqual(['before-restore', 'before-restore', 'named']);
  });

  it('restores a board that is not in memory; the next participant loads the restored board', async () => {
    const boardId = await createBoard(server.url, 'Unloaded');
    const ada = await join(boardId);
    seed(ada);
    await waitFor(() => shapeCount(kv(ada)) === 4, () => 'seeded');
    const original = texts(ada);
    const saved = await saveVersion(boardId, 'start');
    write(ada, [], ['shape:ad', 'shape:compare', 'shape:shop']);
    await waitFor(() => shapeCount(kv(ada)) === 1, () => 'deleted');
    leave(ada);
    // Wait until the board is out of memory (nothing but the checkpoint will touch it).
    await expect.poll(async () => (await versions(boardId)).map((v) => v.kind), { timeout: 10_000 }).toEqual(['last-left', 'named']);
    await expect.poll(() => boardsInMemory(), { timeout: 10_000 }).toBe(0);

    const restored = await api(`/api/boards/${boardId}/versions/${saved.id}/restore`, { method: 'POST' });
    expect(restored.body).toMatchObject({ restored: { id: saved.id } });
    const bob = await join(boardId);
    expect(texts(bob)).toEqual(original);
  });

  it('takes an automatic checkpoint when the last participant leaves, only if the board changed', async () => {
    const boardId = await createBoard(server.url, 'Leaving');
    const ada = await join(boardId);
    const bob = await join(boardId);
    write(ada, [note('one', 100, 100, 'One')]);
    await waitFor(() => shapeCount(kv(bob)) === 1, () => 'bob never saw the card');
    leave(ada);
    leave(bob);
    await expect.poll(async () => (await versions(boardId)).map((v) => [v.kind, v.cardCount, v.createdBy]), { timeout: 10_000 }).toEqual([
      ['last-left', 1, null],
    ]);
    // Joining and leaving without editing adds nothing.
    const carol = await join(boardId);
    leave(carol);
    const dave = await join(boardId);
    write(dave, [note('two', 400, 100, 'Two')]);
    await waitFor(() => shapeCount(kv(dave)) === 2, () => 'second card');
    leave(dave);
    await expect.poll(async () => (await versions(boardId)).map((v) => [v.kind, v.cardCount]), { timeout: 10_000 }).toEqual([
      ['last-left', 2],
      ['last-left', 1],
    ]);
  });

  it('answers unknown boards and versions with 404 and bad requests with 400, as JSON', async () => {
    const boardId = await createBoard(server.url, 'Errors');
    const missingBoard = 'AAAAAAAAAAAAAAAAAAAAA';
    const missingVersion = 'BBBBBBBBBBBBBBBBBBBBBB';
    const notFound = { error: { code: 'not_found', message: expect.any(String) as unknown } };
    for (const [path, method] of [
      [`/api/boards/${missingBoard}/versions`, 'GET'],
      [`/api/boards/${boardId}/versions/${missingVersion}`, 'GET'],
      [`/api/boards/${boardId}/versions/current`, 'GET'],
      [`/api/boards/${boardId}/versions/not-a-version`, 'GET'],
      [`/api/boards/${boardId}/versions/diff?from=${missingVersion}`, 'GET'],
      [`/api/boards/${missingBoard}/versions/diff?from=current`, 'GET'],
    ] as const) {
      const response = await api(path, { method });
      expect([path, response.status, response.body]).toEqual([path, 404, notFound]);
    }
    const restore = await api(`/api/boards/${boardId}/versions/${missingVersion}/restore`, { method: 'POST', body: {} });
    expect(restore).toEqual({ status: 404, body: notFound });
    const onMissingBoard = await api(`/api/boards/${missingBoard}/versions`, { method: 'POST', body: { name: 'x' } });
    expect(onMissingBoard.status).toBe(404);

    const badRequest = { error: { code: 'bad_request', message: expect.any(String) as unknown } };
    expect(await api(`/api/boards/${boardId}/versions`, { method: 'POST', body: { name: '   ' } })).toEqual({ status: 400, body: badRequest });
    expect(await api(`/api/boards/${boardId}/versions`, { method: 'POST', body: { name: 'x'.repeat(121) } })).toEqual({ status: 400, body: badRequest });
    expect(await api(`/api/boards/${boardId}/versions/diff`)).toEqual({ status: 400, body: badRequest });
    expect(await api('/api/boards/bad!/versions')).toEqual({ status: 400, body: badRequest });
  });
});

describe('automatic checkpoints after activity', () => {
  let busy: RunningServer;
  beforeAll(async () => {
    busy = await startServer({ env: { HISTORY_QUIET_MS: '150', HISTORY_KEEP_AUTOMATIC: '2' } });
  });
  afterAll(async () => {
    await busy.stop();
  });

  it('checkpoints after a burst of edits, keeps the newest automatic ones and every named one', async () => {
    const boardId = await createBoard(busy.url, 'Busy');
    const ada = await join(boardId, busy);
    const named = await api(`/api/boards/${boardId}/versions`, { method: 'POST', body: { name: 'kickoff' } }, busy);
    expect(named.status).toBe(201);
    for (let burst = 1; burst <= 3; burst++) {
      for (let i = 0; i < 5; i++) write(ada, [note(`b${burst}-${i}`, i * 250, burst * 250, `Burst ${burst} card ${i}`)]);
      await expect
        .poll(async () => (await versions(boardId, busy)).find((v) => v.kind === 'activity')?.cardCount, { timeout: 10_000 })
        .toBe(burst * 5);
    }
    const list = await versions(boardId, busy);
    expect(list.map((v) => [v.kind, v.cardCount])).toEqual([
      ['activity', 15],
      ['activity', 10],
      ['named', 0],
    ]);
  });
});

describe('access to version history', () => {
  let locked: RunningServer;
  beforeAll(async () => {
    locked = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
  });
  afterAll(async () => {
    await locked.stop();
  });

  it('needs a share link: viewers read history, editors save and restore', async () => {
    const created = (await (
      await fetch(`${locked.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Locked' }) })
    ).json()) as { id: string; facilitatorToken: string };
    const as = (token: string | null, method = 'GET', body?: unknown) => ({
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const link = async (role: string): Promise<string> => {
      const response = await fetch(`${locked.url}/api/boards/${created.id}/links`, as(created.facilitatorToken, 'POST', { role }));
      return ((await response.json()) as { token: string }).token;
    };
    const viewer = await link('viewer');
    const editor = await link('editor');
    const versionsUrl = `${locked.url}/api/boards/${created.id}/versions`;

    expect((await fetch(versionsUrl, as(null))).status).toBe(401);
    expect((await fetch(versionsUrl, as(viewer))).status).toBe(200);
    expect((await fetch(versionsUrl, as(viewer, 'POST', { name: 'x' }))).status).toBe(403);
    const saved = await fetch(versionsUrl, as(editor, 'POST', { name: 'x' }));
    expect(saved.status).toBe(201);
    const { id } = VersionSummarySchema.parse(await saved.json());
    expect((await fetch(`${versionsUrl}/${id}`, as(viewer))).status).toBe(200);
    expect((await fetch(`${versionsUrl}/diff?from=${id}`, as(viewer))).status).toBe(200);
    expect((await fetch(`${versionsUrl}/${id}/restore`, as(viewer, 'POST', {}))).status).toBe(403);
    expect((await fetch(`${versionsUrl}/${id}/restore`, as(editor, 'POST', {}))).status).toBe(200);

    // An editor's restore has an editor's rights: it cannot undo a lock the facilitator set since.
    const facilitator = connectClient(locked.wsUrl, created.id, { params: { token: created.facilitatorToken } });
    await waitForSynced(facilitator);
    const kv = new YKeyValue<unknown>(facilitator.doc.getArray(DocLayout.records));
    const map = journeyMap('locked-map', 0, 0, fixedMapProps(['Before', 'After'], ['steps']));
    kv.set('shape:locked-map', map);
    const observer = connectClient(locked.wsUrl, created.id, { params: { token: viewer } });
    await waitForSynced(observer);
    const observed = new YKeyValue<unknown>(observer.doc.getArray(DocLayout.records));
    await waitFor(() => observed.has('shape:locked-map'), () => `the map never arrived: observer ${[...observed.map.keys()].join()} facilitator ${[...kv.map.keys()].join()} ${facilitator.provider.wsconnected}`);
    const before = VersionSummarySchema.parse(await (await fetch(versionsUrl, as(editor, 'POST', { name: 'unlocked' }))).json());
    const lockedMap = { ...map, isLocked: true, props: { ...(map.props as object), title: 'Locked by the facilitator' } };
    kv.set('shape:locked-map', lockedMap);
    await waitFor(() => (observed.get('shape:locked-map') as { isLocked?: boolean }).isLocked === true, () => 'the lock never arrived');
    const seen: unknown[] = [];
    observer.doc.on('afterTransaction', () => seen.push(observed.get('shape:locked-map')));
    expect((await fetch(`${versionsUrl}/${before.id}/restore`, as(editor, 'POST', {}))).status).toBe(200);
    const reread = connectClient(locked.wsUrl, created.id, { params: { token: viewer } });
    await waitForSynced(reread);
    expect(new YKeyValue<unknown>(reread.doc.getArray(DocLayout.records)).get('shape:locked-map')).toEqual(lockedMap);
    // Not even briefly unlocked for anyone watching.
    expect(seen.every((value) => JSON.stringify(value) === JSON.stringify(lockedMap))).toBe(true);
    for (const client of [facilitator, observer, reread]) client.destroy();
  });
});
