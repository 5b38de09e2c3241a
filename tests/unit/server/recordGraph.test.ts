import { describe, expect, it } from 'vitest';
import { checkRecordGraph, type RecordVerdict } from '../../../server/src/guard/recordGraph.ts';
import { contentRules, DEFAULT_CONTENT_LIMITS, type RecordChange } from '../../../server/src/guard/writeRules.ts';
import { assetPath, profileRecordIdFromKey, userIdFromProfileKey, newProfileKey } from '../../../shared/src/index.ts';

const page = { typeName: 'page', id: 'page:p' };
const otherPage = { typeName: 'page', id: 'page:q' };
const shape = (id: string, parentId: string) => ({ typeName: 'shape', id, parentId, type: 'geo' });
const binding = (id: string, fromId: string, toId: string) => ({ typeName: 'binding', id, type: 'arrow', fromId, toId });

/** The verdict reasons after checking `changes` (key -> record, or undefined to delete) against `board`. */
function check(board: Record<string, unknown>, changes: Record<string, unknown>): Record<string, string | null> {
  const verdicts = new Map<string, RecordVerdict>(
    Object.entries(changes).map(([key, after]) => [key, { before: board[key], after, reason: null }]),
  );
  checkRecordGraph(verdicts, (key) => board[key], () => Object.keys(board));
  return Object.fromEntries([...verdicts].map(([key, verdict]) => [key, verdict.reason]));
}

describe('record graph', () => {
  const board = { 'page:p': page, 'page:q': otherPage, 'shape:a': shape('shape:a', 'page:p'), 'shape:b': shape('shape:b', 'page:p'), 'shape:c': shape('shape:c', 'page:q') };

  it('refuses a shape that is its own parent, and two shapes parented to each other', () => {
    expect(check(board, { 'shape:x': shape('shape:x', 'shape:x') })['shape:x']).toMatch(/own ancestor/);
    const mutual = check(board, { 'shape:x': shape('shape:x', 'shape:y'), 'shape:y': shape('shape:y', 'shape:x') });
    expect(mutual['shape:x']).toMatch(/own ancestor|does not exist/);
    expect(mutual['shape:y']).toMatch(/own ancestor|does not exist/);
    expect(check(board, { 'shape:a': shape('shape:a', 'shape:b'), 'shape:b': shape('shape:b', 'shape:a') })['shape:a']).not.toBeNull();
  });

  it('refuses parents that do not exist, and accepts nesting that ends at a page', () => {
    expect(check(board, { 'shape:x': shape('shape:x', 'shape:missing') })['shape:x']).toMatch(/does not exist/);
    expect(check(board, { 'shape:x': shape('shape:x', 'shape:a'), 'shape:y': shape('shape:y', 'shape:x') })).toEqual({ 'shape:x': null, 'shape:y': null });
  });

  it('refuses self-bound arrows, bindings to missing shapes and across pages', () => {
    expect(check(board, { 'binding:1': binding('binding:1', 'shape:a', 'shape:a') })['binding:1']).toMatch(/itself/);
    expect(check(board, { 'binding:1': binding('binding:1', 'shape:a', 'shape:gone') })['binding:1']).toMatch(/exist/);
    expect(check(board, { 'binding:1': binding('binding:1', 'shape:a', 'shape:c') })['binding:1']).toMatch(/same page/);
    expect(check(board, { 'binding:1': binding('binding:1', 'shape:a', 'shape:b') })['binding:1']).toBeNull();
  });

  it('refuses deleting what another record still hangs off or is bound to, unless that goes too', () => {
    const withChild = { ...board, 'shape:child': shape('shape:child', 'shape:a'), 'binding:1': binding('binding:1', 'shape:b', 'shape:a') };
    expect(check(withChild, { 'shape:a': undefined })['shape:a']).toMatch(/depends on it/);
    expect(check(withChild, { 'shape:a': undefined, 'shape:child': undefined, 'binding:1': undefined })).toEqual({
      'shape:a': null,
      'shape:child': null,
      'binding:1': null,
    });
    // A refused deletion keeps the child's parent: the child's own change stays fine.
    expect(check(withChild, { 'shape:a': undefined, 'binding:1': undefined })['shape:a']).toMatch(/shape:child depends/);
  });
});

describe('content rules', () => {
  const key = newProfileKey();
  const own = profileRecordIdFromKey(key);
  const rules = contentRules({ ...DEFAULT_CONTENT_LIMITS, allowedMediaOrigins: ['https://media.example'] });
  const verdict = (change: Partial<RecordChange> & Pick<RecordChange, 'key' | 'after'>): string | null => {
    for (const rule of rules) {
      const reason = rule({ role: 'editor', before: undefined, boardId: 'board-1', ...change });
      if (reason) return reason;
    }
    return null;
  };

  it('lets a participant write only the profile its key proves, and only a small one', () => {
    expect(own).toBe(`user:${userIdFromProfileKey(key)}`);
    expect(verdict({ key: own, after: { typeName: 'user', id: own, name: 'Vera' }, profileRecordId: own })).toBeNull();
    expect(verdict({ key: 'user:someone', after: { typeName: 'user', id: 'user:someone', name: 'Not me' }, profileRecordId: own })).toMatch(/own profile/);
    expect(verdict({ key: 'user:someone', before: { typeName: 'user' }, after: undefined })).toMatch(/own profile/);
    expect(verdict({ key: own, after: { typeName: 'user', id: own, name: 'x'.repeat(3000) }, profileRecordId: own })).toMatch(/profile may be at most/);
  });

  it('bounds the text of one record', () => {
    const note = (text: string) => ({ typeName: 'shape', type: 'note', props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } } });
    // What a person typed counts, not the record's keys, styles and structure.
    expect(verdict({ key: 'shape:n', after: note('x'.repeat(20_000)) })).toBeNull();
    expect(verdict({ key: 'shape:n', after: note('x'.repeat(20_001)) })).toMatch(/at most 20000 characters/);
    const lines = { ...note(''), props: { richText: { type: 'doc', content: Array.from({ length: 2_000 }, () => ({ type: 'paragraph', content: [{ type: 'text', text: 'nine char' }] })) } } };
    expect(verdict({ key: 'shape:n', after: lines })).toBeNull();
    const bulky = { ...note('short'), meta: { junk: 'x'.repeat(300 * 1024) } };
    expect(verdict({ key: 'shape:n', after: bulky })).toMatch(/at most 262144 bytes/);
  });

  it("takes images only from the board's own assets or an allowed origin, and no embeds from elsewhere", () => {
    const image = (src: string) => ({ typeName: 'asset', type: 'image', props: { src } });
    expect(verdict({ key: 'asset:1', after: image(assetPath('board-1', 'a'.repeat(64))) })).toBeNull();
    expect(verdict({ key: 'asset:1', after: image('https://media.example/cat.png') })).toBeNull();
    expect(verdict({ key: 'asset:1', after: image(assetPath('board-2', 'a'.repeat(64))) })).toMatch(/uploaded to the board/);
    expect(verdict({ key: 'asset:1', after: image('https://tracker.example/pixel.png') })).toMatch(/uploaded to the board/);
    expect(verdict({ key: 'asset:1', after: image('data:image/png;base64,AAAA') })).toMatch(/uploaded to the board/);
    expect(verdict({ key: 'shape:e', after: { typeName: 'shape', type: 'embed', props: { url: 'https://www.youtube.com/watch?v=x' } } })).toMatch(/embeds/);
  });
});
