import type { FeatureSetup } from '../http/featureSetup.ts';
import { registerPreviewRoutes } from './previewRoutes.ts';
import type { PreviewStore } from './previewStore.ts';
import { SqlitePreviewStore } from './sqlitePreviewStore.ts';

/** Board previews: their store (SQLite in DATA_DIR unless a PostgreSQL one is passed) and their routes. */
export async function startPreviews(setup: Omit<FeatureSetup, 'log'> & { store?: PreviewStore | undefined }): Promise<{ store: PreviewStore; close(): Promise<void> }> {
  const store = setup.store ?? new SqlitePreviewStore({ dataDir: setup.dataDir, synchronous: setup.synchronous });
  await registerPreviewRoutes(setup.http, { catalog: setup.catalog, previews: store, authorize: setup.authorize });
  return { store, close: () => store.close() };
}
