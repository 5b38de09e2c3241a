// @vitest-environment happy-dom
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createShapeId, createTLStore, type TLGeoShape, type TLShapeId } from 'tldraw';
import { storeShapeUtils } from '../../../client/src/board/canvasShapeUtils.ts';
import { getRecordsKeyValue, readDocSchema } from '../../../client/src/sync/boardDoc.ts';
import { createBoardSchema, DocLayout, MetaKey } from '../../../shared/src/index.ts';
import { bindStoreToYDoc, type StoreBinding } from '../../../client/src/sync/storeBinding.ts';
import { createEmptyStore, createHeadlessPeer, linkDocs, NETWORK, type HeadlessPeer } from './peers.ts';

const FLUSH_MS = 30;

function drawRectangle(peer: HeadlessPeer, id: TLShapeId, x = 100): void {
  peer.editor.createShape<TLGeoShape>({ id, type: 'geo', x, y: 50, props: { w: 120, h: 80 } });
}

/** Writes raw values as a remote peer would, bypassing any client-side validation. */
function writeAsRemotePeer(doc: Y.Doc, entries: Record<string, object>): void {
  const peerDoc = new Y.Doc();
  Y.applyUpdate(peerDoc, Y.encodeStateAsUpdate(doc));
  const records = getRecordsKeyValue(peerDoc);
  peerDoc.transact(() => {
    for (const [key, value] of Object.entries(entries)) records.set(key, value);
  });
  // Origin is the peer itself, like a provider, so linked docs forward the update.
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(peerDoc, Y.encodeStateVector(doc)), peerDoc);
}

