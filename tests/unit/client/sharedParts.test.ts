import { describe, expect, it } from 'vitest';
import { shareEqualParts } from '../../../client/src/sync/sharedParts.ts';

const card = {
  id: 'shape:card',
  x: 10,
  y: 20,
  props: { color: 'yellow', richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Compares prices' }] }] } },
  meta: { touchpoint: { channel: 'web', systems: ['CRM', 'Shop'] } },
};
/** What Yjs hands over for the same record: equal, but every object is new. */
const decoded = (): typeof card => structuredClone(card);

describe('shareEqualParts', () => {
  it('returns the previous record when nothing changed', () => {
    expect(shareEqualParts(card, decoded())).toBe(card);
  });

  it('keeps props and meta of a moved card as they were', () => {
    const moved = shareEqualParts(card, { ...decoded(), x: 300 });
    expect(moved).not.toBe(card);
    expect(moved.x).toBe(300);
    expect(moved.props).toBe(card.props);
    expect(moved.meta).toBe(card.meta);
  });

  it('keeps the text of a card whose colour changed', () => {
    const next = decoded();
    next.props.color = 'red';
    const recoloured = shareEqualParts(card, next);
    expect(recoloured.props).not.toBe(card.props);
    expect(recoloured.props.color).toBe('red');
    expect(recoloured.props.richText).toBe(card.props.richText);
  });

  it('takes new values for changed arrays, added and removed keys, and leaves both inputs alone', () => {
    const next = decoded();
    next.meta.touchpoint.systems.push('Mail');
    const withSystem = shareEqualParts(card, next);
    expect(withSystem.meta.touchpoint.systems).toEqual(['CRM', 'Shop', 'Mail']);
    expect(card.meta.touchpoint.systems).toEqual(['CRM', 'Shop']);

    const withoutMeta: Record<string, unknown> = { ...decoded(), meta: {} };
    expect(shareEqualParts(card, withoutMeta).meta).toEqual({});
    const extraKey = { ...decoded(), opacity: 1 };
    expect(shareEqualParts(card, extraKey)).toEqual(extraKey);
    expect(shareEqualParts(card, extraKey)).not.toBe(card);
    expect(shareEqualParts({ a: 1, b: 2 }, { a: 1 })).toEqual({ a: 1 });
  });
});
