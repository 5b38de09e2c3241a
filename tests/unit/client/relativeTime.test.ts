import { describe, expect, it } from 'vitest';
import { relativeTime } from '../../../client/src/portfolio/PortfolioView.tsx';

const NOW = Date.parse('2026-12-07T18:00:00.000Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('relativeTime (the home page cards\' last change)', () => {
  it('says nothing within the last minute (the card says "just now")', () => {
    expect(relativeTime(ago(20), NOW, 'en')).toBeNull();
  });

  it('uses the largest unit that fits, in English and German', () => {
    expect(relativeTime(ago(5 * 60), NOW, 'en')).toBe('5 minutes ago');
    expect(relativeTime(ago(3 * 3600), NOW, 'de')).toBe('vor 3 Stunden');
    expect(relativeTime(ago(86_400), NOW, 'en')).toBe('yesterday');
    expect(relativeTime(ago(86_400), NOW, 'de')).toBe('gestern');
    expect(relativeTime(ago(40 * 86_400), NOW, 'en')).toBe('last month');
  });
});
