/**
 * Content-level fuzzing of the sync endpoint (issue 21): 10,000 well-formed Yjs updates per run,
 * each made by a real Y.Doc, with hostile content (tests/support/contentUpdates.ts): random
 * top-level names, declared and not, every shared type under each, odd keys and values, records
 * with wrong fields, inserts, overwrites and deletes, sent as update messages or inside sync
 * step 2. Several boards, each fuzzed by hostile raw sockets of every role at once (runFuzz,
 * fuzzSockets.ts); the server may close them (too many refused writes, `__proto__` keys), and
 * they come back.
 *
 * Meanwhile, on each board, a well-behaved editor writes a marker note after every
 * MARKER_EVERY hostile updates, and a well-behaved observer must have it within MARKER_WAIT_MS:
 * the board never wedges. /healthz answers throughout. Afterwards, and again after a restart on
 * the same data directory, a fresh client of each board sees every marker, and the board holds
 * only what its declared layout allows: nothing under undeclared names, nothing a participant
 * wrote in the server's maps, no record a hostile writer's role may not keep.
 *
 * The seed is printed; FUZZ_SEED=<seed> reproduces the inputs (each stream's inputs follow
 * from the seed in order; which socket carries which input depends on timing), and
 * FUZZ_EXCLUDE=<feature,...> (CONTENT_FEATURES) leaves kinds of content out to narrow a failure
 * down. The last describe block holds minimal reproductions of what this fuzzer found.
 */
import { randomInt } from 'node:crypto';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, CreatedBoardSchema, DocLayout, docStructure, MetaKey, ShareLinkSchema, type Role } from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';
import { CONTENT_FEATURES, ContentFuzzRun, updateFrame, type ContentFeature, type ContentStream } from '../support/contentUpdates.ts';
import { runFuzz, type FuzzRunStats } from '../support/fuzzSockets.ts';
import { seededDoc, seededRandom } from '../support/random.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const UPDATES = 10_000;
const MAX_MESSAGE_BYTES = 65_536;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
/** Comma-separated kinds of content to leave out (CONTENT_FEATURES), e.g. FUZZ_EXCLUDE=type-confusion,bigint. */
const EXCLUDE = (process.env.FUZZ_EXCLUDE ?? '')
  .split(',')
  .map((feature) => feature.trim())
  .filter((feature): feature is ContentFeature => (CONTENT_FEATURES as readonly string[]).includes(feature));
const BOARDS = 3;
/** Every role fuzzes every board at once; the editor connects anonymously (ANONYMOUS_ROLE=editor). */
const HOSTILE_ROLES: readonly Role[] = ['editor', 'facilitator', 'commenter', 'viewer'];
/** Hostile updates a board gets between two marker notes of its well-behaved editor. */
const MARKER_EVERY = 50;
/** How long a marker may take to reach the observer; a board that takes longer counts as wedged. */
const MARKER_WAIT_MS = 2_000;
/**
 * The fuzzing stops sending after this long; the count assertion then shows how far it got. A bound
 * on the run, not a speed target (the protocol fuzz allows as long): 15-60 s on a loaded machine.
 */
const FUZZ_BUDGET_MS = 150_000;
/** How long a marker that missed MARKER_WAIT_MS is still waited for, to tell a slow board from a wedged one. */
const LATE_MARKER_MS = 5_000;
const MARKER_PREFIX = 'shape:marker-';

const SERVER_ENV: Record<string, string> = {
  // Small, so big strings within the limit are cheap to send.
  MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
  // The fuzzer sends far faster than people do; rate limits are not what this test is about.
  MAX_MESSAGES_PER_SECOND: '1000000',
  MAX_BYTES_PER_SECOND: '1000000000',
  SQLITE_SYNCHRONOUS: 'NORMAL',
  // Every reverted write logs at info level; errors are what matter here.
  LOG_LEVEL: 'error',
};

const TOO_MANY_REFUSED = /^too many invalid records/;

