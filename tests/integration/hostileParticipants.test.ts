/**
 * Every participant may be hostile: with a stock y-websocket client and a valid link, each role
 * tries writes of every kind into every top-level structure a board may hold (and some it may
 * not). Counts what the server accepted that the role may not write (must be 0), watches an
 * observer's doc after every transaction it applies (nothing forbidden may show, even briefly),
 * checks the board stays live after each case, and reads the board back after a restart.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  CloseCode,
  CreatedBoardSchema,
  DocLayout,
  MessageType,
  MetaKey,
  newProfileKey,
  PROFILE_KEY_QUERY_PARAM,
  profileRecordIdFromKey,
  ShareLinkSchema,
  type Role,
} from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

const ADMIN = 'admin-token-0123456789';
const ROLES: readonly Role[] = ['viewer', 'commenter', 'editor', 'facilitator'];

let server: RunningServer;
let boardId: string;
const tokens = new Map<Role, string>();
const clients: TestClient[] = [];

async function post(path: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

function connect(role: Role, params: Record<string, string> = {}): TestClient {
  const client = connectClient(server.wsUrl, boardId, { params: { token: tokens.get(role) ?? '', ...params } });
  let destroyed = false;
  const once: TestClient = {
    ...client,
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      client.destroy();
    },
  };
  clients.push(once);
  return once;
}

const keyValues = new WeakMap<Y.Doc, YKeyValue<unknown>>();

/** One YKeyValue per doc: each one observes its array for as long as the doc lives. */
function records(doc: Y.Doc): YKeyValue<unknown> {
  let kv = keyValues.get(doc);
  if (!kv) {
    kv = new YKeyValue<unknown>(doc.getArray(DocLayout.records));
    keyValues.set(doc, kv);
  }
  return kv;
}

/** Counts the record-rejection messages (type 101) a client with ?ext=1 receives. */
function countRejections(client: TestClient): { count: number } {
  const seen = { count: 0 };
  client.provider.messageHandlers[MessageType.RecordRejected] = (_encoder, decoder) => {
    decoding.readVarString(decoder);
    decoding.readVarString(decoder);
    seen.count += 1;
  };
  return seen;
}

/** A keyed entry (as a map would hold) in a root that is a list, or a list entry in a root that is a map: no stock API writes these. */
function craftedEntry(client: number, clock: number, root: string, key: string | null, value: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeUint8(e, key === null ? 8 : 8 | 0b100000);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, root);
  if (key !== null) encoding.writeVarString(e, key);
  encoding.writeVarUint(e, 1);
  encoding.writeAny(e, value as Parameters<typeof encoding.writeAny>[1]);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

let craftedClients = 0;
/** Crafted structs come from a client id of their own: Yjs renews a doc's id when a remote update advances it. */
function freshClientId(): number {
  craftedClients += 1;
  return 900_000_000 + craftedClients;
}

interface HostileWrite {
  name: string;
  /** Roles allowed to make this write (it is then not counted as forbidden). */
  allowedFor: readonly Role[];
  write(doc: Y.Doc, self: { profileId: string }): void;
}

const FACILITATOR_NOTE = 'shape:facilitator-note';
const otherProfile = profileRecordIdFromKey(newProfileKey());
const olderSchema = { schemaVersion: 2, sequences: { 'com.tldraw.shape': 0 } };
const BIG = 'x'.repeat(200_000);

const WRITES: readonly HostileWrite[] = [
  { name: 'records: add a note', allowedFor: ['editor', 'facilitator'], write: (doc) => records(doc).set('shape:hostile-note', note('hostile-note', 100, 100, 'hostile')) },
  {
    name: "records: overwrite the facilitator's note",
    allowedFor: ['editor', 'facilitator'],
    write: (doc) => records(doc).set(FACILITATOR_NOTE, note('facilitator-note', 400, 400, 'rewritten by someone')),
  },
  { name: "records: delete the facilitator's note", allowedFor: ['editor', 'facilitator'], write: (doc) => records(doc).delete(FACILITATOR_NOTE) },
  {
    name: "records: write another participant's profile",
    allowedFor: [],
    write: (doc) => records(doc).set(otherProfile, { id: otherProfile, typeName: 'user', name: 'Impersonated', color: '#ff0000', locale: 'en', meta: {} }),
  },
  {
    name: 'records: a 200 KB profile of its own',
    allowedFor: [],
    write: (doc, { profileId }) => records(doc).set(profileId, { id: profileId, typeName: 'user', name: BIG, color: '#00ff00', locale: 'en', meta: {} }),
  },
  { name: 'records: a keyed entry in the list', allowedFor: [], write: (doc) => Y.applyUpdate(doc, craftedEntry(freshClientId(), 0, DocLayout.records, 'hidden', BIG)) },
  {
    name: 'comments: a thread entry that is no thread',
    allowedFor: [],
    write: (doc) => new YKeyValue<unknown>(doc.getArray(DocLayout.comments)).set('thread:bogus', { typeName: 'nonsense' }),
  },
  { name: 'meta: an older stored schema', allowedFor: [], write: (doc) => doc.getMap(DocLayout.meta).set(MetaKey.schema, olderSchema) },
  { name: 'meta: a new key', allowedFor: [], write: (doc) => doc.getMap(DocLayout.meta).set('owner', 'me') },
  { name: 'meta: delete the stored schema', allowedFor: [], write: (doc) => doc.getMap(DocLayout.meta).delete(MetaKey.schema) },
  { name: 'meta: a list entry', allowedFor: [], write: (doc) => Y.applyUpdate(doc, craftedEntry(freshClientId(), 0, DocLayout.meta, null, 'list entry')) },
  { name: 'session: start a timer', allowedFor: [], write: (doc) => doc.getMap(DocLayout.session).set('timer', { running: true, endsAt: 1 }) },
  { name: 'live metrics: forge a badge', allowedFor: [], write: (doc) => doc.getMap(DocLayout.liveMetrics).set('shape:facilitator-note', [{ metric: 'nps', value: 100 }]) },
  { name: 'undeclared map: 200 KB', allowedFor: [], write: (doc) => doc.getMap('x').set('p', BIG) },
  { name: 'undeclared text', allowedFor: [], write: (doc) => doc.getText('notes').insert(0, 'unseen text') },
  { name: 'undeclared array', allowedFor: [], write: (doc) => doc.getArray('list').push(['unseen entry']) },
];

