/**
 * Runs the real server inside the test process, on a free port, so a test can
 * wrap its storage (to make the disk fail or slow) and read its stats.
 */
import { loadConfig, type ServerConfig } from '../../server/src/config.ts';
import { startServer, type JourneyboardServer } from '../../server/src/app.ts';
import { SqliteStorage } from '../../server/src/storage/sqliteStorage.ts';
import type { Storage } from '../../server/src/storage/types.ts';
import { makeDataDir } from './server.ts';

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: makeDataDir(), ANONYMOUS_ROLE: 'editor' }), ...overrides };
}

export async function startInProcess(
  config: ServerConfig,
  wrap: (storage: Storage) => Storage = (storage) => storage,
): Promise<JourneyboardServer & { wsUrl: string }> {
  const storage = wrap(new SqliteStorage({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous }));
  const server = await startServer(config, storage);
  return Object.assign(server, { wsUrl: server.url.replace(/^http/, 'ws') });
}

/** Storage whose writes fail while `failing` is true, like a full disk. */
export class FlakyStorage implements Storage {
  failing = false;
  /** Makes readiness checks fail, like a database that went away. */
  unreachable = false;
  private readonly inner: Storage;

  constructor(inner: Storage) {
    this.inner = inner;
  }

  createBoard: Storage['createBoard'] = (board) => this.inner.createBoard(board);
  getBoard: Storage['getBoard'] = (id) => this.inner.getBoard(id);
  listBoards: Storage['listBoards'] = () => this.inner.listBoards();
  renameBoard: Storage['renameBoard'] = (id, title) => this.inner.renameBoard(id, title);
  load: Storage['load'] = (boardId) => this.inner.load(boardId);
  append: Storage['append'] = (updates) =>
    this.failing ? Promise.reject(new Error('disk full (simulated)')) : this.inner.append(updates);
  compact: Storage['compact'] = (boardId, snapshot) =>
    this.failing ? Promise.reject(new Error('disk full (simulated)')) : this.inner.compact(boardId, snapshot);
  delete: Storage['delete'] = (boardId) => this.inner.delete(boardId);
  quarantine: Storage['quarantine'] = (boardId, rows) => this.inner.quarantine(boardId, rows);
  acceptRebuilt: Storage['acceptRebuilt'] = (boardId, snapshot, damage) => this.inner.acceptRebuilt(boardId, snapshot, damage);
  listQuarantine: Storage['listQuarantine'] = (boardId) => this.inner.listQuarantine(boardId);
  quarantinedBytes: Storage['quarantinedBytes'] = (entryId) => this.inner.quarantinedBytes(entryId);
  ping: Storage['ping'] = () => (this.unreachable ? Promise.resolve(false) : this.inner.ping());
  close: Storage['close'] = () => this.inner.close();
}

/** Storage whose loads wait until `release()` is called. */
export class SlowLoadStorage extends FlakyStorage {
  private gate: Promise<void>;
  release: () => void = () => undefined;

  constructor(inner: Storage) {
    super(inner);
    this.gate = new Promise((resolve) => {
      this.release = resolve;
    });
    const load = this.load;
    this.load = async (boardId) => {
      await this.gate;
      return load(boardId);
    };
  }
}
