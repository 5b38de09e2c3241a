import type { Role } from '../../../shared/src/index.ts';

/** What a room needs from a participant's socket; keeps rooms independent of `ws`. */
export interface RoomConnection {
  readonly id: string;
  readonly role: Role;
  /** The one profile record (`user:…`) this participant may write, proven by its profile key. */
  readonly profileRecordId?: string;
  /** Whether the client opted into Journeyboard extension messages (save state). */
  readonly wantsExtensions: boolean;
  /** `onWritten` runs once the message was handed to the network (or could not be). */
  send(message: Uint8Array, onWritten?: () => void): void;
  close(code: number, reason: string): void;
}