const tag = `[FUZZ_SEED=${SEED}${EXCLUDE.length > 0 ? ` FUZZ_EXCLUDE=${EXCLUDE.join(',')}` : ''}]`;

function firstOf(items: readonly string[], limit = 12): string[] {
  return items.length > limit ? [...items.slice(0, limit), `… and ${items.length - limit} more`] : [...items];
}

function show(value: unknown): string {
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (value instanceof Y.AbstractType) return value.constructor.name;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

interface Board {
  index: number;
  id: string;
  facilitatorToken: string;
  editor: TestClient;
  observer: TestClient;
  editorRecords: YKeyValue<unknown>;
  observerRecords: YKeyValue<unknown>;
  /** Ids of the marker notes the editor wrote. */
  markers: string[];
  /** The server's maps (meta, session, live metrics) as the observer saw them before the fuzzing. */
  serverMapsBefore: string;
  /** Hostile updates processed on this board so far. */
  processed: number;
  /** A marker never arrived: further ones would only wait as long again. */
  wedged: boolean;
}

interface MarkerReport {
  delivered: number;
  worstMs: number;
  failures: string[];
  healthFailures: string[];
}

async function createBoardWithToken(server: RunningServer, title: string): Promise<{ id: string; facilitatorToken: string }> {
  const response = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  if (response.status !== 201) throw new Error(`creating a board failed: ${response.status} ${await response.text()}`);
  return CreatedBoardSchema.parse(await response.json());
}

async function linkToken(server: RunningServer, boardId: string, facilitatorToken: string, role: Role): Promise<string> {
  const response = await fetch(`${server.url}/api/boards/${boardId}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${facilitatorToken}` },
    body: JSON.stringify({ role, label: `hostile ${role}` }),
  });
  if (response.status !== 201) throw new Error(`creating a ${role} link failed: ${response.status} ${await response.text()}`);
  return ShareLinkSchema.parse(await response.json()).token;
}

function serverMaps(doc: Y.Doc): string {
  return JSON.stringify([DocLayout.meta, DocLayout.session, DocLayout.liveMetrics].map((name) => [name, doc.getMap<unknown>(name).toJSON()]));
}

