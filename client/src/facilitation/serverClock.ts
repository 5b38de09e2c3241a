import { atom } from 'tldraw';
import { ServerTimeSchema } from '../../../shared/src/index.ts';
import { requestJson } from '../api/apiClient.ts';

/** Server clock minus this browser's clock, in ms: session times are stamped by the server. */
const $offsetMs = atom('server clock offset', 0);

/** Measures the offset, assuming the answer was stamped halfway through the round trip. */
export async function syncServerClock(): Promise<void> {
  const sent = Date.now();
  const { now } = await requestJson('/api/time', ServerTimeSchema);
  const received = Date.now();
  $offsetMs.set(now - (sent + received) / 2);
}

export function serverNow(): number {
  return Date.now() + $offsetMs.get();
}
