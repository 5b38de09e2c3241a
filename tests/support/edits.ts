import type * as Y from 'yjs';

/** One random edit of the kinds a board sees: map writes and deletes, list and text changes. */
export function randomEdit(doc: Y.Doc, random: () => number, label: string): void {
  const roll = random();
  const map = doc.getMap<string>('map');
  const list = doc.getArray<string>('list');
  const text = doc.getText('text');
  const key = `k${Math.floor(random() * 50)}`;
  if (roll < 0.4) {
    map.set(key, label);
  } else if (roll < 0.5) {
    map.delete(key);
  } else if (roll < 0.7) {
    list.insert(Math.floor(random() * (list.length + 1)), [label]);
  } else if (roll < 0.8 && list.length > 0) {
    list.delete(Math.floor(random() * list.length), 1);
  } else {
    text.insert(Math.floor(random() * (text.length + 1)), label.slice(0, 3));
  }
}
