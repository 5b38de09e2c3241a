import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreatedBoardSchema, DocLayout, JourneyDataSchema, SessionKey, ShareLinkSchema } from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

let server: RunningServer;
const clients: TestClient[] = [];

beforeEach(async () => {
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none' } });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.kill();
});

async function setUp(): Promise<{ boardId: string; facilitator: string; editor: string; secondEditor: string }> {
  const created = CreatedBoardSchema.parse(await (await post('/api/boards', undefined, { title: 'Workshop' })).json());
  const link = async () =>
    ShareLinkSchema.parse(await (await post(`/api/boards/${created.id}/links`, created.facilitatorToken, { role: 'editor', label: 'team' })).json()).token;
  return { boardId: created.id, facilitator: created.facilitatorToken, editor: await link(), secondEditor: await link() };
}

function post(path: string, token: string | undefined, body: unknown, method = 'POST'): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

async function join(boardId: string, token: string): Promise<TestClient> {
  const c = connectClient(server.wsUrl, boardId, { params: { token } });
  clients.push(c);
  await waitForSynced(c);
  return c;
}

const session = (c: TestClient) => c.doc.getMap<unknown>(DocLayout.session);

describe('facilitator session commands', () => {
  it('refuses a participant\'s "start timer" and "reveal votes", by HTTP and by a forged doc change', async () => {
    const { boardId, facilitator, editor } = await setUp();
    const participant = await join(boardId, editor);
    const observer = await join(boardId, facilitator);

    const forbiddenTimer = await post(`/api/boards/${boardId}/session/timer`, editor, { action: 'start', durationMs: 60_000 });
    expect(forbiddenTimer.status).toBe(403);
    const started = await post(`/api/boards/${boardId}/session/votes/rounds`, facilitator, { budget: 3, allowMultiplePerCard: true, scope: { kind: 'board' } });
    const { round } = (await started.json()) as { round: { id: string } };
    const forbiddenReveal = await post(`/api/boards/${boardId}/session/votes/rounds/${round.id}/reveal`, editor, {});
    expect(forbiddenReveal.status).toBe(403);

    // The same through the document: a stock y-websocket client writes the session map directly.
    await waitFor(() => session(participant).has(SessionKey.votes), () => 'the round reached the participant');
    participant.doc.transact(() => {
      session(participant).set(SessionKey.timer, { status: 'running', durationMs: 60_000, endsAt: Date.now() + 60_000 });
      session(participant).set(SessionKey.votes, [{ ...(session(participant).get(SessionKey.votes) as object[])[0], status: 'revealed', results: { 'shape:x': 9 } }]);
    });
    await waitFor(
      () => !session(participant).has(SessionKey.timer) && (session(participant).get(SessionKey.votes) as { status: string }[])[0]?.status === 'open',
      () => `the forged session change was reverted: ${JSON.stringify(session(participant).toJSON())}`,
    );
    expect(session(observer).has(SessionKey.timer)).toBe(false);
    expect((session(observer).get(SessionKey.votes) as { status: string }[])[0]?.status).toBe('open');

    // The facilitator's command works and everyone sees it.
    expect((await post(`/api/boards/${boardId}/session/timer`, facilitator, { action: 'start', durationMs: 60_000 })).status).toBe(200);
    await waitFor(() => session(participant).has(SessionKey.timer), () => 'the timer reached the participant');
  });

  it('keeps ballots off the shared document until the reveal, enforces the budget, and serves results in the journey data', async () => {
    const { boardId, facilitator, editor, secondEditor } = await setUp();
    const writer = await join(boardId, facilitator);
    const records = new YKeyValue<unknown>(writer.doc.getArray(DocLayout.records));
    records.set('shape:a', note('a', 100, 100, 'Hotline queue'));
    records.set('shape:b', note('b', 400, 100, 'Callback form'));
    const peer = await join(boardId, editor);
    await waitFor(() => new YKeyValue<unknown>(peer.doc.getArray(DocLayout.records)).has('shape:b'), () => 'the cards reached the server');
    const started = await post(`/api/boards/${boardId}/session/votes/rounds`, facilitator, { budget: 3, allowMultiplePerCard: true, scope: { kind: 'board' } });
    const { round } = (await started.json()) as { round: { id: string } };
    const ballot = (token: string, voterId: string, cardIds: string[]) =>
      post(`/api/boards/${boardId}/session/votes/rounds/${round.id}/ballot`, token, { voterId, cardIds }, 'PUT');

    expect((await ballot(editor, 'ann', ['shape:a', 'shape:a', 'shape:b'])).status).toBe(200);
    const overBudget = await ballot(secondEditor, 'ben', ['shape:a', 'shape:b', 'shape:b', 'shape:a']);
    expect(overBudget.status).toBe(400);
    expect(await overBudget.text()).toContain('3 votes');
    expect((await ballot(secondEditor, 'ben', ['shape:b'])).status).toBe(200);
    expect((await ballot(secondEditor, 'ben', ['shape:nothing'])).status).toBe(400);

    await waitFor(() => (session(writer).get(SessionKey.votes) as { voterCount: number }[])[0]?.voterCount === 2, () => 'voter count');
    expect(JSON.stringify(writer.doc.getMap(DocLayout.session).toJSON())).not.toContain('shape:a');

    const revealed = await post(`/api/boards/${boardId}/session/votes/rounds/${round.id}/reveal`, facilitator, {});
    expect(revealed.status).toBe(200);
    await waitFor(() => (session(writer).get(SessionKey.votes) as { status: string }[])[0]?.status === 'revealed', () => 'reveal');
    const journey = JourneyDataSchema.parse(await (await fetch(`${server.url}/api/boards/${boardId}/journey`, { headers: { authorization: `Bearer ${editor}` } })).json());
    expect(journey.votes).toEqual([
      { round: 1, roundId: round.id, cardId: 'shape:a', votes: 2 },
      { round: 1, roundId: round.id, cardId: 'shape:b', votes: 2 },
    ]);
  });
});
