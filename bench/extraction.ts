/**
 * Extraction time for boards with many cards: `npm run bench -- extraction`.
 * Boards are generated like workshop boards: a few maps, most cards placed in
 * cells (some as children of the map), some unplaced, arrows between neighbours.
 *
 * Two figures: the first extraction of the 10,000-card board in this process (nothing compiled
 * or cached yet, as after a server start), then per size the steady state the server works in
 * (it extracts again after every burst of edits): median, min and max of 15 runs after
 * BENCH_EXTRACTION_WARMUP runs (default 20). The code is the target's (BENCH_REV works).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as SharedModule from '../shared/src/index.ts';
import { envNumber } from './lib/env.ts';
import { TARGET } from './lib/target.ts';
import { median } from './machine.ts';
import { report } from './results.ts';

type Shared = typeof SharedModule;

export function generateBoard({ journeyMapTemplate, plainToRichText }: Shared, cardCount: number): unknown[] {
  const records: unknown[] = [];
  const mapCount = Math.max(1, Math.round(cardCount / 1000));
  const maps = Array.from({ length: mapCount }, (_, m) => {
    const props = journeyMapTemplate({ locale: 'en', stagePreset: 'afcpl', laneSet: 'default' });
    const record = { typeName: 'shape', id: `shape:map${m}`, type: 'journey-map', x: 0, y: m * 3000, rotation: 0, parentId: 'page:page', index: `a${m}`, props, meta: {} };
    records.push(record);
    return record;
  });
  for (let i = 0; i < cardCount; i++) {
    const map = maps[i % mapCount];
    if (!map) continue;
    const stage = i % map.props.stages.length;
    const lane = Math.floor(i / map.props.stages.length) % map.props.lanes.length;
    const isChild = i % 2 === 0;
    const localX = map.props.laneHeaderWidth + stage * 320 + 60;
    const localY = map.props.titleHeight + map.props.headerHeight + lane * 200 + 40;
    const unplaced = i % 20 === 0;
    records.push({
      typeName: 'shape',
      id: `shape:card${i}`,
      type: 'note',
      x: unplaced ? -5000 - i : isChild ? localX : map.x + localX,
      y: unplaced ? 0 : isChild ? localY : map.y + localY,
      rotation: 0,
      parentId: isChild && !unplaced ? map.id : 'page:page',
      index: `b${i}`,
      props: { color: 'yellow', richText: plainToRichText(`Card ${i}: customer does something`), scale: 0.5, growY: 0 },
      meta: i % 3 === 0 ? { touchpoint: { channel: 'web', owner: 'Team' } } : {},
    });
    if (i > 0 && i % 10 === 0) {
      records.push(
        { typeName: 'shape', id: `shape:arrow${i}`, type: 'arrow', x: 0, y: 0, rotation: 0, parentId: 'page:page', index: `c${i}`, props: { richText: plainToRichText('') }, meta: {} },
        { typeName: 'binding', id: `binding:s${i}`, type: 'arrow', fromId: `shape:arrow${i}`, toId: `shape:card${i - 1}`, props: { terminal: 'start' }, meta: {} },
        { typeName: 'binding', id: `binding:e${i}`, type: 'arrow', fromId: `shape:arrow${i}`, toId: `shape:card${i}`, props: { terminal: 'end' }, meta: {} },
      );
    }
  }
  return records;
}

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

export async function runExtractionBench(): Promise<void> {
  const shared = (await import(pathToFileURL(join(TARGET, 'shared/src/index.ts')).href)) as Shared;
  const warmup = Math.max(0, Math.round(envNumber('BENCH_EXTRACTION_WARMUP', 20)));
  const boards = new Map([1_000, 5_000, 10_000].map((cards) => [cards, generateBoard(shared, cards)]));
  const largest = boards.get(10_000) ?? [];
  const first = timed(() => shared.extractJourney(largest));
  const rows: Record<string, string | number>[] = [];
  for (const [cards, records] of boards) {
    for (let i = 0; i < warmup; i++) shared.extractJourney(records);
    const times = Array.from({ length: 15 }, () => timed(() => shared.extractJourney(records)));
    rows.push({
      cards,
      records: records.length,
      'median ms': Number(median(times).toFixed(2)),
      // The fastest run is the code's own cost; the spread above it is garbage collection and the machine.
      'min ms': Number(Math.min(...times).toFixed(2)),
      'max ms': Number(Math.max(...times).toFixed(2)),
    });
  }
  rows.push({ cards: 10_000, records: largest.length, 'first extraction in the process, ms': Number(first.toFixed(2)) });
  report('extraction', `npm run bench -- extraction (warm-up ${warmup} runs per size)`, rows);
}
