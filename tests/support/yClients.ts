/** Stock y-websocket clients in Node, as any third-party integration would use them. */
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { boardRecords } from './boardContent.ts';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** `doc`: a local copy to bring along, as a returning participant's browser does (default: empty). */
export function connectClient(wsUrl: string, boardId: string, options: { params?: Record<string, string>; doc?: Y.Doc } = {}): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/sync`, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: options.params ?? {},
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves once `predicate` holds, polling; rejects with `describe()` after the timeout. */
export async function waitFor(predicate: () => boolean, describe: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function waitForSynced(client: TestClient, timeoutMs = 15_000): Promise<void> {
  return waitFor(() => client.provider.synced, () => 'client never synced', timeoutMs);
}

/** A canonical JSON view of the board's records (sorted by key, as YKeyValue reads them), for comparing replicas. */
export function docState(doc: Y.Doc): string {
  return JSON.stringify(boardRecords(doc));
}
