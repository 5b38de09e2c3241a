import { describe, expect, it } from 'vitest';
import { DEFAULT_WRITE_RULES, type RecordChange } from '../../../server/src/guard/writeRules.ts';
import type { Role } from '../../../shared/src/index.ts';

function verdict(change: RecordChange): string | null {
  for (const rule of DEFAULT_WRITE_RULES) {
    const reason = rule(change);
    if (reason) return reason;
  }
  return null;
}

const shape = (isLocked: boolean) => ({ typeName: 'shape', id: 'shape:a', isLocked });
const profile = { typeName: 'user', id: 'user:me', name: 'Vera' };
const change = (role: Role, before: unknown, after: unknown): RecordChange => ({ role, key: 'shape:a', before, after });

describe('write rules', () => {
  it('lets viewers change nothing on the board, but keep their own profile', () => {
    expect(verdict(change('viewer', undefined, shape(false)))).toBe('viewers cannot change the board');
    expect(verdict(change('viewer', shape(false), undefined))).toBe('viewers cannot change the board');
    expect(verdict(change('viewer', undefined, profile))).toBeNull();
  });

  it('keeps the canvas read-only to commenters', () => {
    expect(verdict(change('commenter', shape(false), shape(false)))).toBe('commenters can only write comments');
    expect(verdict(change('commenter', undefined, profile))).toBeNull();
  });

  it('lets only facilitators change or create locked items', () => {
    expect(verdict(change('editor', shape(true), shape(true)))).toBe('this item is locked by the facilitator');
    expect(verdict(change('editor', shape(true), undefined))).toBe('this item is locked by the facilitator');
    expect(verdict(change('editor', shape(false), shape(true)))).toBe('only a facilitator can lock items');
    expect(verdict(change('editor', shape(false), shape(false)))).toBeNull();
    expect(verdict(change('facilitator', shape(true), shape(false)))).toBeNull();
  });
});
