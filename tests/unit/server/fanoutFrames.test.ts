import { describe, expect, it } from 'vitest';
import { decodeFanoutMessage, encodeFanoutMessage, type FanoutMessage } from '../../../server/src/pubsub/fanout.ts';

const me = Buffer.from('0123456789abcdef', 'hex');
const other = Buffer.from('fedcba9876543210', 'hex');

describe('fan-out frames between instances', () => {
  it('carry every kind of message to other instances unchanged', () => {
    const messages: FanoutMessage[] = [
      { kind: 'update', payload: new Uint8Array([1, 2, 3, 0, 255]) },
      { kind: 'awareness', payload: new Uint8Array([9]) },
      { kind: 'awareness-query' },
      { kind: 'link-revoked', linkId: 'AbC_-123' },
    ];
    for (const message of messages) {
      const decoded = decodeFanoutMessage(me, encodeFanoutMessage(other, message));
      expect(decoded && 'payload' in decoded ? { ...decoded, payload: [...decoded.payload] } : decoded).toEqual(
        'payload' in message ? { ...message, payload: [...message.payload] } : message,
      );
    }
  });

  it('drop an instance’s own echo and anything that is not a frame of ours, without throwing', () => {
    expect(decodeFanoutMessage(me, encodeFanoutMessage(me, { kind: 'awareness-query' }))).toBeUndefined();
    expect(decodeFanoutMessage(me, new Uint8Array([0, 1, 2]))).toBeUndefined();
    expect(decodeFanoutMessage(me, Buffer.concat([Buffer.from([42]), other, Buffer.from('x')]))).toBeUndefined();
    expect(decodeFanoutMessage(me, Buffer.from('hello from someone else on this channel'))).toBeUndefined();
  });
});
