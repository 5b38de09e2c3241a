import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONTENT } from '../../shared/src/demo/demoContent.ts';
import { demoCardId, DEMO_EMPATHY_MAP_ID, DEMO_MAP_ID } from '../../shared/src/demo/demoBoard.ts';
import {
  CreatedBoardSchema,
  DocLayout,
  SessionKey,
  ShareLinkSchema,
  WorkshopAnswerSchema,
  WorkshopSummarySchema,
  type Agenda,
  type VoteRound,
  type WorkshopState,
} from '../../shared/src/index.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { WebhookReceiver } from '../support/webhookReceiver.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const SECRET = 'receiver-secret-0123456789';
const MIN = 60_000;
const clients: TestClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

const AGENDA: Agenda = {
  steps: [
    { id: 'empathy', title: 'Who is Sarah?', instructions: 'Write what she says, thinks, does and feels.', area: DEMO_EMPATHY_MAP_ID, timeboxMs: 10 * MIN, activity: { kind: 'private', revealAtEnd: true } },
    { id: 'vote', title: 'What hurts most?', instructions: 'Three dots each.', area: DEMO_MAP_ID, timeboxMs: 5 * MIN, activity: { kind: 'vote', budget: 3, allowMultiplePerCard: false, revealAtEnd: true } },
    { id: 'feel', title: 'How does it feel?', instructions: '', area: DEMO_MAP_ID, timeboxMs: 5 * MIN, activity: { kind: 'emotionScoring' } },
  ],
};