/** What a write left behind, as any client would read it; empty when nothing is there. */
function forbiddenTraces(doc: Y.Doc, schema: unknown): string[] {
  const traces: string[] = [];
  const kv = records(doc);
  if (kv.has('shape:hostile-note')) traces.push('hostile note');
  const facilitatorNote = kv.get(FACILITATOR_NOTE) as { x?: number } | undefined;
  if (facilitatorNote?.x !== 0) traces.push(`facilitator note changed: ${JSON.stringify(facilitatorNote)?.slice(0, 60)}`);
  if (kv.has(otherProfile)) traces.push('impersonated profile');
  for (const { val } of kv.yarray.toArray()) {
    if (JSON.stringify(val).length > 100_000) traces.push('200 KB record');
  }
  if ([...doc.getArray(DocLayout.records)._map.values()].some((item) => !item.deleted)) traces.push('keyed entry in the records list');
  if (doc.getArray(DocLayout.comments).length > 0) traces.push('comments entry');
  const meta = doc.getMap(DocLayout.meta);
  let metaListEntries = 0;
  for (let item = meta._start; item !== null; item = item.right) if (!item.deleted) metaListEntries += 1;
  if (JSON.stringify(meta.get(MetaKey.schema)) !== JSON.stringify(schema) || meta.size !== 1 || metaListEntries > 0) traces.push(`meta: ${JSON.stringify(meta.toJSON()).slice(0, 80)}`);
  if (doc.getMap(DocLayout.session).size > 0) traces.push('session');
  if (doc.getMap(DocLayout.liveMetrics).size > 0) traces.push('live metrics');
  for (const [name, type] of doc.share) {
    if (name in { [DocLayout.records]: 1, [DocLayout.comments]: 1, [DocLayout.meta]: 1, [DocLayout.session]: 1, [DocLayout.liveMetrics]: 1 }) continue;
    let visible = [...type._map.values()].some((item) => !item.deleted);
    for (let item = type._start; item !== null; item = item.right) if (!item.deleted) visible = true;
    if (visible) traces.push(`undeclared ${name}`);
  }
  return traces;
}

beforeAll(async () => {
  server = await startServer({ env: { ANONYMOUS_ROLE: 'none', BOARD_CREATION: 'admin', ADMIN_TOKEN: ADMIN } });
  const created = await post('/api/boards', ADMIN, { title: 'Hostile workshop' });
  const board = CreatedBoardSchema.parse(await created.json());
  boardId = board.id;
  tokens.set('facilitator', board.facilitatorToken);
  for (const role of ['editor', 'commenter', 'viewer'] as const) {
    const link = ShareLinkSchema.parse(await (await post(`/api/boards/${boardId}/links`, board.facilitatorToken, { role, label: role })).json());
    tokens.set(role, link.token);
  }
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server.kill();
});

