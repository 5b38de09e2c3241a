import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocLayout, PortfolioActionListSchema, PortfolioBoardListSchema, PortfolioTouchpointListSchema, type PortfolioTouchpointsQuery } from '../../shared/src/index.ts';
import { cellCentre, emotion, fixedMapProps, GRID_LEFT, GRID_TOP, journeyMap, note, persona } from '../unit/journey/fixtures.ts';
import { logMessagesOf, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitForSynced } from '../support/yClients.ts';

const ADMIN = 'admin-token-0123456789abcdef';
let server: RunningServer;
const boards: { id: string; token: string }[] = [];

/**
 * Five boards, one map each (stages Research and Buy; lanes steps, touchpoints, emotions):
 * a web touchpoint in Research (owner Claims team on even boards, Sales on odd ones), a phone
 * touchpoint in Buy (owner Hotline; first moment of truth on board 2), and an emotion point in
 * Buy that is frustration on boards 1 and 3 and delight elsewhere.
 */
beforeAll(async () => {
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none', ADMIN_TOKEN: ADMIN, JOURNEY_DEBOUNCE_MS: '50' } });
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ title: `Journey ${i}` }),
    });
    const board = (await response.json()) as { id: string; facilitatorToken: string };
    boards.push({ id: board.id, token: board.facilitatorToken });
    const client = connectClient(server.wsUrl, board.id, { params: { token: board.facilitatorToken } });
    await waitForSynced(client);
    const kv = new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
    const web = cellCentre(0, 0, 0, 1);
    const phone = cellCentre(0, 0, 1, 1);
    const records = [
      journeyMap('m', 0, 0, fixedMapProps(['Research', 'Buy'], ['steps', 'touchpoints', 'emotions'])),
      note('web', web.x, web.y, `B${i} web form`, { touchpoint: { channel: 'web', owner: i % 2 === 0 ? 'Claims team' : 'Sales' } }),
      note('phone', phone.x, phone.y, `B${i} hotline`, { touchpoint: { channel: 'phone', owner: 'Hotline', momentOfTruth: i === 2 ? 'first' : 'none' } }),
      emotion('feel', GRID_LEFT + 300 + 150, GRID_TOP + 400 + (i % 2 === 1 ? 190 : 10)),
      ...(i === 0 ? [persona('p', 'Claudia')] : []),
    ];
    client.doc.transact(() => {
      for (const record of records) kv.set(record.id as string, record);
    });
    await waitForSynced(client);
    client.destroy();
  }
  const phoneOf4 = await fetch(`${server.url}/api/boards/${boards[4]?.id ?? ''}/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${boards[4]?.token ?? ''}` },
    body: JSON.stringify({ values: [{ cardId: 'shape:phone', name: 'Conversion', value: 10, unit: '%', target: 50 }] }),
  });
  expect(phoneOf4.status).toBe(200);
});
afterAll(async () => {
  await server.stop();
});

