/** What one instance tells the others about a board it holds. */
export type FanoutMessage =
  /** A Yjs update that is already durable in the shared storage. */
  | { kind: 'update'; payload: Uint8Array }
  /** An awareness update (presence), ephemeral. */
  | { kind: 'awareness'; payload: Uint8Array }
  /** An instance that just loaded the board asks the others for their participants' presence. */
  | { kind: 'awareness-query' }
  /** A share link was revoked through one instance; the others close connections made with it. */
  | { kind: 'link-revoked'; linkId: string };

/** A topic that is no board (board ids never contain '.'): deployment-wide notices. */
export const CONTROL_TOPIC = 'journeyboard.control';

export type FanoutHandler = (message: FanoutMessage) => void;

/**
 * Carries live board traffic between the instances of one deployment. Delivery is best
 * effort: a message may be lost (a broker restart), so it never carries the only copy of
 * anything; the shared storage does, and `onResync` says when to read it again.
 */
export interface BoardFanout {
  /** Resolves once messages published from now on reach `handler`; call the result to stop. */
  subscribe(boardId: string, handler: FanoutHandler): Promise<() => void>;
  /** Never throws; a message that cannot be sent is dropped (see onResync). */
  publish(boardId: string, message: FanoutMessage): void;
  /** `listener` runs whenever messages may have been missed (the broker connection came back). */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}

const KIND_CODES = { update: 0, awareness: 1, 'awareness-query': 2, 'link-revoked': 3 } as const;
const INSTANCE_ID_BYTES = 8;

/** Wire format: kind byte, sender instance id (so a sender can skip its own echo), payload. */
export function encodeFanoutMessage(sender: Uint8Array, message: FanoutMessage): Buffer {
  const payload = payloadOf(message);
  const frame = Buffer.allocUnsafe(1 + INSTANCE_ID_BYTES + payload.byteLength);
  frame[0] = KIND_CODES[message.kind];
  frame.set(sender.subarray(0, INSTANCE_ID_BYTES), 1);
  frame.set(payload, 1 + INSTANCE_ID_BYTES);
  return frame;
}

function payloadOf(message: FanoutMessage): Uint8Array {
  switch (message.kind) {
    case 'awareness-query':
      return new Uint8Array(0);
    case 'link-revoked':
      return Buffer.from(message.linkId, 'utf8');
    default:
      return message.payload;
  }
}

/** Undefined for frames from `self` and for frames this version does not understand. */
export function decodeFanoutMessage(self: Uint8Array, frame: Uint8Array): FanoutMessage | undefined {
  if (frame.byteLength < 1 + INSTANCE_ID_BYTES) return undefined;
  const sender = frame.subarray(1, 1 + INSTANCE_ID_BYTES);
  if (Buffer.compare(sender, self.subarray(0, INSTANCE_ID_BYTES)) === 0) return undefined;
  const payload = frame.subarray(1 + INSTANCE_ID_BYTES);
  switch (frame[0]) {
    case KIND_CODES.update:
      return { kind: 'update', payload };
    case KIND_CODES.awareness:
      return { kind: 'awareness', payload };
    case KIND_CODES['awareness-query']:
      return { kind: 'awareness-query' };
    case KIND_CODES['link-revoked']:
      return { kind: 'link-revoked', linkId: Buffer.from(payload).toString('utf8') };
    default:
      return undefined;
  }
}

export { INSTANCE_ID_BYTES };
