import { randomBytes } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { openBoardDatabase, type SqliteSynchronous } from '../storage/sqliteDatabase.ts';
import { RoleSchema, type Role } from '../../../shared/src/index.ts';

export interface StoredShareLink {
  id: string;
  boardId: string;
  role: Role;
  label: string;
  createdAt: string;
  revokedAt: string | null;
  /** ISO time after which the link is refused; null: never. */
  expiresAt: string | null;
}

/** Where share links live; tokens are derived from them, never stored. */
export interface ShareLinkStore {
  create(link: Omit<StoredShareLink, 'id' | 'revokedAt'>): Promise<StoredShareLink>;
  get(id: string): Promise<StoredShareLink | undefined>;
  list(boardId: string): Promise<StoredShareLink[]>;
  /** Marks the link revoked; returns false if it does not exist on that board. */
  revoke(boardId: string, id: string, at: Date): Promise<boolean>;
}

export interface LinkRow {
  id: string;
  board_id: string;
  role: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
  expires_at: string | null;
}

export function toLink(row: LinkRow): StoredShareLink {
  return {
    id: row.id,
    boardId: row.board_id,
    role: RoleSchema.catch('viewer').parse(row.role),
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
  };
}

/** Share links in the embedded SQLite database (its own connection; WAL allows several). */
export class SqliteShareLinkStore implements ShareLinkStore {
  private readonly db: DatabaseSync;
  private readonly statements: Record<'insert' | 'get' | 'list' | 'revoke', StatementSync>;

  constructor(dataDir: string, synchronous?: SqliteSynchronous) {
    this.db = openBoardDatabase(dataDir, synchronous);
    this.db.exec(`CREATE TABLE IF NOT EXISTS share_links (
      id TEXT PRIMARY KEY,
      board_id TEXT NOT NULL,
      role TEXT NOT NULL,
      label TEXT NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT,
      expires_at TEXT
    );
    CREATE INDEX IF NOT EXISTS share_links_board ON share_links (board_id);`);
    // Data directories from before link expiry have the table without the column.
    const columns = this.db.prepare('PRAGMA table_info(share_links)').all() as unknown as { name: string }[];
    if (!columns.some((c) => c.name === 'expires_at')) this.db.exec('ALTER TABLE share_links ADD COLUMN expires_at TEXT');
    this.statements = {
      insert: this.db.prepare('INSERT INTO share_links (id, board_id, role, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      get: this.db.prepare('SELECT * FROM share_links WHERE id = ?'),
      list: this.db.prepare('SELECT * FROM share_links WHERE board_id = ? ORDER BY created_at, id'),
      revoke: this.db.prepare('UPDATE share_links SET revoked_at = ? WHERE board_id = ? AND id = ? AND revoked_at IS NULL'),
    };
  }

  create(link: Omit<StoredShareLink, 'id' | 'revokedAt'>): Promise<StoredShareLink> {
    const id = randomBytes(9).toString('base64url');
    this.statements.insert.run(id, link.boardId, link.role, link.label, link.createdAt, link.expiresAt);
    return Promise.resolve({ ...link, id, revokedAt: null });
  }

  get(id: string): Promise<StoredShareLink | undefined> {
    const row = this.statements.get.get(id) as LinkRow | undefined;
    return Promise.resolve(row ? toLink(row) : undefined);
  }

  list(boardId: string): Promise<StoredShareLink[]> {
    return Promise.resolve((this.statements.list.all(boardId) as unknown as LinkRow[]).map(toLink));
  }

  revoke(boardId: string, id: string, at: Date): Promise<boolean> {
    const result = this.statements.revoke.run(at.toISOString(), boardId, id);
    return Promise.resolve(result.changes > 0);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
