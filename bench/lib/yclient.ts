/** One stock y-websocket client in the benchmark process (seeding boards, timing loads). */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { YKeyValue } from 'y-utility/y-keyvalue';
import * as Y from 'yjs';
import { DocLayout } from '../../shared/src/docLayout.ts';
import type { BenchRecord } from './records.ts';
import { sleep } from './env.ts';

// Every WebsocketProvider adds a process 'exit' listener; benchmarks open hundreds.
process.setMaxListeners(0);

export interface BenchClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves when the provider reports synced, with ms since the client was created. */
  synced: Promise<number>;
  /** The board's records as the client binding reads them (builds the YKeyValue on first use). */
  records(): YKeyValue<unknown>;
  /** Waits until everything this client sent has left its socket. */
  flushed(): Promise<void>;
  destroy(): void;
}

export function connectClient(providerUrl: string, room: string, timeoutMs = 120_000): BenchClient {
  const started = performance.now();
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(providerUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 1000,
  });
  const synced = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client for ${room} did not sync in ${timeoutMs} ms`)), timeoutMs);
    const onSync = (isSynced: boolean): void => {
      if (!isSynced) return;
      clearTimeout(timer);
      provider.off('sync', onSync);
      resolve(performance.now() - started);
    };
    provider.on('sync', onSync);
  });
  let kv: YKeyValue<unknown> | undefined;
  return {
    doc,
    provider,
    synced,
    records: () => (kv ??= new YKeyValue<unknown>(doc.getArray<{ key: string; val: unknown }>(DocLayout.records))),
    flushed: async () => {
      const deadline = performance.now() + 60_000;
      while ((provider.ws?.bufferedAmount ?? 0) > 0 && performance.now() < deadline) await sleep(5);
    },
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Writes records through a client in transactions of `chunk` records (one update each, under the message limit). */
export async function writeRecords(client: BenchClient, records: readonly BenchRecord[], chunk = 1000): Promise<number> {
  const kv = client.records();
  let bytes = 0;
  const count = (update: Uint8Array): void => {
    bytes += update.byteLength;
  };
  client.doc.on('update', count);
  for (let start = 0; start < records.length; start += chunk) {
    client.doc.transact(() => {
      for (const record of records.slice(start, start + chunk)) kv.set(record.id, record);
    });
    await client.flushed();
  }
  client.doc.off('update', count);
  return bytes;
}