describe('bindStoreToYDoc', () => {
  let bindings: StoreBinding[];
  let warn: MockInstance<typeof console.warn>;

  beforeEach(() => {
    vi.useFakeTimers();
    bindings = [];
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    for (const binding of bindings) binding.dispose();
    vi.useRealTimers();
    warn.mockRestore();
  });

  function bind(...args: Parameters<typeof bindStoreToYDoc>): StoreBinding {
    const binding = bindStoreToYDoc(...args);
    bindings.push(binding);
    return binding;
  }

  /** Two editors on two docs, linked like clients of one server; A seeded the board. */
  function twoLinkedPeers() {
    const a = createHeadlessPeer('Ada');
    const docA = new Y.Doc();
    const bindingA = bind(a.store, docA, { flushIntervalMs: FLUSH_MS });
    const docB = new Y.Doc();
    linkDocs(docA, docB);
    const b = createEmptyStore();
    const onInvalidRecord = vi.fn();
    const bindingB = bind(b, docB, { flushIntervalMs: FLUSH_MS, onInvalidRecord });
    return { a, docA, bindingA, b, docB, bindingB, onInvalidRecord };
  }

  it('seeds an empty doc from the store, leaving the stored schema to the server, and loads it into another store', () => {
    const a = createHeadlessPeer('Ada');
    const shapeId = createShapeId('seeded');
    drawRectangle(a, shapeId);
    const docA = new Y.Doc();
    bind(a.store, docA);

    expect(getRecordsKeyValue(docA).get(shapeId)).toMatchObject({ id: shapeId, type: 'geo' });
    expect(readDocSchema(docA)).toBeUndefined();

    const docB = new Y.Doc();
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA));
    const b = createEmptyStore();
    bind(b, docB);
    expect(b.get(shapeId)).toMatchObject({ id: shapeId, props: { w: 120, h: 80 } });
    expect(b.get(a.editor.getCurrentPageId())).toBeDefined();
  });

  it('sends a local change to the other peer after the flush interval', () => {
    const { a, b } = twoLinkedPeers();
    const shapeId = createShapeId('local');
    drawRectangle(a, shapeId);
    expect(b.get(shapeId)).toBeUndefined();

    vi.advanceTimersByTime(FLUSH_MS);
    expect(b.get(shapeId)).toMatchObject({ x: 100 });

    a.editor.updateShape({ id: shapeId, type: 'geo', x: 300 });
    vi.advanceTimersByTime(FLUSH_MS);
    expect(b.get(shapeId)).toMatchObject({ x: 300 });
  });

  it('applies remote changes to the store as remote changes, without echoing them back', () => {
    const { a, b, docB } = twoLinkedPeers();
    const userChangesInB = vi.fn();
    b.listen(userChangesInB, { source: 'user', scope: 'document' });
    const updatesFromB = vi.fn();
    docB.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== NETWORK) updatesFromB(origin);
    });

    drawRectangle(a, createShapeId('remote'));
    vi.advanceTimersByTime(FLUSH_MS * 3);

    expect(b.get(createShapeId('remote'))).toBeDefined();
    expect(userChangesInB).not.toHaveBeenCalled();
    expect(updatesFromB).not.toHaveBeenCalled();
  });

  it('keeps the unchanged parts of a card another participant moves, so what tldraw cached for it stays valid', () => {
    const { a, b } = twoLinkedPeers();
    const id = createShapeId('moved');
    drawRectangle(a, id);
    vi.advanceTimersByTime(FLUSH_MS * 3);
    const before = b.get(id);
    if (!before) throw new Error('shape never arrived');
    const storeChanges = vi.fn();
    b.listen(storeChanges, { scope: 'document' });

    a.editor.updateShape({ id, type: 'geo', x: 400 });
    vi.advanceTimersByTime(FLUSH_MS * 3);
    const moved = b.get(id) as TLGeoShape;
    expect(moved.x).toBe(400);
    expect(moved.props).toBe(before.props);
    expect(moved.meta).toBe(before.meta);

    a.editor.updateShape({ id, type: 'geo', props: { w: 300 } });
    vi.advanceTimersByTime(FLUSH_MS * 3);
    const resized = b.get(id) as TLGeoShape;
    expect(resized.props.w).toBe(300);
    expect(resized.props.richText).toBe(moved.props.richText);
    expect(storeChanges).toHaveBeenCalledTimes(2);
  });

  it('can apply remote changes once per frame: many remote transactions become one store change', () => {
    const a = createHeadlessPeer('Ada');
    const docA = new Y.Doc();
    bind(a.store, docA, { flushIntervalMs: FLUSH_MS });
    const docB = new Y.Doc();
    linkDocs(docA, docB);
    const b = createEmptyStore();
    const frames: (() => void)[] = [];
    bind(b, docB, { flushIntervalMs: FLUSH_MS, scheduleRemoteApply: (apply) => frames.push(apply) });
    const storeChanges = vi.fn();
    b.listen(storeChanges, { source: 'remote', scope: 'document' });

    const id = createShapeId('dragged');
    drawRectangle(a, id, 0);
    vi.advanceTimersByTime(FLUSH_MS);
    for (let x = 1; x <= 5; x++) {
      a.editor.updateShape<TLGeoShape>({ id, type: 'geo', x: x * 10 });
      vi.advanceTimersByTime(FLUSH_MS);
    }
    expect(b.get(id)).toBeUndefined();
    expect(frames).toHaveLength(1);

    frames.shift()?.();
    expect(storeChanges).toHaveBeenCalledTimes(1);
    expect((b.get(id) as TLGeoShape | undefined)?.x).toBe(50);
  });

  it('keeps a local edit over a remote change still waiting for its frame', () => {
    const { a, docA } = twoLinkedPeers();
    const docC = new Y.Doc();
    linkDocs(docA, docC);
    const c = createHeadlessPeer('Cleo');
    const frames: (() => void)[] = [];
    bind(c.store, docC, { flushIntervalMs: FLUSH_MS, scheduleRemoteApply: (apply) => frames.push(apply) });
    const id = createShapeId('contested');
    drawRectangle(a, id, 0);
    vi.advanceTimersByTime(FLUSH_MS);
    frames.shift()?.();
    a.editor.updateShape<TLGeoShape>({ id, type: 'geo', x: 111 });
    vi.advanceTimersByTime(FLUSH_MS);
    // Cleo moves the shape before Ada's move was applied to her store.
    c.editor.updateShape<TLGeoShape>({ id, type: 'geo', x: 222 });
    frames.shift()?.();
    vi.advanceTimersByTime(FLUSH_MS * 2);
    expect((c.store.get(id) as TLGeoShape | undefined)?.x).toBe(222);
    expect((a.store.get(id) as TLGeoShape | undefined)?.x).toBe(222);
  });

  it('keeps a local edit that is not flushed yet over a remote change that arrives after it', () => {
    const { a, docA } = twoLinkedPeers();
    const docC = new Y.Doc();
    linkDocs(docA, docC);
    const c = createHeadlessPeer('Cleo');
    bind(c.store, docC, { flushIntervalMs: FLUSH_MS });
    const id = createShapeId('typed-into');
    drawRectangle(a, id, 0);
    vi.advanceTimersByTime(FLUSH_MS);
    c.editor.updateShape<TLGeoShape>({ id, type: 'geo', x: 150 });
    vi.advanceTimersByTime(1);
    // Cleo's next edit waits for her flush interval; meanwhile another peer's older view of the
    // record arrives.
    c.editor.updateShape<TLGeoShape>({ id, type: 'geo', x: 222 });
    writeAsRemotePeer(docA, { [id]: { ...(c.store.get(id) as TLGeoShape), x: 111 } });
    expect((c.store.get(id) as TLGeoShape | undefined)?.x).toBe(222);
    vi.advanceTimersByTime(FLUSH_MS);
    // Her edit reaches the doc after the other one, so it wins there too: everyone agrees.
    expect((getRecordsKeyValue(docC).get(id) as TLGeoShape | undefined)?.x).toBe(222);
    expect((c.store.get(id) as TLGeoShape | undefined)?.x).toBe(222);
    expect((a.store.get(id) as TLGeoShape | undefined)?.x).toBe(222);
  });

  it('does not seed an empty doc for a participant who may not write', () => {
    const viewer = createHeadlessPeer('Vera');
    const doc = new Y.Doc();
    bind(viewer.store, doc, { flushIntervalMs: FLUSH_MS, seedEmptyDoc: false });
    vi.advanceTimersByTime(FLUSH_MS * 3);
    expect(getRecordsKeyValue(doc).map.size).toBe(0);
  });

  it('propagates deletes', () => {
    const { a, docB, b } = twoLinkedPeers();
    const shapeId = createShapeId('doomed');
    drawRectangle(a, shapeId);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(b.get(shapeId)).toBeDefined();

    a.editor.deleteShape(shapeId);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(getRecordsKeyValue(docB).has(shapeId)).toBe(false);
    expect(b.get(shapeId)).toBeUndefined();
  });

  it('skips and reports invalid remote records while applying the rest of the batch', () => {
    const { a, docA, docB, b, onInvalidRecord } = twoLinkedPeers();
    const existingId = createShapeId('existing');
    drawRectangle(a, existingId);
    vi.advanceTimersByTime(FLUSH_MS);
    const existing = b.get(existingId);
    if (!existing) throw new Error('shape did not arrive');

    const wrongPropsId = createShapeId('wrong-props');
    const newValidId = createShapeId('new-valid');
    writeAsRemotePeer(docB, {
      [existingId]: { ...existing, x: 999 },
      [wrongPropsId]: { ...existing, id: wrongPropsId, props: { ...existing.props, w: 'wide' } },
      'sticker:unknown': { id: 'sticker:unknown', typeName: 'sticker' },
      [createShapeId('mismatched-key')]: { ...existing, id: createShapeId('other') },
      [newValidId]: { ...existing, id: newValidId, y: 400 },
    });

    expect(b.get(existingId)).toMatchObject({ x: 999 });
    expect(b.get(newValidId)).toMatchObject({ y: 400 });
    expect(b.get(wrongPropsId)).toBeUndefined();
    expect(b.get('sticker:unknown' as TLShapeId)).toBeUndefined();
    const reportedIds = onInvalidRecord.mock.calls.map(([id]) => id as string).sort();
    expect(reportedIds).toEqual(
      [wrongPropsId, 'sticker:unknown', createShapeId('mismatched-key')].sort(),
    );
    expect(warn).toHaveBeenCalled();
    // The invalid records stay in the doc for peers that may understand them; A is unaffected.
    expect(getRecordsKeyValue(docA).has(wrongPropsId)).toBe(true);
  });

  it('loads the valid records of a doc that also holds an invalid one', () => {
    const { a, docA, bindingA } = twoLinkedPeers();
    drawRectangle(a, createShapeId('kept'));
    bindingA.flush();
    writeAsRemotePeer(docA, { [createShapeId('broken')]: { id: createShapeId('broken'), typeName: 'shape' } });

    const lateJoiner = createEmptyStore();
    const docC = new Y.Doc();
    Y.applyUpdate(docC, Y.encodeStateAsUpdate(docA));
    const onInvalidRecord = vi.fn();
    bind(lateJoiner, docC, { onInvalidRecord });

    expect(lateJoiner.get(createShapeId('kept'))).toBeDefined();
    expect(onInvalidRecord).toHaveBeenCalledWith(createShapeId('broken'), expect.any(Error));
  });

  it('batches local changes into one Yjs transaction per flush, at most once per interval', () => {
    const { a, docA, bindingA } = twoLinkedPeers();
    const localTransactions = vi.fn();
    docA.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === bindingA.origin) localTransactions();
    });
    const shapeId = createShapeId('dragged');
    drawRectangle(a, shapeId);
    for (let step = 1; step <= 20; step++) a.editor.updateShape({ id: shapeId, type: 'geo', x: 100 + step });
    expect(localTransactions).not.toHaveBeenCalled();

    vi.advanceTimersByTime(0);
    expect(localTransactions).toHaveBeenCalledTimes(1);
    expect(getRecordsKeyValue(docA).get(shapeId)).toMatchObject({ x: 120 });

    a.editor.updateShape({ id: shapeId, type: 'geo', x: 500 });
    a.editor.updateShape({ id: shapeId, type: 'geo', x: 501 });
    vi.advanceTimersByTime(FLUSH_MS - 1);
    expect(localTransactions).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(localTransactions).toHaveBeenCalledTimes(2);
    expect(getRecordsKeyValue(docA).get(shapeId)).toMatchObject({ x: 501 });
  });

  it('flushes pending edits on dispose and stops syncing afterwards', () => {
    const { a, b, bindingA } = twoLinkedPeers();
    drawRectangle(a, createShapeId('last-words'));
    bindingA.dispose();
    expect(b.get(createShapeId('last-words'))).toBeDefined();

    drawRectangle(a, createShapeId('after-dispose'), 600);
    vi.advanceTimersByTime(FLUSH_MS * 3);
    expect(b.get(createShapeId('after-dispose'))).toBeUndefined();
  });

  it('writes the same schema the server stores, so a current board needs no migration in the browser', () => {
    const boardStore = createTLStore({ shapeUtils: storeShapeUtils });
    expect(boardStore.schema.serialize()).toEqual(createBoardSchema().serialize());
  });

  it('reads records written with an older schema migrated, without writing the doc (the server migrates it)', () => {
    const seeder = createHeadlessPeer('Old');
    const shapeId = createShapeId('old');
    drawRectangle(seeder, shapeId);
    const doc = new Y.Doc();
    bind(seeder.store, doc);

    const currentSchema = seeder.store.schema.serialize();
    const olderSchema = {
      ...currentSchema,
      sequences: { ...currentSchema.sequences, 'com.tldraw.shape.geo': 11 },
    };
    const records = getRecordsKeyValue(doc);
    const shape = records.get(shapeId) as TLGeoShape;
    const { flipX: _flipX, flipY: _flipY, ...propsBeforeFlip } = shape.props;
    doc.transact(() => {
      records.set(shapeId, { ...shape, props: propsBeforeFlip });
      doc.getMap(DocLayout.meta).set(MetaKey.schema, olderSchema);
    });

    const docC = new Y.Doc();
    Y.applyUpdate(docC, Y.encodeStateAsUpdate(doc));
    const store = createEmptyStore();
    const onInvalidRecord = vi.fn();
    bind(store, docC, { onInvalidRecord });

    expect(onInvalidRecord).not.toHaveBeenCalled();
    expect(store.get(shapeId)).toMatchObject({ props: { flipX: false, flipY: false } });
    const stateBefore = Y.encodeStateVector(docC);
    vi.advanceTimersByTime(FLUSH_MS * 3);
    expect(Y.encodeStateVector(docC)).toEqual(stateBefore);
    expect(readDocSchema(docC)).toEqual(olderSchema);
  });
});