describe('hostile participants', () => {
  it('accept none of the writes a role may not make, show none of them to anyone even briefly, store none, and the board stays live', async () => {
    const facilitator = connect('facilitator');
    const observer = connect('viewer');
    await Promise.all([waitForSynced(facilitator), waitForSynced(observer)]);
    const schema = observer.doc.getMap(DocLayout.meta).get(MetaKey.schema);
    expect(schema).toBeDefined();
    records(facilitator.doc).set(FACILITATOR_NOTE, { ...note('facilitator-note', 100, 100, 'keep me'), x: 0 });
    await waitFor(() => records(observer.doc).has(FACILITATOR_NOTE), () => 'the facilitator note never arrived');

    // After every transaction the observer applies, nothing forbidden may be visible.
    const seenByObserver: string[] = [];
    observer.doc.on('afterTransaction', () => {
      for (const trace of forbiddenTraces(observer.doc, schema)) seenByObserver.push(trace);
    });

    const tried = new Map<Role, number>();
    const accepted = new Map<Role, string[]>();
    let marker = 0;
    for (const role of ROLES) {
      for (const hostileWrite of WRITES) {
        if (hostileWrite.allowedFor.includes(role)) continue;
        const profileKey = newProfileKey();
        const hostile = connect(role, { ext: '1', [PROFILE_KEY_QUERY_PARAM]: profileKey });
        const rejections = countRejections(hostile);
        await waitForSynced(hostile);
        hostileWrite.write(hostile.doc, { profileId: profileRecordIdFromKey(profileKey) });
        tried.set(role, (tried.get(role) ?? 0) + 1);
        // Refused writes are reverted at the writer too, and it is told why.
        await waitFor(
          () => rejections.count > 0 && forbiddenTraces(hostile.doc, schema).length === 0,
          () => `${role}: ${hostileWrite.name}: rejections ${rejections.count}, left at the writer: ${forbiddenTraces(hostile.doc, schema).join('; ')}`,
        );
        const traces = forbiddenTraces(observer.doc, schema);
        if (traces.length > 0) accepted.set(role, [...(accepted.get(role) ?? []), `${hostileWrite.name}: ${traces.join('; ')}`]);
        // The board stays live: the next edit of another participant arrives within a second.
        marker += 1;
        const markerId = `shape:marker-${marker}`;
        records(facilitator.doc).set(markerId, note(`marker-${marker}`, 600, 100 * marker, `marker ${marker}`));
        await waitFor(() => records(observer.doc).has(markerId), () => `marker after "${role}: ${hostileWrite.name}" did not arrive within a second`, 1_000);
        hostile.destroy();
      }
    }
    console.log(`hostile writes tried per role: ${JSON.stringify(Object.fromEntries(tried))}; accepted: ${JSON.stringify(Object.fromEntries([...accepted].map(([r, l]) => [r, l.length])))}`);
    expect(Object.fromEntries(accepted)).toEqual({});
    expect(seenByObserver).toEqual([]);

    // Nothing was stored: a fresh participant after a restart sees the board as the facilitator left it.
    const port = server.port;
    const dataDir = server.dataDir;
    for (const client of clients.splice(0)) client.destroy();
    await server.stop();
    server = await startServer({ dataDir, port, env: { ANONYMOUS_ROLE: 'none', BOARD_CREATION: 'admin', ADMIN_TOKEN: ADMIN } });
    const fresh = connect('viewer');
    await waitForSynced(fresh);
    expect(forbiddenTraces(fresh.doc, schema)).toEqual([]);
    expect(records(fresh.doc).has(`shape:marker-${marker}`)).toBe(true);
  });

  it("keeps the board live for everyone when a participant sends a value with a __proto__ key, in any structure, as any role", async () => {
    const facilitator = connect('facilitator');
    const observer = connect('viewer');
    await Promise.all([waitForSynced(facilitator), waitForSynced(observer)]);
    const poison = (): Record<string, unknown> => {
      const value: Record<string, unknown> = { ok: 1 };
      Object.defineProperty(value, '__proto__', { value: new Uint8Array([1, 2, 3]), enumerable: true, configurable: true, writable: true });
      return value;
    };
    const cases: { role: Role; write: (doc: Y.Doc) => void }[] = [
      { role: 'viewer', write: (doc) => doc.getMap('x').set('p', poison()) },
      { role: 'commenter', write: (doc) => new YKeyValue<unknown>(doc.getArray(DocLayout.comments)).set('thread:t', poison()) },
      { role: 'editor', write: (doc) => records(doc).set('shape:poison', { ...note('poison', 0, 0, 'poison'), meta: poison() }) },
    ];
    for (const [index, { role, write }] of cases.entries()) {
      const hostile = connect(role);
      await waitForSynced(hostile);
      const closed = new Promise<number>((resolve) => hostile.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
      write(hostile.doc);
      expect(await closed).toBe(CloseCode.MalformedMessage);
      hostile.destroy();
      // Another participant's next edit is stored and arrives within a second.
      const id = `shape:after-poison-${index}`;
      records(facilitator.doc).set(id, note(`after-poison-${index}`, 100, 100 * index, 'still live'));
      await waitFor(() => records(observer.doc).has(id), () => `edit after the ${role}'s poison did not arrive`, 1_000);
      // A participant of the same role coming back is not turned away, and gets the latest board.
      const returning = connect(role);
      await waitForSynced(returning);
      expect(records(returning.doc).has(id)).toBe(true);
      expect(returning.provider.wsconnected).toBe(true);
      returning.destroy();
    }
    const raw = new WebSocket(`${server.wsUrl}/sync/${boardId}?token=${tokens.get('viewer')}`);
    await new Promise((resolve) => raw.once('open', resolve));
    raw.close();
  });
});
