import { describe, expect, it } from 'vitest';
import { nextUpdatedAt } from '../../../server/src/previews/previewRows.ts';

describe('nextUpdatedAt (a preview URL changes with every stored picture)', () => {
  it('is now for a first picture', () => {
    expect(nextUpdatedAt(undefined, new Date('2026-12-07T18:00:00.000Z'))).toBe('2026-12-07T18:00:00.000Z');
  });

  it('is always later than the picture it replaces, even within one millisecond or with a clock set back', () => {
    const previous = '2026-12-07T18:00:00.000Z';
    expect(nextUpdatedAt(previous, new Date(previous))).toBe('2026-12-07T18:00:00.001Z');
    expect(nextUpdatedAt(previous, new Date('2026-12-07T17:00:00.000Z'))).toBe('2026-12-07T18:00:00.001Z');
  });
});
