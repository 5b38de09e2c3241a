/**
 * A bare WebSocket client over TCP that does only what a hostile client would:
 * the opening handshake and masked binary frames. It never answers the server's
 * close frame, so tests can see what the server does with frames sent after it
 * closed a connection.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawWsClient {
  /** Sends one binary frame. */
  send(payload: Uint8Array): void;
  /** Resolves with the close code once the server's close frame arrived. */
  closeFrame: Promise<number>;
  /** Half-closes the TCP connection (FIN) without a WebSocket close frame. */
  end(): void;
  destroy(): void;
}

function frame(payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x82, 0x80 | length]);
  } else if (length < 65_536) {
    header = Buffer.from([0x82, 0x80 | 126, length >> 8, length & 0xff]);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x82;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const body = Buffer.alloc(length);
  for (let i = 0; i < length; i++) body[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([header, mask, body]);
}

/** Server frames are unmasked; returns the close code if `data` holds a complete close frame. */
function findCloseCode(data: Buffer): number | undefined {
  let offset = 0;
  while (offset + 2 <= data.length) {
    const opcode = (data[offset] ?? 0) & 0x0f;
    let length = (data[offset + 1] ?? 0) & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      if (start + 2 > data.length) return undefined;
      length = data.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > data.length) return undefined;
      length = Number(data.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > data.length) return undefined;
    if (opcode === 0x8) return length >= 2 ? data.readUInt16BE(start) : 1005;
    offset = start + length;
  }
  return undefined;
}

/** Opens `/sync/<boardId>` and resolves once the handshake is done and the server's first message arrived. */
export async function openRawWs(port: number, path: string): Promise<RawWsClient> {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffer = Buffer.alloc(0);
  let handshakeDone = false;
  let onData: () => void = () => undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!handshakeDone) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString();
      if (!head.startsWith('HTTP/1.1 101')) {
        socket.destroy(new Error(`upgrade refused: ${head.split('\r\n')[0] ?? ''}`));
        return;
      }
      handshakeDone = true;
      buffer = buffer.subarray(end + 4);
    }
    onData();
  });
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise<void>((resolve, reject) => {
    onData = () => {
      if (buffer.length > 0) resolve();
    };
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('socket closed during the handshake')));
  });
  const closeFrame = new Promise<number>((resolve) => {
    const check = (): void => {
      const code = findCloseCode(buffer);
      if (code !== undefined) resolve(code);
    };
    onData = check;
    check();
  });
  socket.on('error', () => undefined);
  return {
    send: (payload) => {
      if (!socket.destroyed) socket.write(frame(payload));
    },
    closeFrame,
    end: () => socket.end(),
    destroy: () => socket.destroy(),
  };
}
