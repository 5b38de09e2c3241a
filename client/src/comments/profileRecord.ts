import { react, UserRecordType, type Editor } from 'tldraw';

/**
 * Keeps a `user` record for this person (id, display name, colour) in the board's document:
 * what tldraw's attribution uses, and how later participants know whom they can @mention even
 * when that person is not on the board right now. Every role may write its own profile record
 * (server/src/guard/writeRules.ts). Returns a function that stops following name changes.
 */
export function keepProfileRecord(editor: Editor): () => void {
  return react('comments: keep profile record', () => {
    const id = editor.user.getRecordId();
    const name = editor.user.getName().trim();
    const color = editor.user.getColor();
    if (!name) return;
    const existing = editor.store.get(id);
    if (existing && existing.name === name && existing.color === color) return;
    editor.store.put([existing ? { ...existing, name, color } : UserRecordType.create({ id, name, color })]);
  });
}
