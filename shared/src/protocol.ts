/**
 * Message types on the sync socket. 0-3 are the y-websocket protocol (y-protocols);
 * 100+ are Journeyboard extensions, sent only to clients that opt in with the
 * `ext=1` query parameter so that a stock WebsocketProvider never sees them.
 */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /** Server -> client: persistence state. Payload: varString SaveState, varUint8Array persisted state vector. */
  SaveState: 100,
  /** Server -> client: a record you wrote was reverted. Payload: varString record id, varString reason. */
  RecordRejected: 101,
} as const;

export const SAVE_STATES = ['saved', 'failing'] as const;
export type SaveState = (typeof SAVE_STATES)[number];

/** Query parameter a Journeyboard client adds to opt into extension messages. */
export const EXTENSIONS_QUERY_PARAM = 'ext';

/** Path prefix of the sync endpoint: ws://host:port/sync/<boardId>. */
export const SYNC_PATH_PREFIX = '/sync';
