import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessControl, type Refusal } from '../../../server/src/auth/accessControl.ts';
import { CapabilityTokens } from '../../../server/src/auth/capabilityTokens.ts';
import { SqliteShareLinkStore } from '../../../server/src/auth/shareLinks.ts';
import { makeDataDir } from '../../support/server.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('share-link expiry', () => {
  let store: SqliteShareLinkStore;
  let access: AccessControl;
  let ended: { linkId: string; refusal: Refusal }[];

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-01T09:00:00Z') });
    store = new SqliteShareLinkStore(makeDataDir());
    access = new AccessControl(new CapabilityTokens(Buffer.from('unit-test-secret')), store, null);
    ended = [];
    access.onLinkEnded((linkId, refusal) => ended.push({ linkId, refusal }));
  });
  afterEach(() => {
    access.close();
    store.close();
    vi.useRealTimers();
  });

  it('ends a link in use exactly at its expiry, also when that is further ahead than one timer can wait', async () => {
    const link = await access.createLink('board-1', 'editor', 'a month', new Date(Date.now() + 30 * DAY_MS));
    expect(await access.resolve('board-1', link.token)).toMatchObject({ ok: true, role: 'editor' });

    await vi.advanceTimersByTimeAsync(30 * DAY_MS - 1);
    expect(ended).toEqual([]);
    expect(await access.resolve('board-1', link.token)).toMatchObject({ ok: true });

    await vi.advanceTimersByTimeAsync(1);
    expect(ended.map(({ linkId, refusal }) => [linkId, refusal.closeCode, refusal.reason])).toEqual([[link.id, 4401, 'this share link has expired']]);
    expect(await access.resolve('board-1', link.token)).toMatchObject({ ok: false, status: 401, reason: 'this share link has expired' });
  });

  it('never ends a link without an expiry, and refuses to create one that has already expired', async () => {
    const link = await access.createLink('board-1', 'viewer', 'forever');
    expect(link.expiresAt).toBeNull();
    await access.resolve('board-1', link.token);
    await vi.advanceTimersByTimeAsync(365 * DAY_MS);
    expect(ended).toEqual([]);
    await expect(access.createLink('board-1', 'viewer', 'past', new Date(Date.now() - 1))).rejects.toThrow(/expiresAt must be in the future/);
    expect(await store.list('board-1')).toHaveLength(1);
  });
});