function api(base: string, path: string, token: string | undefined, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function demoWithLinks(base: string): Promise<{ boardId: string; facilitator: string; editor: string; commenter: string }> {
  const board = CreatedBoardSchema.parse(await (await api(base, '/api/demo-board', undefined, { locale: 'en' })).json());
  const link = async (role: string) => ShareLinkSchema.parse(await (await api(base, `/api/boards/${board.id}/links`, board.facilitatorToken, { role })).json()).token;
  return { boardId: board.id, facilitator: board.facilitatorToken, editor: await link('editor'), commenter: await link('commenter') };
}

async function join(wsUrl: string, boardId: string, token: string, name?: string): Promise<TestClient> {
  const c = connectClient(wsUrl, boardId, { params: { token } });
  clients.push(c);
  await waitForSynced(c);
  if (name) c.provider.awareness.setLocalStateField('presence', { userName: name });
  return c;
}

const session = (c: TestClient) => c.doc.getMap<unknown>(DocLayout.session);
const workshopOf = (c: TestClient) => session(c).get(SessionKey.workshop) as WorkshopState | undefined;

describe('running an agenda on one server', () => {
  let server: RunningServer;
  let receiver: WebhookReceiver;
  let receiverUrl: string;
  beforeAll(async () => {
    receiver = new WebhookReceiver(SECRET);
    receiverUrl = await receiver.listen();
    server = await startServer({ env: { ANONYMOUS_ROLE: 'none', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
  });
  afterAll(async () => {
    await server.stop();
    await receiver.close();
  });

  it("refuses a participant's agenda and workshop writes, by HTTP and forged in the document", async () => {
    const { boardId, facilitator, editor } = await demoWithLinks(server.url);
    expect((await api(server.url, `/api/boards/${boardId}/agenda`, editor, AGENDA, 'PUT')).status).toBe(403);
    expect((await api(server.url, `/api/boards/${boardId}/workshop`, editor, { action: 'start' })).status).toBe(403);
    const badArea = { steps: [{ ...AGENDA.steps[0]!, area: 'shape:nowhere' }] };
    const refusedArea = await api(server.url, `/api/boards/${boardId}/agenda`, facilitator, badArea, 'PUT');
    expect(refusedArea.status).toBe(400);
    expect(await refusedArea.text()).toContain('shape:nowhere');
    expect((await api(server.url, `/api/boards/${boardId}/agenda`, facilitator, AGENDA, 'PUT')).status).toBe(200);

    const observer = await join(server.wsUrl, boardId, facilitator);
    const forger = await join(server.wsUrl, boardId, editor);
    await waitFor(() => session(forger).has(SessionKey.agenda), () => 'the agenda reached the editor');
    const seen: string[] = [];
    session(observer).observe(() => seen.push(JSON.stringify(session(observer).toJSON())));
    forger.doc.transact(() => {
      session(forger).set(SessionKey.agenda, { steps: [] });
      session(forger).set(SessionKey.workshop, { runId: 'forged', status: 'running', startedAt: 0, endedAt: null, stepIndex: 2, runs: [], participants: ['Mallory'] });
    });
    await waitFor(
      () => (session(forger).get(SessionKey.agenda) as Agenda | undefined)?.steps.length === 3 && !session(forger).has(SessionKey.workshop),
      () => `the forged change was reverted: ${JSON.stringify(session(forger).toJSON())}`,
    );
    // A marker after the forgery: once the observer has it, the forgery would have arrived before it.
    expect((await api(server.url, `/api/boards/${boardId}/session/private`, facilitator, { on: true })).status).toBe(200);
    await waitFor(() => session(observer).has(SessionKey.privateMode), () => 'the marker reached the observer');
    expect(seen.join('\n')).not.toContain('forged');
    expect((session(observer).get(SessionKey.agenda) as Agenda).steps).toHaveLength(3);
  });

  it('runs the steps with their activities and ends with one summary, by API and webhook', async () => {
    const { boardId, facilitator, editor, commenter } = await demoWithLinks(server.url);
    const hook = await api(server.url, `/api/boards/${boardId}/webhooks`, facilitator, { url: receiverUrl, secret: SECRET, events: ['workshop.ended'] });
    expect(hook.status).toBe(201);
    expect((await api(server.url, `/api/boards/${boardId}/agenda`, facilitator, AGENDA, 'PUT')).status).toBe(200);
    const nina = await join(server.wsUrl, boardId, editor, 'Nina');
    await join(server.wsUrl, boardId, commenter, 'Ben');
    await waitFor(() => session(nina).has(SessionKey.agenda), () => 'agenda at Nina');

    const command = async (body: unknown, expected = 200) => {
      const response = await api(server.url, `/api/boards/${boardId}/workshop`, facilitator, body);
      expect(response.status, await response.clone().text()).toBe(expected);
      return expected === 200 ? WorkshopAnswerSchema.parse(await response.json()).workshop : null;
    };

    // Step 1: private brainstorming in the empathy map, with its timebox.
    expect((await command({ action: 'start' }))?.stepIndex).toBe(0);
    await waitFor(() => session(nina).has(SessionKey.privateMode) && session(nina).has(SessionKey.timer), () => 'private mode and timer at Nina');
    expect(workshopOf(nina)?.participants.sort()).toEqual(['Ben', 'Nina']);
    await command({ action: 'start' }, 409);
    await command({ action: 'previous' }, 409);

    // Step 2: the dot vote over the map; private mode ends with step 1.
    await command({ action: 'next' });
    await waitFor(() => !session(nina).has(SessionKey.privateMode), () => 'private mode ended');
    const rounds = () => (session(nina).get(SessionKey.votes) as VoteRound[] | undefined) ?? [];
    await waitFor(() => rounds().some((r) => r.status === 'open'), () => 'the step opened a vote');
    const round = rounds().find((r) => r.status === 'open')!;
    expect(round.scope.kind).toBe('area');
    const ballot = (token: string, voterId: string, cardIds: string[]) =>
      api(server.url, `/api/boards/${boardId}/session/votes/rounds/${round.id}/ballot`, token, { voterId, cardIds }, 'PUT');
    expect((await ballot(editor, 'nina', [demoCardId(8), demoCardId(9)])).status).toBe(200);
    expect((await ballot(commenter, 'ben', [demoCardId(8)])).status).toBe(200);
    // A card of the empathy map lies outside the step's area.
    expect((await ballot(commenter, 'ben', ['shape:demo-empathy-2'])).status).toBe(400);

    // Two cards become action items with owners (an editor's ordinary record edit).
    const records = new YKeyValue<Record<string, unknown>>(nina.doc.getArray(DocLayout.records));
    for (const [index, owner, due] of [[10, 'Digital team', '2027-01-15'], [11, 'Claims service', '2026-12-20']] as const) {
      const card = records.get(demoCardId(index))!;
      records.set(demoCardId(index), { ...card, meta: { ...(card.meta as object), action: { kind: 'action', owner, due, done: false } } });
    }

    // Step 3: the vote is revealed as step 2 ends; then scores for the map's stages.
    await command({ action: 'next' });
    await waitFor(() => rounds().find((r) => r.id === round.id)?.status === 'revealed', () => 'the vote was revealed');
    for (const [token, voterId, score] of [[editor, 'nina', -2], [commenter, 'ben', -1]] as const) {
      const scored = await api(server.url, `/api/boards/${boardId}/session/emotion-scores`, token, { mapId: DEMO_MAP_ID, stageId: 'stage-2', voterId, score }, 'PUT');
      expect(scored.status).toBe(200);
    }
    await command({ action: 'extend', ms: 2 * MIN });
    await command({ action: 'next' }, 409);

    const ended = await command({ action: 'end' });
    expect(ended?.status).toBe('ended');
    await command({ action: 'end' }, 409);

    const summary = WorkshopSummarySchema.parse(await (await api(server.url, `/api/boards/${boardId}/summary`, commenter)).json());
    expect(summary.steps.map((s) => s.title)).toEqual(AGENDA.steps.map((s) => s.title));
    expect(summary.steps[1]!.votes?.map((v) => [v.text, v.votes])).toEqual([
      [DEMO_CONTENT.en.cards[8]!.text, 2],
      [DEMO_CONTENT.en.cards[9]!.text, 1],
    ]);
    expect(summary.steps[2]!.emotions).toEqual([{ stageId: 'stage-2', stage: 'Report the claim', median: -1.5, min: -2, max: -1, count: 2 }]);
    expect(summary.actions.map((a) => [a.owner, a.due])).toEqual([
      ['Claims service', '2026-12-20'],
      ['Digital team', '2027-01-15'],
    ]);
    expect(summary.participants).toEqual(['Ben', 'Nina']);

    const markdown = await api(server.url, `/api/boards/${boardId}/summary?format=md&locale=de`, commenter);
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    expect(await markdown.text()).toContain('## Aufgaben');
    const pdf = await api(server.url, `/api/boards/${boardId}/summary?format=pdf`, commenter);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    await waitFor(() => receiver.received.some((r) => r.event === 'workshop.ended'), () => 'the workshop.ended webhook arrived', 20_000);
    const deliveries = receiver.received.filter((r) => r.event === 'workshop.ended');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.verified).toBe(true);
    const sent = JSON.parse(deliveries[0]!.body) as { data: { summary: unknown } };
    expect(WorkshopSummarySchema.parse(sent.data.summary).runId).toBe(summary.runId);
  });

  it('refuses to start a voting step while another vote round is open, and changes nothing', async () => {
    const { boardId, facilitator } = await demoWithLinks(server.url);
    expect((await api(server.url, `/api/boards/${boardId}/agenda`, facilitator, { steps: [AGENDA.steps[1]!] }, 'PUT')).status).toBe(200);
    const round = await api(server.url, `/api/boards/${boardId}/session/votes/rounds`, facilitator, { budget: 3, allowMultiplePerCard: false, scope: { kind: 'board' } });
    expect(round.status).toBe(200);
    const refused = await api(server.url, `/api/boards/${boardId}/workshop`, facilitator, { action: 'start' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('reveal it');
    const observer = await join(server.wsUrl, boardId, facilitator);
    expect(session(observer).has(SessionKey.workshop)).toBe(false);
    expect(session(observer).has(SessionKey.timer)).toBe(false);
  });

  it('answers 404 for the summary of a board where no workshop ran', async () => {
    const { boardId, facilitator } = await demoWithLinks(server.url);
    expect((await api(server.url, `/api/boards/${boardId}/summary`, facilitator)).status).toBe(404);
  });
});

describe.runIf(process.env.DATABASE_URL && process.env.REDIS_URL)('two instances', () => {
  let cluster: Cluster;
  let receiver: WebhookReceiver;
  let receiverUrl: string;
  beforeAll(async () => {
    receiver = new WebhookReceiver(SECRET);
    receiverUrl = await receiver.listen();
    cluster = await startCluster({
      instances: 2,
      adminDatabaseUrl: process.env.DATABASE_URL!,
      redisUrl: process.env.REDIS_URL!,
      env: { ANONYMOUS_ROLE: 'none', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    await receiver.close();
  });

  it('send one workshop.ended per ended workshop, whichever instance ran the commands', async () => {
    const [a, b] = cluster.instances as [RunningServer, RunningServer];
    const { boardId, facilitator, editor } = await demoWithLinks(a.url);
    expect((await api(a.url, `/api/boards/${boardId}/webhooks`, facilitator, { url: receiverUrl, secret: SECRET, events: ['workshop.ended'] })).status).toBe(201);
    expect((await api(a.url, `/api/boards/${boardId}/agenda`, facilitator, AGENDA, 'PUT')).status).toBe(200);
    // Participants on both instances.
    await join(a.wsUrl, boardId, editor, 'Nina');
    const onB = await join(b.wsUrl, boardId, editor, 'Ben');
    expect((await api(b.url, `/api/boards/${boardId}/workshop`, facilitator, { action: 'start' })).status).toBe(200);
    await waitFor(() => workshopOf(onB)?.status === 'running', () => 'running at Ben');
    expect((await api(a.url, `/api/boards/${boardId}/workshop`, facilitator, { action: 'next' })).status).toBe(200);
    await waitFor(() => workshopOf(onB)?.stepIndex === 1, () => 'step 2 at Ben');
    expect((await api(b.url, `/api/boards/${boardId}/workshop`, facilitator, { action: 'end' })).status).toBe(200);
    await waitFor(() => receiver.received.some((r) => r.event === 'workshop.ended'), () => 'the webhook arrived', 20_000);
    // Both instances hold the board and saw the workshop end; only the one that ran the command sends.
    const summary = WorkshopSummarySchema.parse(await (await api(a.url, `/api/boards/${boardId}/summary`, facilitator)).json());
    expect(summary.status).toBe('ended');
    expect(receiver.received.filter((r) => r.event === 'workshop.ended')).toHaveLength(1);
  });
});
