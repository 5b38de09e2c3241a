/**
 * One contract for every storage engine: what the server relies on from boards, the Yjs log,
 * images, versions, share links, live metrics, webhooks and the portfolio index, run against
 * SQLite and PostgreSQL alike.
 * PostgreSQL needs DATABASE_URL (`source .ci/services`); without it that half is skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { IndexedTouchpoint } from '../../shared/src/index.ts';
import type { StoredVersion } from '../../server/src/history/versionStore.ts';
import type { StoredMetricPoint } from '../../server/src/liveMetrics/metricStore.ts';
import type { IndexedBoard } from '../../server/src/portfolio/portfolioStore.ts';
import type { StoredDelivery, StoredWebhook } from '../../server/src/webhooks/webhookStore.ts';
import { reportSkipped } from '../support/scaleServices.ts';
import { postgresEngine, sqliteEngine, type OpenEngine } from '../support/storageEngines.ts';

const opened: OpenEngine[] = [];
afterEach(async () => {
  for (const engine of opened.splice(0)) await engine.close();
});

/** A writer producing real Yjs updates, one per edit. */
function writer(clientId: number): { doc: Y.Doc; edit(key: string, value: string): Uint8Array } {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  return {
    doc,
    edit(key, value) {
      let captured: Uint8Array | undefined;
      const capture = (update: Uint8Array): void => {
        captured = update;
      };
      doc.on('update', capture);
      doc.getMap('map').set(key, value);
      doc.off('update', capture);
      if (!captured) throw new Error('no update');
      return captured;
    },
  };
}

function replay(updates: readonly Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getMap('map').toJSON();
}

function version(boardId: string, id: string, kind: StoredVersion['kind']): StoredVersion {
  return {
    id,
    boardId,
    kind,
    name: kind === 'named' ? `named ${id}` : null,
    createdBy: 'Ada',
    createdAt: new Date().toISOString(),
    recordCount: 2,
    cardCount: 1,
    contentHash: `hash-${id}`,
    restoredVersionId: null,
  };
}

function metric(boardId: string, cardId: string, name: string, value: number, at: string): StoredMetricPoint {
  return { boardId, cardId, name, value, unit: '%', target: 80, direction: 'higherIsBetter', at, receivedAt: '2026-03-01T12:00:00.000Z' };
}

function webhook(boardId: string, id: string, events: StoredWebhook['events']): StoredWebhook {
  return { id, boardId, url: 'https://hooks.example.com/in', secret: `secret-${id}`, events, createdAt: new Date().toISOString() };
}

function delivery(webhookId: string, boardId: string, id: string, nextAttemptAt: string | null = '2026-01-01T00:00:00.000Z'): StoredDelivery {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id,
    webhookId,
    boardId,
    event: 'comment.created',
    body: `{"id":"${id}","text":"Grüße ✓"}`,
    status: 'pending',
    attempts: 0,
    lastStatus: null,
    lastError: null,
    createdAt: at,
    updatedAt: at,
    nextAttemptAt,
  };
}

function touchpoint(cardId: string, text: string): IndexedTouchpoint {
  return {
    mapId: 'map-1',
    mapTitle: 'Onboarding',
    cardId,
    text,
    stage: 'Anmeldung',
    lane: 'Touchpoints',
    channel: null,
    mode: 'digital',
    mediaType: null,
    momentOfTruth: 'first',
    owner: 'Ada',
    systems: ['CRM'],
    emotion: -1.5,
    liveMetrics: [],
    missesTarget: true,
    openComments: 2,
  };
}

