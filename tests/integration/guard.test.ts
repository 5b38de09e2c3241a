import * as decoding from 'lib0/decoding';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, DocLayout, MessageType } from '../../shared/src/index.ts';
import { createBoard, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';
import { journeyMap, note, fixedMapProps } from '../unit/journey/fixtures.ts';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});

async function boardWithClients(env: Record<string, string> = {}) {
  const server = await startServer({ env });
  servers.push(server);
  const boardId = await createBoard(server.url);
  const writer = connectClient(server.wsUrl, boardId, { params: { ext: '1' } });
  const observer = connectClient(server.wsUrl, boardId);
  clients.push(writer, observer);
  await Promise.all([waitForSynced(writer), waitForSynced(observer)]);
  const rejections: { id: string; reason: string }[] = [];
  writer.provider.messageHandlers[MessageType.RecordRejected] = (_encoder, decoder) => {
    rejections.push({ id: decoding.readVarString(decoder), reason: decoding.readVarString(decoder) });
  };
  return { server, boardId, writer, observer, rejections };
}

function records(client: TestClient): YKeyValue<unknown> {
  return new YKeyValue<unknown>(client.doc.getArray(DocLayout.records));
}

const validNote = note('valid', 100, 100, 'A valid card');
const invalidShape = { ...note('invalid', 300, 100, 'Broken'), props: { color: 42, richText: 'not rich text' } };

describe('record guard', () => {
  it('reverts an invalid record for everyone, keeps valid edits of the same update, and tells the sender why', async () => {
    const { writer, observer, rejections } = await boardWithClients();
    const kv = records(writer);
    writer.doc.transact(() => {
      kv.set('shape:valid', validNote);
      kv.set('shape:invalid', invalidShape);
    });
    const observed = records(observer);
    await waitFor(() => observed.has('shape:valid'), () => 'valid card never arrived');
    await waitFor(() => !kv.has('shape:invalid'), () => 'invalid record was not reverted at the writer');
    await waitFor(() => !observed.has('shape:invalid'), () => 'invalid record was not reverted for the others');
    expect(observed.get('shape:valid')).toEqual(validNote);
    await waitFor(() => rejections.length === 1, () => 'no rejection message');
    expect(rejections[0]).toMatchObject({ id: 'shape:invalid' });
    expect(rejections[0]?.reason).toMatch(/invalid shape/);
  });

  it('restores the previous version when a valid record is overwritten with an invalid one', async () => {
    const { writer, observer } = await boardWithClients();
    const kv = records(writer);
    const props = fixedMapProps(['One', 'Two'], ['steps']);
    kv.set('shape:map', journeyMap('map', 0, 0, props));
    const observed = records(observer);
    await waitFor(() => observed.has('shape:map'), () => 'map never arrived');
    kv.set('shape:map', journeyMap('map', 0, 0, { ...props, stages: [] }));
    await waitFor(
      () => (kv.get('shape:map') as { props: { stages: unknown[] } } | undefined)?.props.stages.length === 2,
      () => 'the map was not restored',
    );
    expect((observed.get('shape:map') as { props: { stages: unknown[] } }).props.stages).toHaveLength(2);
  });

  it('rejects records that do not belong in the document or whose id does not match the key', async () => {
    const { writer, rejections } = await boardWithClients();
    const kv = records(writer);
    kv.set('instance_presence:x', { id: 'instance_presence:x', typeName: 'instance_presence' });
    kv.set('shape:mismatch', { ...validNote, id: 'shape:other' });
    await waitFor(() => rejections.length === 2, () => `rejections: ${JSON.stringify(rejections)}`);
    expect(rejections.map((r) => r.reason)).toEqual([
      expect.stringMatching(/do not belong in the document/),
      expect.stringMatching(/does not match its key/),
    ]);
    await waitFor(() => !kv.has('instance_presence:x') && !kv.has('shape:mismatch'), () => 'records were not reverted');
  });

  it('disconnects a client that keeps sending invalid records, with a reason', async () => {
    const { writer, observer } = await boardWithClients({ MAX_REJECTIONS_PER_MINUTE: '5' });
    const closes: { code: number; reason: string }[] = [];
    writer.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });
    const kv = records(writer);
    for (let i = 0; i < 8 && closes.length === 0; i++) {
      kv.set(`shape:bad${i}`, { ...invalidShape, id: `shape:bad${i}` });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => closes.length > 0, () => 'writer was not disconnected');
    expect(closes[0]?.code).toBe(CloseCode.MalformedMessage);
    expect(closes[0]?.reason).toMatch(/too many invalid records/);
    // The board stays usable for everyone else.
    const other = connectClient(servers[0]?.wsUrl ?? '', writer.provider.roomname);
    clients.push(other);
    await waitForSynced(other);
    records(other).set('shape:valid', validNote);
    await waitFor(() => records(observer).has('shape:valid'), () => 'board stopped syncing');
    expect([...records(observer).map.keys()].filter((k) => k.startsWith('shape:bad'))).toEqual([]);
  });
});