function recordsView(records: YKeyValue<unknown>): string {
  return JSON.stringify([...records.map.entries()].map(([key, entry]) => [key, entry.val]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

/** What a shared type holds that is not deleted: its list items and its keyed items. */
function liveContent(type: { _start: Y.Item | null; _map: Map<string, Y.Item> }): { list: Y.Item[]; keyed: [string, Y.Item][] } {
  const list: Y.Item[] = [];
  for (let item = type._start; item !== null; item = item.right) if (!item.deleted) list.push(item);
  const keyed = [...type._map.entries()].filter(([, item]) => !item.deleted);
  return { list, keyed };
}

/**
 * Why the doc holds more than its declared layout lets participants write (empty when it
 * does not): content under undeclared names, keyed entries in a list or list entries in a
 * map, anything a participant wrote into the server's maps, meta keys besides the stored
 * schema, comments from a hostile writer, and records of a hostile writer that its role could
 * not have kept.
 */
function layoutProblems(doc: Y.Doc, run: ContentFuzzRun, wellBehaved: ReadonlySet<number>): string[] {
  const problems: string[] = [];
  const byParticipant = (item: Y.Item): boolean => run.clientIds.has(item.id.client) || wellBehaved.has(item.id.client);
  for (const [name, type] of doc.share) {
    const { list, keyed } = liveContent(type);
    const where = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
    const structure = docStructure(name);
    if (!structure) {
      if (list.length + keyed.length > 0) {
        problems.push(`undeclared ${where} holds ${list.length} list items and keys ${show(keyed.map(([key]) => key.slice(0, 20)))} (written by ${show([...list, ...keyed.map(([, item]) => item)].map((item) => item.id.client))})`);
      }
      continue;
    }
    if (structure.kind === 'array' && keyed.length > 0) problems.push(`list ${where} holds keys ${show(keyed.map(([key]) => key.slice(0, 20)))}`);
    if (structure.kind === 'map' && list.length > 0) problems.push(`map ${where} holds ${list.length} list items`);
    if (structure.writer === 'server') {
      const written = [...list, ...keyed.map(([, item]) => item)].filter(byParticipant);
      if (written.length > 0) problems.push(`${where} holds ${written.length} items a participant wrote: ${show(written.map((item): unknown[] => item.content.getContent()))}`);
      continue;
    }
    for (const item of list) {
      // Entries are plain values; text, formats, embeds or shared types in a list are nobody's records.
      if (!(item.content instanceof Y.ContentAny)) {
        problems.push(`${where} holds ${item.content.constructor.name} written by ${item.id.client}: ${show(item.content.getContent())}`);
        continue;
      }
      if (!run.clientIds.has(item.id.client)) continue;
      for (const entry of item.content.getContent()) {
        const { key, val } = (typeof entry === 'object' && entry !== null ? entry : {}) as { key?: unknown; val?: unknown };
        const keepable = name === DocLayout.records && typeof key === 'string' && run.validRecords.get(key)?.has(JSON.stringify(val)) === true;
        if (!keepable) problems.push(`${where} holds a hostile writer's entry no role may keep: ${show(entry)}`);
      }
    }
  }
  const metaKeys = [...doc.getMap<unknown>(DocLayout.meta).keys()].filter((key) => key !== MetaKey.schema);
  if (metaKeys.length > 0) problems.push(`meta holds keys besides the stored schema: ${show(metaKeys)}`);
  return problems;
}

describe('content fuzzing of the sync endpoint', () => {
  const servers: RunningServer[] = [];
  const clients: TestClient[] = [];
  const boards: Board[] = [];
  const run = new ContentFuzzRun({ seed: SEED, maxMessageBytes: MAX_MESSAGE_BYTES, reservedRecordPrefix: MARKER_PREFIX, exclude: EXCLUDE });
  const wellBehaved = new Set<number>();
  let server: RunningServer;
  let streamStats: FuzzRunStats[] = [];
  const markers: MarkerReport = { delivered: 0, worstMs: 0, failures: [], healthFailures: [] };
  const protoAccepted: string[] = [];
  const unexpectedCloses: string[] = [];
  const closeReasons = new Map<string, number>();
  const perTarget = new Map<string, number>();
  let step2Sent = 0;
  let protoSent = 0;

  function client(s: RunningServer, boardId: string): TestClient {
    const c = connectClient(s.wsUrl, boardId);
    clients.push(c);
    wellBehaved.add(c.doc.clientID);
    return c;
  }

  async function checkHealth(label: string): Promise<void> {
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(MARKER_WAIT_MS) });
      if (response.status !== 200) markers.healthFailures.push(`${label}: /healthz answered ${response.status}`);
    } catch (error) {
      markers.healthFailures.push(`${label}: /healthz did not answer (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** The editor writes a marker note; the observer must have it within MARKER_WAIT_MS. */
  async function deliverMarker(board: Board): Promise<void> {
    const label = `b${board.index}-${board.markers.length}`;
    const marker = note(`marker-${label}`, board.markers.length * 10, board.index * 300, `marker ${label} after ${board.processed} hostile updates`);
    const id = String(marker.id);
    board.markers.push(id);
    const started = Date.now();
    board.editorRecords.set(id, marker);
    const arrived = (): boolean => board.observerRecords.has(id);
    try {
      await waitFor(arrived, () => `marker ${id}`, MARKER_WAIT_MS);
      markers.delivered += 1;
      markers.worstMs = Math.max(markers.worstMs, Date.now() - started);
    } catch {
      // Late, or never: which one tells a slow board from a wedged one.
      const late = await waitFor(arrived, () => `marker ${id}`, LATE_MARKER_MS).then(
        () => `arrived after ${Date.now() - started} ms`,
        () => {
          board.wedged = true;
          return `not there after ${Date.now() - started} ms`;
        },
      );
      markers.failures.push(`board ${board.index}: marker ${id}, written after ${board.processed} hostile updates, did not reach the observer within ${MARKER_WAIT_MS} ms (${late})`);
    }
    await checkHealth(`after marker ${id}`);
  }

  async function keepWritingMarkers(board: Board, done: () => boolean): Promise<void> {
    while (!done() && !board.wedged) {
      const next = board.markers.length * MARKER_EVERY;
      await waitFor(() => done() || board.processed >= next, () => 'the fuzzer made no progress', FUZZ_BUDGET_MS + 30_000).catch(() => undefined);
      if (done()) return;
      await deliverMarker(board);
    }
  }

  beforeAll(async () => {
    console.log(`content fuzz seed ${SEED} (reproduce with FUZZ_SEED=${SEED})${EXCLUDE.length > 0 ? `, excluding ${EXCLUDE.join(', ')}` : ''}`);
    server = await startServer({ env: SERVER_ENV });
    servers.push(server);
    for (let index = 0; index < BOARDS; index++) {
      const { id, facilitatorToken } = await createBoardWithToken(server, `Content fuzz ${index}`);
      const editor = client(server, id);
      const observer = client(server, id);
      await Promise.all([waitForSynced(editor), waitForSynced(observer)]);
      boards.push({
        index,
        id,
        facilitatorToken,
        editor,
        observer,
        editorRecords: new YKeyValue<unknown>(editor.doc.getArray(DocLayout.records)),
        observerRecords: new YKeyValue<unknown>(observer.doc.getArray(DocLayout.records)),
        markers: [],
        serverMapsBefore: '',
        processed: 0,
        wedged: false,
      });
    }
    // The first marker also shows the board is set up (its page and stored schema are there).
    await Promise.all(boards.map((board) => deliverMarker(board)));
    for (const board of boards) board.serverMapsBefore = serverMaps(board.observer.doc);

    const streams: { board: Board; role: Role; url: string; generator: ContentStream; total: number }[] = [];
    for (const board of boards) {
      for (const role of HOSTILE_ROLES) {
        const token = role === 'editor' ? undefined : role === 'facilitator' ? board.facilitatorToken : await linkToken(server, board.id, board.facilitatorToken, role);
        const stream = streams.length;
        const perStream = Math.floor(UPDATES / (BOARDS * HOSTILE_ROLES.length));
        const remainder = UPDATES - perStream * BOARDS * HOSTILE_ROLES.length;
        streams.push({
          board,
          role,
          url: `${server.wsUrl}/sync/${board.id}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
          generator: run.stream(stream),
          total: perStream + (stream < remainder ? 1 : 0),
        });
      }
    }

    let finished = false;
    const monitors = boards.map((board) => keepWritingMarkers(board, () => finished));
    const deadline = Date.now() + FUZZ_BUDGET_MS;
    streamStats = await Promise.all(
      streams.map(({ board, role, url, generator, total }) =>
        runFuzz({
          url,
          total,
          generate: (index) => generator.generate(index),
          sockets: 2,
          depth: 3,
          deadline,
          onProcessed: (input, closed) => {
            board.processed += 1;
            const content = generator.describe(input);
            if (!content) return;
            for (const target of content.targets) perTarget.set(target, (perTarget.get(target) ?? 0) + 1);
            if (content.step2) step2Sent += 1;
            if (content.protoKey) protoSent += 1;
            const what = `${role} on board ${board.index}: ${input.detail.slice(0, 300)}`;
            if (closed) {
              const reason = `${closed.code} ${closed.reason.replace(/\(last: .*$/, '(last: …)')}`;
              closeReasons.set(reason, (closeReasons.get(reason) ?? 0) + 1);
            }
            if (content.protoKey) {
              if (!closed) protoAccepted.push(what);
              else if (closed.code !== CloseCode.MalformedMessage || !closed.reason.includes('__proto__')) unexpectedCloses.push(`${what} -> ${closed.code} ${closed.reason}`);
            } else if (closed && !(closed.code === CloseCode.MalformedMessage && TOO_MANY_REFUSED.test(closed.reason))) {
              unexpectedCloses.push(`${what} -> ${closed.code} ${closed.reason}`);
            }
          },
        }),
      ),
    );
    finished = true;
    await Promise.all(monitors);
    // The last hostile update of each board is followed by one more marker.
    await Promise.all(boards.map((board) => deliverMarker(board)));

    const sum = (pick: (s: FuzzRunStats) => number): number => streamStats.reduce((total, s) => total + pick(s), 0);
    const closedForInput = [...closeReasons.values()].reduce((total, n) => total + n, 0);
    console.log(
      `content fuzz ${tag}: ${sum((s) => s.processed)} updates processed (${sum((s) => s.framesSent)} frames sent, ${step2Sent} as sync step 2, ${protoSent} with a __proto__ key) ` +
        `on ${BOARDS} boards by ${HOSTILE_ROLES.join('/')} in ${Math.max(...streamStats.map((s) => s.durationMs))} ms; ` +
        `${sum((s) => s.connections)} hostile connections, ${closedForInput} closed by the server for an update, ${sum((s) => s.timeouts)} for the handshake timeout; ` +
        `markers delivered ${markers.delivered}/${boards.reduce((n, b) => n + b.markers.length, 0)}, slowest ${markers.worstMs} ms\n` +
        `  writes per target: ${[...perTarget.entries()].map(([target, n]) => `${target} ${n}`).join(', ')}\n` +
        `  closes: ${[...closeReasons.entries()].map(([reason, n]) => `${n}x ${reason}`).join('; ')}`,
    );
  }, FUZZ_BUDGET_MS + 60_000);

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await Promise.all(servers.splice(0).map((s) => s.kill()));
  });

  it('processes 10,000 well-formed hostile updates, each one applied or refused by the server', () => {
    const connectFailures = streamStats.flatMap((s) => s.connectFailures);
    const anomalies = streamStats.flatMap((s) => s.anomalies);
    expect(firstOf(connectFailures), `${tag} sockets that could not join a board`).toEqual([]);
    expect(firstOf(anomalies), `${tag} protocol anomalies`).toEqual([]);
    expect(streamStats.reduce((n, s) => n + s.processed, 0), `${tag} updates processed within ${FUZZ_BUDGET_MS} ms`).toBeGreaterThanOrEqual(UPDATES);
  });

  it('refuses every update holding a __proto__ key, and closes others only for too many refused writes', () => {
    expect(protoSent, 'the generator made updates with __proto__ keys').toBeGreaterThan(0);
    expect(firstOf(protoAccepted), `${tag} updates with a __proto__ key the server applied`).toEqual([]);
    expect(firstOf(unexpectedCloses), `${tag} closes with unexpected codes or reasons`).toEqual([]);
  });

  it('never wedges: every marker reached the observer within 2 s, and /healthz answered throughout', () => {
    expect(firstOf(markers.failures), tag).toEqual([]);
    expect(firstOf(markers.healthFailures), tag).toEqual([]);
    const written = boards.reduce((n, board) => n + board.markers.length, 0);
    expect(markers.delivered, `${tag} markers delivered of ${written} written`).toBe(written);
    // One before, one after, and at least half of those due while the fuzzing ran.
    expect(written, `${tag} markers written`).toBeGreaterThanOrEqual(BOARDS * 2 + Math.floor(UPDATES / MARKER_EVERY / 2));
  });

  it('stays up and logs no errors', async () => {
    expect(server.process.exitCode, server.output().slice(-2000)).toBeNull();
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    const errors = server.output().split('\n').filter((line) => /"level":(50|60)/.test(line));
    expect(firstOf(errors.map((line) => line.slice(0, 400)), 5), tag).toEqual([]);
  });

  it('holds only what the layout allows, for the observer and a fresh client alike, and both agree on the records', async () => {
    for (const board of boards) {
      const fresh = client(server, board.id);
      await waitForSynced(fresh);
      const freshRecords = new YKeyValue<unknown>(fresh.doc.getArray(DocLayout.records));
      expect(layoutProblems(board.observer.doc, run, wellBehaved), `${tag} board ${board.index}, observer`).toEqual([]);
      expect(layoutProblems(fresh.doc, run, wellBehaved), `${tag} board ${board.index}, fresh client`).toEqual([]);
      expect(serverMaps(fresh.doc), `${tag} board ${board.index}: meta, session, live metrics`).toBe(board.serverMapsBefore);
      await waitFor(
        () => recordsView(board.observerRecords) === recordsView(freshRecords),
        () => `${tag} board ${board.index}: the observer, connected throughout, and a fresh client disagree on the records`,
      );
    }
  });

  it('after a restart on the same data, a fresh client sees every marker and a board that holds only what the layout allows', async () => {
    for (const c of clients.splice(0)) c.destroy();
    expect(await server.stop(), server.output().slice(-2000)).toBe(0);
    const restarted = await startServer({ dataDir: server.dataDir, env: SERVER_ENV });
    servers.push(restarted);
    for (const board of boards) {
      const fresh = client(restarted, board.id);
      await waitForSynced(fresh);
      const records = new YKeyValue<unknown>(fresh.doc.getArray(DocLayout.records));
      expect(board.markers.filter((id) => !records.has(id)), `${tag} board ${board.index}: markers missing after the restart`).toEqual([]);
      expect(layoutProblems(fresh.doc, run, wellBehaved), `${tag} board ${board.index} after the restart`).toEqual([]);
      expect(serverMaps(fresh.doc), `${tag} board ${board.index}: meta, session, live metrics after the restart`).toBe(board.serverMapsBefore);
    }
  });
});

