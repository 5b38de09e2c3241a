import { useEffect, useRef, useState } from 'react';
import { Box, useValue, type Editor, type TLUserId } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';

/** What a facilitator publishes in their awareness state, next to their presence. */
export interface LeadershipState {
  /** "Follow me" is on. */
  leading: boolean;
  /** Bumped on each "bring everyone to me". */
  summon: number;
}

const FIELD = 'facilitation';

export interface Leader extends LeadershipState {
  userId: TLUserId;
  name: string;
  /** The part of the page the leader sees, from their presence; null before they published one. */
  viewport: { x: number; y: number; w: number; h: number } | null;
}

interface PresenceView {
  userId?: unknown;
  camera?: { x?: unknown; y?: unknown; z?: unknown };
  screenBounds?: { w?: unknown; h?: unknown };
}

function viewportOf(presence: PresenceView): Leader['viewport'] {
  const { camera, screenBounds } = presence;
  const [x, y, z, w, h] = [camera?.x, camera?.y, camera?.z, screenBounds?.w, screenBounds?.h];
  if (typeof x !== 'number' || typeof y !== 'number' || typeof z !== 'number' || typeof w !== 'number' || typeof h !== 'number' || z <= 0) return null;
  return { x: -x, y: -y, w: w / z, h: h / z };
}

export function publishLeadership(awareness: Awareness, state: LeadershipState): void {
  awareness.setLocalStateField(FIELD, state);
}

function readLeader(state: Record<string, unknown>): Leader | null {
  const field = state[FIELD] as Partial<LeadershipState> | undefined;
  const presence = state['presence'] as PresenceView | null | undefined;
  const user = state['user'] as { name?: unknown } | undefined;
  if (typeof field !== 'object' || field === null || typeof presence?.userId !== 'string') return null;
  return {
    leading: field.leading === true,
    summon: typeof field.summon === 'number' ? field.summon : 0,
    userId: presence.userId as TLUserId,
    name: typeof user?.name === 'string' ? user.name : '',
    viewport: viewportOf(presence),
  };
}

/**
 * The facilitator leading the session, from the peers' awareness. Awareness is not checked
 * by the server, so this only moves viewports; it changes nothing on the board.
 */
export function useLeader(awareness: Awareness): Leader | null {
  const [leader, setLeader] = useState<Leader | null>(null);
  useEffect(() => {
    const update = () => {
      let found: Leader | null = null;
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const candidate = readLeader(state);
        if (candidate && (candidate.leading || candidate.summon > 0 || !found)) found = candidate;
      }
      setLeader((previous) =>
        previous?.userId === found?.userId && previous?.leading === found?.leading && previous?.summon === found?.summon && previous?.name === found?.name
          ? previous
          : found,
      );
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return leader;
}

/** Jumps to the leader on each summon and follows them while they lead, unless the user stepped out. */
export function useFollowLeader(editor: Editor, leader: Leader | null): { following: boolean; stepOut: () => void; follow: () => void } {
  const seenSummon = useRef<number | null>(null);
  const [steppedOut, setSteppedOut] = useState(false);
  const followingId = useValue('following user', () => editor.getInstanceState().followingUserId, [editor]);

  useEffect(() => {
    if (!leader) return;
    // "Changed", not "grew": a facilitator who reloads starts counting from 0 again.
    if (seenSummon.current !== null && leader.summon > 0 && leader.summon !== seenSummon.current) {
      // Show what the leader sees (their viewport), not just where their cursor is.
      if (leader.viewport) editor.zoomToBounds(Box.From(leader.viewport), { inset: 0, immediate: true });
      else editor.zoomToUser(leader.userId, { immediate: true });
    }
    seenSummon.current = leader.summon;
  }, [editor, leader]);

  const leading = leader?.leading ?? false;
  const leaderId = leader?.userId;
  useEffect(() => {
    if (!leaderId) return;
    if (leading && !steppedOut) editor.startFollowingUser(leaderId);
    else if (!leading && editor.getInstanceState().followingUserId === leaderId) editor.stopFollowingUser();
    if (!leading) setSteppedOut(false);
  }, [editor, leaderId, leading, steppedOut]);

  return {
    following: leaderId !== undefined && followingId === leaderId,
    stepOut: () => {
      setSteppedOut(true);
      editor.stopFollowingUser();
    },
    follow: () => {
      setSteppedOut(false);
      if (leaderId) editor.startFollowingUser(leaderId);
    },
  };
}
