/**
 * Board content for tests that go through the server. The server keeps only what the board's
 * declared layout allows (shared/src/docLayout.ts): participants write tldraw records to the
 * records array and comments to the comments array, and a write to any other top-level
 * structure is reverted. So a test's edits are small note cards, keyed by a test-chosen name:
 * a list of items is cards with ordered keys (`list-00007`), a map value or a text is one
 * card's text.
 *
 * Writes do what YKeyValue.set and delete do to the array (remove the key's entries, push the
 * new one), without a YKeyValue: a YKeyValue on a test peer removes duplicate entries of a key
 * on its own, and so would hide a server that failed to. Reads take the rightmost entry of a
 * key, as YKeyValue does.
 */
import type * as Y from 'yjs';
import { DocLayout, docStructure, richTextToPlain } from '../../shared/src/index.ts';
import { note } from '../unit/journey/fixtures.ts';

interface RecordEntry {
  key: string;
  val: unknown;
}

const CARD_PREFIX = 'shape:';
/** Digits of a list item's index in its key, so that key order is index order. */
const LIST_INDEX_DIGITS = 5;

function recordsArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(DocLayout.records);
}

function isEntry(entry: unknown): entry is RecordEntry {
  return typeof entry === 'object' && entry !== null && typeof (entry as { key?: unknown }).key === 'string';
}

/** The record id of the card a test calls `key`. */
export function cardId(key: string): string {
  return `${CARD_PREFIX}${key}`;
}

/** A valid note record (every prop tldraw 5 has), as small as a note gets. */
export function cardRecord(key: string, text: string): Record<string, unknown> {
  return note(key, 0, 0, text);
}

/** Adds the card `key`, or replaces it, with a note holding `text`. */
export function putCard(doc: Y.Doc, key: string, text: string): void {
  const id = cardId(key);
  const array = recordsArray(doc);
  doc.transact(() => {
    removeEntries(array, id);
    array.push([{ key: id, val: cardRecord(key, text) }]);
  });
}

export function deleteCard(doc: Y.Doc, key: string): void {
  const array = recordsArray(doc);
  doc.transact(() => removeEntries(array, cardId(key)));
}

function removeEntries(array: Y.Array<unknown>, id: string): void {
  const entries = array.toArray();
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index];
    if (isEntry(entry) && entry.key === id) array.delete(index, 1);
  }
}

/** The records as YKeyValue reads them (rightmost entry of a key wins), sorted by key. */
export function boardRecords(doc: Y.Doc): [string, unknown][] {
  const records = new Map<string, unknown>();
  for (const entry of recordsArray(doc).toArray()) if (isEntry(entry)) records.set(entry.key, entry.val);
  return [...records.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function textOf(record: unknown): string {
  return richTextToPlain((record as { props?: { richText?: unknown } } | undefined)?.props?.richText);
}

/** Card key -> text of the cards whose key starts with `prefix`, in key order. */
function cards(doc: Y.Doc, prefix: string): [string, string][] {
  const wanted = cardId(prefix);
  return boardRecords(doc)
    .filter(([id]) => id.startsWith(wanted))
    .map(([id, record]) => [id.slice(CARD_PREFIX.length), textOf(record)]);
}

/** The card's text, or undefined when the board has no such card. */
export function cardText(doc: Y.Doc, key: string): string | undefined {
  return cards(doc, key).find(([found]) => found === key)?.[1];
}

/** Texts of the cards whose key starts with `prefix`, in key order. */
export function cardTexts(doc: Y.Doc, prefix: string): string[] {
  return cards(doc, prefix).map(([, text]) => text);
}

/** Keys of the cards whose key starts with `prefix`, in key order. */
export function cardKeys(doc: Y.Doc, prefix: string): string[] {
  return cards(doc, prefix).map(([key]) => key);
}

export function cardCount(doc: Y.Doc, prefix: string): number {
  return cards(doc, prefix).length;
}

/** The key of item `index` of the list `list`; keys sort in index order. */
export function listKey(list: string, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 10 ** LIST_INDEX_DIGITS) throw new Error(`list index out of range: ${index}`);
  return `${list}-${String(index).padStart(LIST_INDEX_DIGITS, '0')}`;
}

/** Writes item `index` of the list `list` (a card whose text is `text`). */
export function putListItem(doc: Y.Doc, list: string, index: number, text: string): void {
  putCard(doc, listKey(list, index), text);
}

/** The texts of the list's items, in index order. */
export function listItems(doc: Y.Doc, list: string): string[] {
  return cardTexts(doc, `${list}-`);
}

export function listLength(doc: Y.Doc, list: string): number {
  return cardCount(doc, `${list}-`);
}

/**
 * Top-level structures of `doc` outside the board's declared layout that hold anything, as
 * `name: N entries`; the server reverts every participant's write to them, so a board it served holds none.
 */
export function contentOutsideLayout(doc: Y.Doc): string[] {
  const found: string[] = [];
  for (const [name, type] of doc.share) {
    if (docStructure(name)) continue;
    let live = 0;
    for (let item = type._start; item !== null; item = item.right) if (!item.deleted) live += 1;
    for (const item of type._map.values()) if (!item.deleted) live += 1;
    if (live > 0) found.push(`${name}: ${live} entries`);
  }
  return found;
}