/** What the content fuzzer found, as minimal reproductions that stay as regression tests. */
describe('content fuzz findings, minimal reproductions', () => {
  const servers: RunningServer[] = [];
  const clients: TestClient[] = [];

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await Promise.all(servers.splice(0).map((s) => s.kill()));
  });

  async function board(): Promise<{ server: RunningServer; id: string; facilitatorToken: string; join: (params?: Record<string, string>) => Promise<TestClient> }> {
    const server = await startServer();
    servers.push(server);
    const { id, facilitatorToken } = await createBoardWithToken(server, 'Finding');
    const join = async (params: Record<string, string> = {}): Promise<TestClient> => {
      const c = connectClient(server.wsUrl, id, { params });
      clients.push(c);
      await waitForSynced(c);
      return c;
    };
    return { server, id, facilitatorToken, join };
  }

  /** An editor's marker note; once the observer has it, it has everything the server sent before it. */
  async function settle(editor: TestClient, observer: TestClient, label: string): Promise<void> {
    const marker = note(`marker-${label}`, 0, 0, label);
    new YKeyValue<unknown>(editor.doc.getArray(DocLayout.records)).set(String(marker.id), marker);
    const entries = observer.doc.getArray<unknown>(DocLayout.records);
    await waitFor(() => entries.toArray().some((entry) => (entry as { key?: unknown } | null)?.key === marker.id), () => `marker ${label} never arrived`);
  }

  const recordKeys = (doc: Y.Doc): unknown[] => doc.getArray<unknown>(DocLayout.records).toArray().map((entry) => (entry as { key?: unknown } | null)?.key ?? entry);

  it('formatted text written under the records name leaves nothing in the records array, and the guard still reverts what a viewer writes after it', async () => {
    const { server, id, facilitatorToken, join } = await board();
    const editor = await join();
    const observer = await join();
    const hostile = await join();
    const viewer = await join({ token: await linkToken(server, id, facilitatorToken, 'viewer') });
    // A stock client reads the records array as a text and types bold text at its end: Yjs writes
    // the characters between two format markers, which are list items that count for nothing.
    const asText = hostile.doc.getText(DocLayout.records);
    asText.insert(asText.length, 'ab', { bold: true });
    await settle(editor, observer, 'after-text');
    // The server removed one character and one marker: Y.Array.delete(i) takes the uncounted marker
    // at position i for the entry there. 'a' stayed, for everyone and in storage.
    expect.soft(recordKeys(observer.doc), 'the records array after formatted text').not.toContain('a');

    new YKeyValue<unknown>(viewer.doc.getArray(DocLayout.records)).set('shape:by-viewer', note('by-viewer', 0, 0, 'a viewer wrote this'));
    await settle(editor, observer, 'after-viewer');
    // The guard's revert deleted the remaining marker instead of the viewer's entry, which stayed.
    expect(recordKeys(observer.doc), 'a viewer wrote a note').not.toContain('shape:by-viewer');
  });

  it('a record holding a bigint is refused like any invalid record, without reloading the board', async () => {
    const { server, join } = await board();
    const editor = await join();
    const observer = await join();
    const writer = await join();
    const record: Record<string, unknown> = { ...note('bigint', 0, 0, 'bigint'), y: 10n };
    new YKeyValue<unknown>(writer.doc.getArray(DocLayout.records)).set(String(record.id), record);
    await settle(editor, observer, 'after-bigint');
    expect(recordKeys(observer.doc)).not.toContain(record.id);
    // The size rule (writeRules.ts, JSON.stringify of the record) throws on it; the update then
    // counts as having broken the board, which is reloaded from storage while every participant's
    // messages wait, and the writer is closed with 'message could not be applied'.
    const reloads = server.output().split('\n').filter((line) => line.includes('reloading it from storage'));
    expect(reloads.map((line) => line.slice(0, 300)), 'board reloads').toEqual([]);
  });

  it('an update whose dependency never arrives is neither stored nor handed to anyone', async () => {
    const { server, id, join } = await board();
    const editor = await join();
    const observer = await join();
    // Two writes of one hostile client; the server only ever gets the second, which Yjs cannot
    // place without the first and keeps aside, unchecked by any guard.
    const writer = seededDoc(seededRandom(21));
    writer.getMap<unknown>('undeclared').set('first', 1);
    const before = Y.encodeStateVector(writer);
    writer.getMap<unknown>('undeclared').set('second', 'x'.repeat(20_000));
    const second = Y.encodeStateAsUpdate(writer, before);
    const frame = updateFrame(second);
    const sent = await runFuzz({
      url: `${server.wsUrl}/sync/${id}`,
      total: 1,
      generate: (index) => ({ index, kind: 'valid-update', detail: 'the second of two updates', data: frame, text: false, expect: 'any' }),
      sockets: 1,
      depth: 1,
      deadline: Date.now() + 10_000,
    });
    expect(sent.processed).toBe(1);
    // Any write that the guards revert makes the server encode its change from the doc, which
    // (Y.encodeStateAsUpdate) also carries what is kept aside: it is broadcast and stored.
    editor.doc.getMap<unknown>('undeclared-too').set('k', 'v');
    await settle(editor, observer, 'after-pending');
    for (const c of clients.splice(0)) c.destroy();
    expect(await server.stop()).toBe(0);
    const restarted = await startServer({ dataDir: server.dataDir });
    servers.push(restarted);
    const fresh = connectClient(restarted.wsUrl, id);
    clients.push(fresh);
    await waitForSynced(fresh);
    expect(fresh.doc.store.pendingStructs?.update.byteLength ?? 0, 'bytes of the unplaced update a newcomer downloads').toBe(0);
  });
});
