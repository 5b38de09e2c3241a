/**
 * Decoding and encoding of sync-socket frames. Decoding is strict: every frame is
 * parsed fully before anything touches a document, so a malformed frame is
 * rejected as a whole instead of half-applied.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType, type SaveState } from '../../../shared/src/index.ts';
import { assertWellFormedUpdate } from './updateStructure.ts';

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }
  | { kind: 'auth' };

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

function readPayload(decoder: decoding.Decoder, what: string): Uint8Array {
  try {
    return decoding.readVarUint8Array(decoder);
  } catch {
    throw new ProtocolError(`truncated ${what} payload`);
  }
}

function readVarUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw new ProtocolError(`truncated ${what}`);
  }
}

/** Throws ProtocolError for anything that is not one well-formed protocol message. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  const type = readVarUint(decoder, 'message type');
  const message = decodeBody(type, decoder);
  if (decoding.hasContent(decoder)) throw new ProtocolError('unexpected bytes after message');
  return message;
}

function decodeBody(type: number, decoder: decoding.Decoder): ClientMessage {
  switch (type) {
    case MessageType.Sync: {
      const syncType = readVarUint(decoder, 'sync message type');
      const payload = readPayload(decoder, 'sync');
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        assertValidStateVector(payload);
        return { kind: 'sync-step1', stateVector: payload };
      }
      if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
        assertValidUpdate(payload);
        return { kind: 'update', update: payload };
      }
      throw new ProtocolError(`unknown sync message type ${syncType}`);
    }
    case MessageType.Awareness: {
      const update = readPayload(decoder, 'awareness');
      assertValidAwarenessUpdate(update);
      return { kind: 'awareness', update };
    }
    case MessageType.QueryAwareness:
      return { kind: 'query-awareness' };
    case MessageType.Auth:
      // y-websocket clients never send auth frames; accept and ignore for forward compatibility.
      readPayload(decoder, 'auth');
      return { kind: 'auth' };
    default:
      throw new ProtocolError(`unknown message type ${type}`);
  }
}

/**
 * y-protocols applies awareness entries one by one as it reads them, so a frame
 * that breaks halfway would be half-applied: check the whole frame first.
 */
function assertValidAwarenessUpdate(payload: Uint8Array): void {
  try {
    const decoder = decoding.createDecoder(payload);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      JSON.parse(decoding.readVarString(decoder));
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
  } catch {
    throw new ProtocolError('malformed awareness update');
  }
}

function assertValidStateVector(payload: Uint8Array): void {
  try {
    Y.decodeStateVector(payload);
  } catch {
    throw new ProtocolError('malformed state vector');
  }
}

/** Reads the whole update so that Y.applyUpdate never sees a structurally broken one. */
function assertValidUpdate(payload: Uint8Array): void {
  try {
    assertWellFormedUpdate(payload);
  } catch (error) {
    throw new ProtocolError(`malformed Yjs update (${error instanceof Error ? error.message : String(error)})`);
  }
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Bytes lib0's writeVarUint takes for `value` (7 bits a byte). */
function varUintLength(value: number): number {
  let length = 1;
  for (let rest = value; rest > 0x7f; rest = Math.floor(rest / 0x80)) length += 1;
  return length;
}

/**
 * The same bytes as lib0's encoder writes (type, sync type, length, update), but written once
 * into a buffer of the right size: this runs for every relayed change, and the encoder grows its
 * buffer (100 bytes first) and copies it again at the end.
 */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  const length = update.byteLength;
  const message = Buffer.allocUnsafe(2 + varUintLength(length) + length);
  message[0] = MessageType.Sync;
  message[1] = syncProtocol.messageYjsUpdate;
  let at = 2;
  let rest = length;
  while (rest > 0x7f) {
    message[at++] = 0x80 | (rest & 0x7f);
    rest = Math.floor(rest / 0x80);
  }
  message[at++] = rest;
  message.set(update, at);
  return message;
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeSaveState(state: SaveState, persistedStateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.SaveState);
  encoding.writeVarString(encoder, state);
  encoding.writeVarUint8Array(encoder, persistedStateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeRecordRejected(recordId: string, reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.RecordRejected);
  encoding.writeVarString(encoder, recordId);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}
