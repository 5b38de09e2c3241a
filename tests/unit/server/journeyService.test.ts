import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DocLayout, type JourneyData } from '../../../shared/src/index.ts';
import { JourneyService, type JourneyFollower } from '../../../server/src/journey/journeyService.ts';
import type { RoomManager } from '../../../server/src/rooms/roomManager.ts';
import type { DocStore } from '../../../server/src/storage/types.ts';
import { cellCentre, fixedMapProps, journeyMap, note } from '../journey/fixtures.ts';

const BOARD = 'board-1';
/** Closed after each test. */
const services: JourneyService[] = [];

/** A loaded board with a one-stage, one-lane map, and the service following it. */
function setUp() {
  const doc = new Y.Doc();
  const records = doc.getArray<{ key: string; val: unknown }>(DocLayout.records);
  const map = journeyMap('map', 0, 0, fixedMapProps(['Purchase'], ['steps']));
  records.push([{ key: map.id as string, val: map }]);
  const lines: { msg: string }[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as { msg: string });
        done();
      },
    }),
  );
  const rooms = { loaded: (boardId: string) => (boardId === BOARD ? { doc } : undefined) } as unknown as RoomManager;
  const store = { load: () => Promise.reject(new Error('the board is loaded: storage must not be read')) } as unknown as DocStore;
  const journeys = new JourneyService(rooms, store, log, { debounceMs: 5 });
  services.push(journeys);
  journeys.track(BOARD, doc);
  let cards = 0;
  const addCard = (text: string): void => {
    const { x, y } = cellCentre(0, 0, 0, 0);
    const card = note(`card${(cards += 1)}`, x, y, text);
    records.push([{ key: card.id as string, val: card }]);
  };
  const extractions = (): number => lines.filter((line) => line.msg === 'extracted journey data').length;
  return { doc, journeys, addCard, extractions, lines };
}

function cardTexts(data: JourneyData): string[] {
  return data.maps.flatMap((map) => map.cells.flatMap((cell) => cell.cards.map((card) => card.text)));
}

/** A follower that records what it was asked and given. */
function follower(wants: (boardId: string) => boolean | Promise<boolean>) {
  const asked: string[] = [];
  const received: JourneyData[] = [];
  const self: JourneyFollower = {
    wants: (boardId) => {
      asked.push(boardId);
      return wants(boardId);
    },
    receive: (_boardId, data) => received.push(data),
  };
  return { self, asked, received };
}

describe('JourneyService: background extraction only for followers that want it', () => {
  afterEach(() => {
    for (const journeys of services.splice(0)) journeys.close();
  });

  it('does not extract after edits settle when no follower wants the data, and a read still sees the latest edit', async () => {
    const { journeys, addCard, extractions } = setUp();
    const portfolio = follower(() => false);
    journeys.follow(portfolio.self);

    addCard('Checkout');
    addCard('Pay');
    await vi.waitFor(() => expect(portfolio.asked).toEqual([BOARD]));
    addCard('Confirm');
    await vi.waitFor(() => expect(portfolio.asked).toEqual([BOARD, BOARD]));
    expect(extractions()).toBe(0);
    expect(portfolio.received).toEqual([]);

    expect(cardTexts(await journeys.get(BOARD))).toEqual(['Checkout', 'Pay', 'Confirm']);
    expect(extractions()).toBe(1);
    // Nothing changed since: the same data, not extracted again.
    await journeys.get(BOARD);
    expect(extractions()).toBe(1);
  });

  it('gives fresh data to the followers that want it, once per settled burst, and only to them', async () => {
    const { journeys, addCard, extractions } = setUp();
    const webhooks = follower(async () => Promise.resolve(true));
    const portfolio = follower(() => false);
    journeys.follow(webhooks.self);
    journeys.follow(portfolio.self);

    addCard('Checkout');
    addCard('Pay');
    await vi.waitFor(() => expect(webhooks.received).toHaveLength(1));
    expect(cardTexts(webhooks.received[0] as JourneyData)).toEqual(['Checkout', 'Pay']);
    expect(portfolio.received).toEqual([]);
    expect(extractions()).toBe(1);
    // A read right after answers from what the background extraction made.
    await journeys.get(BOARD);
    expect(extractions()).toBe(1);
  });

  it('a follower that fails to answer is skipped; the others still get their data', async () => {
    const { journeys, addCard, lines } = setUp();
    const broken = follower(() => Promise.reject(new Error('database went away')));
    const webhooks = follower(() => true);
    journeys.follow(broken.self);
    journeys.follow(webhooks.self);

    addCard('Checkout');
    await vi.waitFor(() => expect(webhooks.received).toHaveLength(1));
    expect(broken.received).toEqual([]);
    expect(lines.some((line) => line.msg.startsWith('a journey follower could not tell'))).toBe(true);
  });

  it('stops asking a follower once it stops following, and nobody once the board is unloaded', async () => {
    const { doc, journeys, addCard } = setUp();
    const first = follower(() => true);
    const stop = journeys.follow(first.self);
    const second = follower(() => true);
    journeys.follow(second.self);

    stop();
    addCard('Checkout');
    await vi.waitFor(() => expect(second.received).toHaveLength(1));
    expect(first.asked).toEqual([]);

    doc.destroy();
    addCard('After unload');
    // Edits to a destroyed doc schedule nothing: a later edit of a fresh board settles first.
    const other = new Y.Doc();
    journeys.track('board-2', other);
    other.getArray(DocLayout.records).push([{ key: 'x', val: {} }]);
    await vi.waitFor(() => expect(second.asked).toEqual([BOARD, 'board-2']));
  });
});
