import type * as Y from 'yjs';
import { cardKeys, cardText, deleteCard, putCard } from './boardContent.ts';

/**
 * One random edit of the kinds a board sees, as cards (tests/support/boardContent.ts): a card
 * of a small fixed set written or deleted, a new card added or a random one deleted, and
 * characters typed into one shared card's text.
 */
export function randomEdit(doc: Y.Doc, random: () => number, label: string): void {
  const roll = random();
  const key = `map-k${Math.floor(random() * 50)}`;
  if (roll < 0.4) {
    putCard(doc, key, label);
  } else if (roll < 0.5) {
    deleteCard(doc, key);
  } else if (roll < 0.7) {
    putCard(doc, `item-${label}`, label);
  } else if (roll < 0.8 && cardKeys(doc, 'item-').length > 0) {
    const items = cardKeys(doc, 'item-');
    deleteCard(doc, items[Math.floor(random() * items.length)] ?? '');
  } else {
    const text = cardText(doc, 'text') ?? '';
    const at = Math.floor(random() * (text.length + 1));
    putCard(doc, 'text', `${text.slice(0, at)}${label.slice(0, 3)}${text.slice(at)}`);
  }
}
