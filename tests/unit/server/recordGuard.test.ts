/**
 * The record guard reverts what a participant may not do by writing the old record back. Its
 * restores are transactions of its own, opened inside the records observer; the guard must keep
 * seeing the records it restored, or the next attempt at the same change goes through.
 */
import { describe, expect, it } from 'vitest';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import { RecordGuard } from '../../../server/src/guard/recordGuard.ts';
import { DEFAULT_WRITE_RULES } from '../../../server/src/guard/writeRules.ts';
import { createBoardSchema } from '../../../shared/src/boardSchema.ts';
import { DocLayout } from '../../../shared/src/docLayout.ts';

/** A swimlane frame of a journey-map template, locked by the facilitator. */
function lockedShape(id: string, y: number) {
  return {
    id,
    typeName: 'shape',
    type: 'geo',
    x: 0,
    y,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: true,
    opacity: 1,
    meta: {},
    props: { geo: 'rectangle', w: 800, h: 120, color: 'black', labelColor: 'black', fill: 'none', dash: 'draw', size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', growY: 0, url: '', scale: 1, richText: { type: 'doc', content: [] } },
  };
}

describe('record guard', () => {
  it('refuses every attempt of an editor to delete locked shapes, also after its own restores merged in Yjs', () => {
    const server = new Y.Doc();
    const editor = { role: 'editor' as const };
    const refused: string[] = [];
    new RecordGuard(server, {
      schema: createBoardSchema(),
      rules: DEFAULT_WRITE_RULES,
      isWriter: (origin): origin is typeof editor => origin === editor,
      onRejected: ({ key, reason }) => refused.push(`${key}: ${reason}`),
    });
    const facilitator = new Y.Doc();
    const template = new YKeyValue<unknown>(facilitator.getArray(DocLayout.records));
    for (const [i, id] of ['shape:lane-steps', 'shape:lane-emotions', 'shape:lane-pains'].entries()) template.set(id, lockedShape(id, i * 120));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(facilitator), 'load');
    const browser = new Y.Doc();
    Y.applyUpdate(browser, Y.encodeStateAsUpdate(server));
    const records = new YKeyValue<unknown>(browser.getArray(DocLayout.records));

    // Each restore pushes the record again; restores in a row sit next to each other, and Yjs
    // merges them into one item before the next restore's own observer runs.
    const attempts = ['shape:lane-steps', 'shape:lane-emotions', 'shape:lane-steps', 'shape:lane-emotions', 'shape:lane-pains', 'shape:lane-emotions', 'shape:lane-steps'];
    for (const id of attempts) {
      records.delete(id);
      Y.applyUpdate(server, Y.encodeStateAsUpdate(browser, Y.encodeStateVector(server)), editor);
      Y.applyUpdate(browser, Y.encodeStateAsUpdate(server, Y.encodeStateVector(browser)), 'server');
    }

    expect(refused).toEqual(attempts.map((id) => `${id}: this item is locked by the facilitator`));
    const onServer = server.getArray<{ key: string }>(DocLayout.records).toArray().map((entry) => entry.key);
    expect(onServer.sort()).toEqual(['shape:lane-emotions', 'shape:lane-pains', 'shape:lane-steps']);
    expect([...records.map.keys()].sort()).toEqual(['shape:lane-emotions', 'shape:lane-pains', 'shape:lane-steps']);
  });
});
