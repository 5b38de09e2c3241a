import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import { MessageType } from '../../../shared/src/index.ts';
import { encodeUpdate } from '../../../server/src/sync/protocol.ts';

/** What y-protocols' own encoder writes for an update message. */
function referenceEncoding(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('encodeUpdate', () => {
  it('writes the bytes y-protocols writes, at every length-prefix size', () => {
    for (const length of [0, 1, 127, 128, 300, 16_383, 16_384, 2_097_151, 2_097_152]) {
      const update = new Uint8Array(length).map((_, i) => (i * 31) & 0xff);
      expect(Buffer.from(encodeUpdate(update)).equals(Buffer.from(referenceEncoding(update))), `length ${length}`).toBe(true);
    }
  });
});
