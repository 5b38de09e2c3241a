/**
 * Board records written by a stock y-websocket client onto the page the server gives every new
 * board. Every record is checked with the board schema before it is sent, so a test of the
 * server's graph and size rules never passes or fails because of a record the schema would
 * refuse anyway.
 */
import * as decoding from 'lib0/decoding';
import { YKeyValue } from 'y-utility/y-keyvalue';
import type * as Y from 'yjs';
import { createBoardSchema, DocLayout, MessageType } from '../../shared/src/index.ts';
import type { BoardRecord } from '../unit/journey/fixtures.ts';
import type { TestClient } from './yClients.ts';

/** The page the server gives every new board (server/src/rooms/boardSkeleton.ts), which the shape fixtures hang off. */
export const PAGE_ID = 'page:page';

/** A tldraw frame at (x, y) in its parent's space. */
export function frame(id: string, x: number, y: number, size: { w: number; h: number }, options: { parentId?: string; index?: string } = {}): BoardRecord {
  return {
    typeName: 'shape',
    id: `shape:${id}`,
    type: 'frame',
    x,
    y,
    rotation: 0,
    parentId: options.parentId ? `shape:${options.parentId}` : PAGE_ID,
    index: options.index ?? 'a1',
    isLocked: false,
    opacity: 1,
    props: { ...size, name: id, color: 'black' },
    meta: {},
  };
}

const schema = createBoardSchema();

/** Throws, naming the record, if the board schema refuses any of `records`. */
export function assertSchemaValid(records: readonly BoardRecord[]): void {
  for (const record of records) {
    const recordType = schema.types[record.typeName as keyof typeof schema.types];
    if (!recordType) throw new Error(`${String(record.id)}: no record type ${String(record.typeName)} in the board schema`);
    try {
      recordType.validate(record);
    } catch (error) {
      throw new Error(`${String(record.id)} is not a valid ${recordType.typeName}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export function boardRecordsOf(doc: Y.Doc): YKeyValue<unknown> {
  return new YKeyValue<unknown>(doc.getArray(DocLayout.records));
}

/** Writes `records` in one transaction (so one update message), after checking them with the schema. */
export function writeRecords(board: YKeyValue<unknown>, records: readonly BoardRecord[]): void {
  assertSchemaValid(records);
  board.doc.transact(() => {
    for (const record of records) board.set(String(record.id), record);
  });
}

/** The record rejections the server sends `client` (connected with `ext=1`), as they arrive. */
export function collectRejections(client: TestClient): { id: string; reason: string }[] {
  const rejections: { id: string; reason: string }[] = [];
  client.provider.messageHandlers[MessageType.RecordRejected] = (_encoder, decoder) => {
    rejections.push({ id: decoding.readVarString(decoder), reason: decoding.readVarString(decoder) });
  };
  return rejections;
}

/**
 * Every value each key of `records` held from now on (the current ones first), so a test can show
 * that a refused record never reached this client, not even until a revert arrived.
 */
export function valuesEverHeld(records: YKeyValue<unknown>): Map<string, unknown[]> {
  const held = new Map<string, unknown[]>([...records.map].map(([key, entry]) => [key, [entry.val]]));
  records.on('change', (changes: Map<string, { action: 'add' | 'update' | 'delete'; newValue?: unknown }>) => {
    for (const [key, change] of changes) {
      if (change.action !== 'delete') held.set(key, [...(held.get(key) ?? []), change.newValue]);
    }
  });
  return held;
}

/** The records as a plain object, for comparing whole boards. */
export function recordsObject(records: YKeyValue<unknown>): Record<string, unknown> {
  return Object.fromEntries([...records.map].map(([key, entry]) => [key, entry.val]));
}

/** Text of `length` characters, readable in a screenshot. */
export function textOfLength(length: number): string {
  const sentence = 'The customer calls the hotline again. ';
  return sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);
}

/** `count` short lines ("Step 0001" …) joined by line breaks. */
export function shortLines(count: number): string {
  return Array.from({ length: count }, (_, i) => `Step ${String(i + 1).padStart(String(count).length, '0')}`).join('\n');
}
