/** What a room needs from a participant's socket; keeps rooms independent of `ws`. */
export interface RoomConnection {
  readonly id: string;
  /** Whether the client opted into Journeyboard extension messages (save state). */
  readonly wantsExtensions: boolean;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}
