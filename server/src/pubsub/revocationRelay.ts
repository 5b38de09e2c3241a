import type { AccessControl } from '../auth/accessControl.ts';
import { CONTROL_TOPIC, type BoardFanout } from './fanout.ts';

/**
 * Revoking a share link closes the connections made with it on every instance, not only
 * on the one that handled the request. Best effort like all fan-out: an instance that
 * misses the notice still refuses the link on the next connect (PostgreSQL has it revoked).
 */
export async function relayRevocations(access: AccessControl, fanout: BoardFanout): Promise<() => void> {
  let relaying = false;
  const stopListening = access.onRevoked((linkId) => {
    if (!relaying) fanout.publish(CONTROL_TOPIC, { kind: 'link-revoked', linkId });
  });
  const unsubscribe = await fanout.subscribe(CONTROL_TOPIC, (message) => {
    if (message.kind !== 'link-revoked') return;
    relaying = true;
    try {
      access.revokedElsewhere(message.linkId);
    } finally {
      relaying = false;
    }
  });
  return () => {
    stopListening();
    unsubscribe();
  };
}