function indexed(boardId: string, cards: number, indexedAt: string): IndexedBoard {
  return {
    boardId,
    indexedAt,
    summary: { personas: ['Pendlerin'], maps: 1, stages: 3, cards, touchpoints: cards, averageEmotion: 0.25, openComments: 2, missedTargets: 1 },
  };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

if (reportSkipped(['DATABASE_URL'])) {
  describe('storage contract on PostgreSQL', () => {
    it.skip('needs DATABASE_URL: run `source .ci/services` first', () => undefined);
  });
}

describe.each([sqliteEngine, postgresEngine])('storage contract on $name', (engine) => {
  const open = async (): Promise<OpenEngine> => {
    const handle = await engine.open();
    opened.push(handle);
    return handle;
  };

  it.skipIf(engine.unavailable !== undefined)('creates, finds and lists boards, most recently edited first', async () => {
    const { storage } = await open();
    expect(await storage.getBoard('missing-board-1')).toBeUndefined();
    const older = await storage.createBoard({ id: 'board-older-01', title: 'Onboarding', locale: 'en', createdAt: new Date('2026-01-01') });
    const newer = await storage.createBoard({ id: 'board-newer-01', title: 'Kündigung', locale: 'de', createdAt: new Date('2026-02-01') });
    expect(await storage.getBoard(newer.id)).toEqual(newer);
    expect((await storage.listBoards()).map((b) => b.id)).toEqual([newer.id, older.id]);
    await storage.append([{ boardId: older.id, update: writer(1).edit('a', '1') }]);
    const listed = await storage.listBoards();
    expect(listed.map((b) => b.id)).toEqual([older.id, newer.id]);
    expect(listed[0]?.updatedAt).not.toBe(older.updatedAt);
    expect(await storage.ping()).toBe(true);
  });

  it.skipIf(engine.unavailable !== undefined)('keeps each board’s log in append order, durable for a second connection', async () => {
    const { storage, reopen } = await open();
    const alice = writer(1);
    const bob = writer(2);
    const appended = [alice.edit('title', 'first'), bob.edit('title', 'second'), alice.edit('lane', 'x')];
    await storage.append([
      { boardId: 'board-log-0001', update: appended[0] ?? new Uint8Array() },
      { boardId: 'board-log-0002', update: bob.edit('other', 'board') },
    ]);
    await storage.append(appended.slice(1).map((update) => ({ boardId: 'board-log-0001', update })));

    const other = await reopen();
    const stored = await other.load('board-log-0001');
    expect(stored.updates.map((u) => [...u])).toEqual(appended.map((u) => [...u]));
    expect(stored.updatesSinceSnapshot).toBe(3);
    expect(stored.corrupt ?? 0).toBe(0);
    expect(replay(stored.updates)).toEqual({ title: 'second', lane: 'x' });
    expect((await other.load('board-never-written')).updates).toEqual([]);
  });

  it.skipIf(engine.unavailable !== undefined)('compaction replaces the log by a snapshot and keeps later updates after it', async () => {
    const { storage, reopen } = await open();
    const alice = writer(1);
    for (let i = 0; i < 20; i += 1) await storage.append([{ boardId: 'board-compact-1', update: alice.edit(`k${i % 5}`, `v${i}`) }]);
    await storage.compact('board-compact-1', Y.encodeStateAsUpdate(alice.doc));
    const later = alice.edit('after', 'compaction');
    await storage.append([{ boardId: 'board-compact-1', update: later }]);

    const stored = await (await reopen()).load('board-compact-1');
    expect(stored.updates).toHaveLength(2);
    expect(stored.updatesSinceSnapshot).toBe(1);
    expect(replay(stored.updates)).toEqual(alice.doc.getMap('map').toJSON());
  });

  it.skipIf(engine.unavailable !== undefined)('deleting a board removes its log and leaves other boards alone', async () => {
    const { storage } = await open();
    const alice = writer(1);
    await storage.createBoard({ id: 'board-delete-1', title: 'Gone', locale: 'en', createdAt: new Date() });
    await storage.createBoard({ id: 'board-delete-2', title: 'Stays', locale: 'en', createdAt: new Date() });
    await storage.append([
      { boardId: 'board-delete-1', update: alice.edit('a', '1') },
      { boardId: 'board-delete-2', update: alice.edit('b', '2') },
    ]);
    await storage.compact('board-delete-1', Y.encodeStateAsUpdate(alice.doc));
    await storage.delete('board-delete-1');
    expect(await storage.getBoard('board-delete-1')).toBeUndefined();
    expect((await storage.load('board-delete-1')).updates).toEqual([]);
    expect((await storage.load('board-delete-2')).updates).toHaveLength(1);
  });

  it.skipIf(engine.unavailable !== undefined)('stores each image once per board, within the board’s quota', async () => {
    const { assets } = await open();
    const image = { boardId: 'board-assets-1', id: 'a'.repeat(64), contentType: 'image/png' as const, size: PNG.byteLength, data: PNG };
    expect(await assets.put(image, { maxBoardBytes: 100 })).toEqual({ outcome: 'created' });
    expect(await assets.put(image, { maxBoardBytes: 100 })).toEqual({ outcome: 'exists' });
    expect(await assets.put({ ...image, id: 'b'.repeat(64) }, { maxBoardBytes: 15 })).toEqual({
      outcome: 'quota_exceeded',
      usedBytes: PNG.byteLength,
    });
    const stored = await assets.get(image.boardId, image.id);
    expect(stored && [...stored.data]).toEqual([...PNG]);
    expect(stored?.contentType).toBe('image/png');
    expect(await assets.get('another-board', image.id)).toBeUndefined();
    expect(await assets.deleteForBoard(image.boardId)).toBe(1);
    expect(await assets.get(image.boardId, image.id)).toBeUndefined();
  });

  it.skipIf(engine.unavailable !== undefined)('keeps versions intact, newest first, and prunes only old automatic checkpoints', async () => {
    const { versions } = await open();
    const snapshot = { records: [{ id: 'shape:a', text: 'Grüße – "quoted" ✓' }], schema: { schemaVersion: 2 } };
    const kinds = ['activity', 'named', 'activity', 'last-left', 'activity'] as const;
    for (const [i, kind] of kinds.entries()) await versions.create(version('board-versions', `v${i}`, kind), snapshot);
    await versions.create(version('board-other', 'other', 'activity'), snapshot);
    expect((await versions.list('board-versions')).map((v) => v.id)).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
    expect((await versions.list('board-versions', { limit: 2 })).map((v) => v.id)).toEqual(['v4', 'v3']);
    expect(await versions.get('board-versions', 'v1')).toMatchObject({ id: 'v1', kind: 'named', createdBy: 'Ada', snapshot });
    expect(await versions.get('board-other', 'v1')).toBeUndefined();
    expect(await versions.prune('board-versions', 2)).toBe(2);
    expect((await versions.list('board-versions')).map((v) => v.id)).toEqual(['v4', 'v3', 'v1']);
    await versions.deleteBoard('board-versions');
    expect(await versions.list('board-versions')).toEqual([]);
    expect(await versions.list('board-other')).toHaveLength(1);
  });

  it.skipIf(engine.unavailable !== undefined)('creates, lists and revokes share links per board, keeping their expiry', async () => {
    const { shareLinks } = await open();
    const expiresAt = '2030-01-02T03:04:05.000Z';
    const link = await shareLinks.create({ boardId: 'board-links-1', role: 'commenter', label: 'Workshop', createdAt: new Date().toISOString(), expiresAt });
    const other = await shareLinks.create({ boardId: 'board-links-2', role: 'viewer', label: 'Other', createdAt: new Date().toISOString(), expiresAt: null });
    expect(await shareLinks.get(link.id)).toEqual(link);
    expect((await shareLinks.get(link.id))?.expiresAt).toBe(expiresAt);
    expect((await shareLinks.list('board-links-2')).map((l) => l.expiresAt)).toEqual([null]);
    expect(other.expiresAt).toBeNull();
    expect((await shareLinks.list('board-links-1')).map((l) => l.id)).toEqual([link.id]);
    expect(await shareLinks.revoke('board-links-2', link.id, new Date())).toBe(false);
    expect(await shareLinks.revoke('board-links-1', link.id, new Date())).toBe(true);
    expect(await shareLinks.revoke('board-links-1', link.id, new Date())).toBe(false);
    expect((await shareLinks.get(link.id))?.revokedAt).not.toBeNull();
  });

  it.skipIf(engine.unavailable !== undefined)('keeps metric series per card and name, newest values oldest first', async () => {
    const { metrics } = await open();
    await metrics.append([
      metric('board-metrics-1', 'card-a', 'NPS', 40, '2026-03-01T10:00:00.000Z'),
      metric('board-metrics-1', 'card-a', 'NPS', 30.5, '2026-03-01T08:00:00.000Z'),
      metric('board-metrics-1', 'card-a', 'NPS', 50, '2026-03-01T12:00:00.000Z'),
      metric('board-metrics-1', 'card-a', 'Churn', 3, '2026-03-01T09:00:00.000Z'),
      metric('board-metrics-1', 'card-b', 'NPS', 70, '2026-03-01T11:00:00.000Z'),
      metric('board-metrics-2', 'card-a', 'NPS', 99, '2026-03-01T11:00:00.000Z'),
    ]);
    const nps = await metrics.series('board-metrics-1', { cardId: 'card-a', name: 'NPS', limit: 10 });
    expect(nps.map((p) => p.value)).toEqual([30.5, 40, 50]);
    expect(nps[0]).toEqual({
      cardId: 'card-a',
      name: 'NPS',
      value: 30.5,
      unit: '%',
      target: 80,
      direction: 'higherIsBetter',
      at: '2026-03-01T08:00:00.000Z',
      receivedAt: '2026-03-01T12:00:00.000Z',
    });
    expect((await metrics.series('board-metrics-1', { cardId: 'card-a', name: 'NPS', limit: 2 })).map((p) => p.value)).toEqual([40, 50]);
    expect((await metrics.series('board-metrics-1', { cardId: 'card-a', limit: 10 })).map((p) => p.name)).toEqual(['NPS', 'Churn', 'NPS', 'NPS']);
    expect((await metrics.series('board-metrics-1', { name: 'NPS', limit: 10 })).map((p) => p.value)).toEqual([30.5, 40, 70, 50]);
    await metrics.deleteBoard('board-metrics-1');
    expect(await metrics.series('board-metrics-1', { limit: 10 })).toEqual([]);
    expect(await metrics.series('board-metrics-2', { limit: 10 })).toHaveLength(1);
  });

  it.skipIf(engine.unavailable !== undefined)('keeps webhooks per board and deletes a webhook with its delivery log', async () => {
    const { webhooks } = await open();
    const comments = webhook('board-hooks-1', 'hook-comments', ['comment.created']);
    const everything = webhook('board-hooks-1', 'hook-everything', ['journey.changed', 'comment.created', 'vote.results']);
    await webhooks.create(comments);
    await webhooks.create(everything);
    await webhooks.create(webhook('board-hooks-2', 'hook-other', ['vote.results']));
    expect(await webhooks.get(comments.id)).toEqual(comments);
    expect((await webhooks.list('board-hooks-1')).map((w) => w.id).sort()).toEqual([comments.id, everything.id]);
    expect((await webhooks.subscribers('board-hooks-1', 'vote.results')).map((w) => w.id)).toEqual([everything.id]);
    expect(await webhooks.subscribers('board-hooks-1', 'ping')).toHaveLength(2);

    await webhooks.addDelivery(delivery(comments.id, 'board-hooks-1', 'delivery-1'));
    await webhooks.addDelivery(delivery(everything.id, 'board-hooks-1', 'delivery-2'));
    expect(await webhooks.getDelivery('delivery-1')).toEqual(delivery(comments.id, 'board-hooks-1', 'delivery-1'));
    expect(await webhooks.delete('board-hooks-2', comments.id)).toBe(false);
    expect(await webhooks.delete('board-hooks-1', comments.id)).toBe(true);
    expect(await webhooks.get(comments.id)).toBeUndefined();
    expect((await webhooks.deliveries('board-hooks-1', 10)).map((d) => d.id)).toEqual(['delivery-2']);
  });

  it.skipIf(engine.unavailable !== undefined)('logs deliveries newest first and prunes only finished ones', async () => {
    const { webhooks } = await open();
    for (let i = 1; i <= 5; i += 1) await webhooks.addDelivery(delivery('hook-log', 'board-log-hooks', `log-${i}`));
    const done = { attempts: 1, lastStatus: 204, lastError: null, updatedAt: '2026-01-01T00:01:00.000Z', nextAttemptAt: null };
    for (const id of ['log-1', 'log-3', 'log-4']) await webhooks.updateDelivery(id, { ...done, status: 'delivered' });
    await webhooks.updateDelivery('log-5', { ...done, status: 'failed', lastStatus: 500, lastError: 'the receiver answered 500' });
    expect((await webhooks.deliveries('board-log-hooks', 3)).map((d) => d.id)).toEqual(['log-5', 'log-4', 'log-3']);
    expect(await webhooks.getDelivery('log-5')).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 500, lastError: 'the receiver answered 500' });
    expect((await webhooks.pending()).map((d) => d.id)).toEqual(['log-2']);
    await webhooks.prune('board-log-hooks', 1);
    expect((await webhooks.deliveries('board-log-hooks', 10)).map((d) => d.id)).toEqual(['log-5', 'log-2']);
  });

  it.skipIf(engine.unavailable !== undefined)('lets exactly one of several instances claim a due delivery until it is updated or the claim runs out', async () => {
    const { webhooks, otherWebhooks } = await open();
    const others = await Promise.all([otherWebhooks(), otherWebhooks(), otherWebhooks()]);
    await webhooks.addDelivery(delivery('hook-claim', 'board-claims', 'claim-1'));
    await webhooks.addDelivery(delivery('hook-claim', 'board-claims', 'claim-later', '2026-01-01T00:10:00.000Z'));
    const now = '2026-01-01T00:00:05.000Z';
    const until = '2026-01-01T00:00:45.000Z';

    const claims = await Promise.all([webhooks, ...others].map((store) => store.claim('claim-1', now, until)));
    expect(claims.filter((c) => c !== undefined).map((c) => c?.id)).toEqual(['claim-1']);
    expect(await others[0]?.claim('claim-1', '2026-01-01T00:00:30.000Z', '2026-01-01T00:01:10.000Z')).toBeUndefined();
    // The claimant died: once its claim has run out another instance may send the delivery.
    expect(await others[1]?.claim('claim-1', '2026-01-01T00:00:46.000Z', '2026-01-01T00:01:26.000Z')).toMatchObject({ id: 'claim-1', status: 'pending' });
    // A failed attempt releases the claim; the retry is claimable once due.
    const retry = { status: 'pending' as const, attempts: 1, lastStatus: 503, lastError: 'the receiver answered 503', updatedAt: now, nextAttemptAt: '2026-01-01T00:02:00.000Z' };
    await webhooks.updateDelivery('claim-1', retry);
    expect(await webhooks.claim('claim-1', '2026-01-01T00:01:59.000Z', '2026-01-01T00:02:39.000Z')).toBeUndefined();
    expect(await others[2]?.claim('claim-1', '2026-01-01T00:02:00.000Z', '2026-01-01T00:02:40.000Z')).toMatchObject({ attempts: 1, lastStatus: 503 });
    await webhooks.updateDelivery('claim-1', { ...retry, status: 'delivered', attempts: 2, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(await webhooks.claim('claim-1', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:40.000Z')).toBeUndefined();

    expect(await webhooks.claim('claim-later', now, until)).toBeUndefined();
    expect(await webhooks.claim('no-such-delivery', now, until)).toBeUndefined();
  });

  it.skipIf(engine.unavailable !== undefined)('replaces a board’s portfolio entry and touchpoints as a whole', async () => {
    const { portfolio } = await open();
    await portfolio.save(indexed('board-portfolio-1', 2, '2026-03-01T10:00:00.000Z'), [touchpoint('card-1', 'App laden'), touchpoint('card-2', 'Konto „anlegen“')]);
    await portfolio.save(indexed('board-portfolio-2', 1, '2026-03-01T10:00:00.000Z'), [touchpoint('card-9', 'Other board')]);
    expect(await portfolio.boards(['board-portfolio-1'])).toEqual(new Map([['board-portfolio-1', indexed('board-portfolio-1', 2, '2026-03-01T10:00:00.000Z')]]));
    expect([...(await portfolio.boards(null)).keys()].sort()).toEqual(['board-portfolio-1', 'board-portfolio-2']);
    expect(await portfolio.boards([])).toEqual(new Map());
    expect(await portfolio.touchpoints(['board-portfolio-1'])).toEqual([
      { ...touchpoint('card-1', 'App laden'), boardId: 'board-portfolio-1' },
      { ...touchpoint('card-2', 'Konto „anlegen“'), boardId: 'board-portfolio-1' },
    ]);

    await portfolio.save(indexed('board-portfolio-1', 1, '2026-03-01T11:00:00.000Z'), [touchpoint('card-3', 'Neu')]);
    expect((await portfolio.touchpoints(null)).map((t) => [t.boardId, t.cardId])).toEqual([
      ['board-portfolio-1', 'card-3'],
      ['board-portfolio-2', 'card-9'],
    ]);
    await portfolio.touch('board-portfolio-1', '2026-03-01T12:00:00.000Z');
    expect((await portfolio.boards(['board-portfolio-1'])).get('board-portfolio-1')).toEqual(indexed('board-portfolio-1', 1, '2026-03-01T12:00:00.000Z'));

    await portfolio.deleteBoard('board-portfolio-1');
    expect(await portfolio.boards(['board-portfolio-1'])).toEqual(new Map());
    expect(await portfolio.touchpoints(['board-portfolio-1'])).toEqual([]);
    expect(await portfolio.touchpoints(['board-portfolio-2'])).toHaveLength(1);
  });

  it.skipIf(engine.unavailable !== undefined)('keeps each voter’s ballot per round until the reveal takes them all', async () => {
    const { ballots } = await open();
    expect(await ballots.put('board-votes-1', 'round-1', 'voter-ada', ['card-a', 'card-a', 'card-b'])).toBe(1);
    expect(await ballots.put('board-votes-1', 'round-1', 'voter-bo', ['card-b'])).toBe(2);
    expect(await ballots.put('board-votes-1', 'round-1', 'voter-bo', ['card-c'])).toBe(2);
    expect(await ballots.put('board-votes-1', 'round-1', 'voter-cy', ['card-a'])).toBe(3);
    expect(await ballots.put('board-votes-1', 'round-1', 'voter-cy', [])).toBe(2);
    expect(await ballots.put('board-votes-1', 'round-2', 'voter-ada', ['card-z'])).toBe(1);
    expect(await ballots.put('board-votes-2', 'round-1', 'voter-ada', ['card-q'])).toBe(1);
    expect(await ballots.ballot('board-votes-1', 'round-1', 'voter-ada')).toEqual(['card-a', 'card-a', 'card-b']);
    expect(await ballots.ballot('board-votes-1', 'round-1', 'voter-cy')).toEqual([]);

    const taken = await ballots.take('board-votes-1', 'round-1');
    expect(taken.map((b) => b.join()).sort()).toEqual(['card-a,card-a,card-b', 'card-c']);
    expect(await ballots.take('board-votes-1', 'round-1')).toEqual([]);
    expect(await ballots.ballot('board-votes-1', 'round-1', 'voter-ada')).toEqual([]);
    expect(await ballots.ballot('board-votes-1', 'round-2', 'voter-ada')).toEqual(['card-z']);
    expect(await ballots.take('board-votes-2', 'round-1')).toEqual([['card-q']]);
  });
});