async function touchpoints(query: PortfolioTouchpointsQuery, admin = true): Promise<string[]> {
  const response = await fetch(`${server.url}/api/portfolio/touchpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(admin ? { authorization: `Bearer ${ADMIN}` } : {}) },
    body: JSON.stringify(query),
  });
  expect(response.status).toBe(200);
  return PortfolioTouchpointListSchema.parse(await response.json()).touchpoints.map((t) => t.text).sort();
}

describe('portfolio', () => {
  it('filters the touchpoints of five boards by owner, channel, moment of truth, emotion and missed targets', async () => {
    await expect.poll(() => touchpoints({})).toHaveLength(10);
    expect(await touchpoints({ owner: 'claims' })).toEqual(['B0 web form', 'B2 web form', 'B4 web form']);
    expect(await touchpoints({ channel: 'phone', momentOfTruth: 'first' })).toEqual(['B2 hotline']);
    expect(await touchpoints({ momentOfTruth: 'any' })).toEqual(['B2 hotline']);
    expect(await touchpoints({ emotionBelow: 0 })).toEqual(['B1 hotline', 'B3 hotline']);
    expect(await touchpoints({ missesTarget: true })).toEqual(['B4 hotline']);
    expect(await touchpoints({ channel: 'web', owner: 'sales' })).toEqual(['B1 web form', 'B3 web form']);
  });

  it('follows edits: a changed owner moves a touchpoint out of the filter', async () => {
    const board = boards[0];
    const client = connectClient(server.wsUrl, board?.id ?? '', { params: { token: board?.token ?? '' } });
    await waitForSynced(client);
    const kv = new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
    const web = cellCentre(0, 0, 0, 1);
    kv.set('shape:web', note('web', web.x, web.y, 'B0 web form', { touchpoint: { channel: 'web', owner: 'Sales' } }));
    await expect.poll(() => touchpoints({ owner: 'claims' })).toEqual(['B2 web form', 'B4 web form']);
    kv.set('shape:web', note('web', web.x, web.y, 'B0 web form', { touchpoint: { channel: 'web', owner: 'Claims team' } }));
    await expect.poll(() => touchpoints({ owner: 'claims' })).toEqual(['B0 web form', 'B2 web form', 'B4 web form']);
    client.destroy();
  });

  it('lists the open action items across boards, soonest due first, filtered by owner', async () => {
    const mark = async (board: { id: string; token: string } | undefined, action: Record<string, unknown>) => {
      const client = connectClient(server.wsUrl, board?.id ?? '', { params: { token: board?.token ?? '' } });
      await waitForSynced(client);
      const kv = new YKeyValue<Record<string, unknown>>(client.doc.getArray(DocLayout.records));
      const card = kv.get('shape:phone');
      kv.set('shape:phone', { ...card, meta: { ...(card?.meta as object), action } });
      await waitForSynced(client);
      client.destroy();
    };
    await mark(boards[1], { kind: 'action', owner: 'Hotline lead', due: '2027-02-01' });
    await mark(boards[3], { kind: 'action', owner: 'Claims team', due: '2027-01-10' });
    await mark(boards[2], { kind: 'action', owner: 'Hotline lead', done: true });
    await mark(boards[4], { kind: 'decision', owner: 'Hotline lead' });
    const actions = async (owner?: string) => {
      const response = await fetch(`${server.url}/api/portfolio/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify(owner ? { owner } : {}),
      });
      expect(response.status).toBe(200);
      return PortfolioActionListSchema.parse(await response.json()).actions.map((a) => `${a.boardTitle}: ${a.text} (${a.owner}, ${a.due ?? '-'})`);
    };
    // Done items and decisions are not open actions.
    await expect.poll(() => actions()).toEqual(['Journey 3: B3 hotline (Claims team, 2027-01-10)', 'Journey 1: B1 hotline (Hotline lead, 2027-02-01)']);
    expect(await actions('hotline')).toEqual(['Journey 1: B1 hotline (Hotline lead, 2027-02-01)']);
  });

  it('exports the filtered touchpoints as CSV', async () => {
    const response = await fetch(`${server.url}/api/portfolio/touchpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ owner: 'Hotline', emotionBelow: 0, format: 'csv' }),
    });
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^board,map,stage,lane,touchpoint,channel/);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 6))).toEqual([
      ['Journey 1', 'Test map', 'Buy', 'touchpoints', 'B1 hotline', 'phone'],
      ['Journey 3', 'Test map', 'Buy', 'touchpoints', 'B3 hotline', 'phone'],
    ]);
  });

  it('shows only the boards the caller holds links for, unless they are the administrator', async () => {
    const noAccess = await fetch(`${server.url}/api/portfolio/touchpoints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noAccess.status).toBe(401);
    const mine = [boards[0], boards[1], { id: boards[2]?.id ?? '', token: boards[0]?.token ?? '' }].filter((b) => b !== undefined);
    expect(await touchpoints({ boards: mine }, false)).toEqual(['B0 hotline', 'B0 web form', 'B1 hotline', 'B1 web form']);

    const listed = await fetch(`${server.url}/api/portfolio/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ boards: mine }) });
    const { boards: summaries } = PortfolioBoardListSchema.parse(await listed.json());
    expect(summaries.map((b) => b.title).sort()).toEqual(['Journey 0', 'Journey 1']);
    expect(summaries.find((b) => b.title === 'Journey 0')?.summary).toEqual({
      personas: ['Claudia'],
      maps: 1,
      stages: 2,
      cards: 2,
      touchpoints: 2,
      averageEmotion: 2,
      openComments: 0,
      missedTargets: 0,
      openActions: [],
    });
  });
});

describe('portfolio index: written when a workshop ends', () => {
  let debugServer: RunningServer;
  beforeAll(async () => {
    debugServer = await startServer({ env: { ANONYMOUS_ROLE: 'none', ADMIN_TOKEN: ADMIN, JOURNEY_DEBOUNCE_MS: '50', LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await debugServer.stop();
  });

  const logOf = (boardId: string): string[] => logMessagesOf(debugServer, boardId);

  it('does not extract the board after every pause while participants edit, indexes it once the last one leaves, and a query then answers from the index', async () => {
    const response = await fetch(`${debugServer.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ title: 'Claims workshop' }),
    });
    const board = (await response.json()) as { id: string; facilitatorToken: string };
    const client = connectClient(debugServer.wsUrl, board.id, { params: { token: board.facilitatorToken } });
    await waitForSynced(client);
    const kv = new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
    const web = cellCentre(0, 0, 0, 1);
    kv.set('shape:m', journeyMap('m', 0, 0, fixedMapProps(['Research'], ['steps', 'touchpoints'])));
    await waitForSynced(client);
    await expect.poll(() => logOf(board.id).filter((msg) => msg === 'journey edits settled')).toHaveLength(1);
    kv.set('shape:web', note('web', web.x, web.y, 'Claim form', { touchpoint: { channel: 'web', owner: 'Workshop owner' } }));
    await waitForSynced(client);
    await expect.poll(() => logOf(board.id).filter((msg) => msg === 'journey edits settled')).toHaveLength(2);
    expect(logOf(board.id)).not.toContain('extracted journey data');

    client.destroy();
    await expect.poll(() => logOf(board.id)).toContain('extracted journey data');
    const query = await fetch(`${debugServer.url}/api/portfolio/touchpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ owner: 'Workshop owner' }),
    });
    expect(PortfolioTouchpointListSchema.parse(await query.json()).touchpoints.map((t) => t.text)).toEqual(['Claim form']);
    expect(logOf(board.id).filter((msg) => msg === 'extracted journey data')).toHaveLength(1);
  });
});
