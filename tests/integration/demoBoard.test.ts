import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO_CONTENT } from '../../shared/src/demo/demoContent.ts';
import { CreatedBoardSchema, DocLayout, JourneyDataSchema, type JourneyData } from '../../shared/src/index.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced } from '../support/yClients.ts';

const OfferSchema = z.object({ offered: z.boolean() });

async function offered(server: RunningServer): Promise<boolean> {
  return OfferSchema.parse(await (await fetch(`${server.url}/api/demo-board`)).json()).offered;
}

async function createDemo(server: RunningServer, body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/demo-board`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function journeyOf(server: RunningServer, boardId: string, token: string): Promise<JourneyData> {
  const response = await fetch(`${server.url}/api/boards/${boardId}/journey`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return JourneyDataSchema.parse(await response.json());
}

describe('the demo board of a fresh install (default access: share links only)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('is offered while the install has no board, and no longer once it has one', async () => {
    expect(await offered(server)).toBe(true);
    const created = await createDemo(server, { locale: 'de' });
    expect(created.status).toBe(201);
    const board = CreatedBoardSchema.parse(await created.json());
    expect(board).toMatchObject({ title: DEMO_CONTENT.de.boardTitle, locale: 'de' });
    expect(await offered(server)).toBe(false);

    // The journey data a newcomer's board shows: every card placed, the curve, persona, empathy map, comments.
    const content = DEMO_CONTENT.de;
    await expect
      .poll(async () => {
        const journey = await journeyOf(server, board.id, board.facilitatorToken);
        const map = journey.maps[0];
        return {
          stages: map?.stages.map((s) => s.label),
          cards: map?.cells.reduce((sum, cell) => sum + cell.cards.length, 0),
          curve: map?.emotionCurve.map((p) => p.score),
          persona: journey.personas.map((p) => p.name),
          empathyCards: journey.canvases.find((c) => c.kind === 'empathyMap')?.regions.reduce((sum, r) => sum + r.cards.length, 0),
          openThreads: map?.comments?.openThreads,
          owners: map?.cells.flatMap((c) => c.cards).flatMap((c) => (c.touchpoint?.owner ? [c.touchpoint.owner] : [])).length,
        };
      })
      .toEqual({
        stages: content.stages,
        cards: content.cards.length,
        curve: content.emotions.map((e) => e.score),
        persona: [content.persona.name],
        empathyCards: content.empathyMap.length,
        openThreads: content.comments.length,
        owners: 4,
      });
  });

  it('opens in a stock client through its facilitator link, comments included, and outlives a restart', async () => {
    const board = CreatedBoardSchema.parse(await (await createDemo(server, { locale: 'en' })).json());
    expect(board.title).toBe(DEMO_CONTENT.en.boardTitle);
    const client = connectClient(server.wsUrl, board.id, { params: { token: board.facilitatorToken } });
    await waitForSynced(client);
    const comments = client.doc.getArray<{ key: string }>(DocLayout.comments);
    const expected = DEMO_CONTENT.en.comments.reduce((sum, c) => sum + 2 + (c.reply ? 1 : 0), 0);
    await waitFor(() => comments.length === expected, () => `comments: ${comments.length}`);
    client.destroy();

    const dataDir = server.dataDir;
    await server.kill();
    server = await startServer({ dataDir, env: { ANONYMOUS_ROLE: 'none' } });
    const journey = await journeyOf(server, board.id, board.facilitatorToken);
    expect(journey.maps[0]?.title).toBe(DEMO_CONTENT.en.mapTitle);
    expect(journey.maps[0]?.comments?.openThreads).toBe(DEMO_CONTENT.en.comments.length);
  });

  it('rejects a locale it does not speak', async () => {
    const response = await createDemo(server, { locale: 'fr' });
    expect(response.status).toBe(400);
  });
});

describe('a server where only the administrator creates boards', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { ANONYMOUS_ROLE: 'none', BOARD_CREATION: 'admin', ADMIN_TOKEN: 'admin-token-0123456789' } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('offers no demo and makes none', async () => {
    expect(await offered(server)).toBe(false);
    const response = await createDemo(server, {});
    expect(response.status).toBe(401);
  });
});
