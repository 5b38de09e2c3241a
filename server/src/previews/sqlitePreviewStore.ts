import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { inTransaction, openBoardDatabase, type SqliteSynchronous } from '../storage/sqliteDatabase.ts';
import { nextUpdatedAt, toPreviewImage, type PreviewRow } from './previewRows.ts';
import type { NewPreviewImage, PreviewImage, PreviewStore } from './previewStore.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS board_previews (
  board_id TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  data BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;

/**
 * Previews in the app's SQLite file (DATA_DIR/journeyboard.sqlite) on a connection of their own,
 * like the images: one backup of the file holds boards and their pictures together.
 */
export class SqlitePreviewStore implements PreviewStore {
  private readonly db: DatabaseSync;
  private readonly statements: {
    upsert: StatementSync;
    select: StatementSync;
    selectTime: StatementSync;
    updatedAt: StatementSync;
    deleteForBoard: StatementSync;
  };

  constructor(options: { dataDir: string; synchronous?: SqliteSynchronous }) {
    this.db = openBoardDatabase(options.dataDir, options.synchronous);
    this.db.exec(SCHEMA);
    this.statements = {
      upsert: this.db.prepare(
        `INSERT INTO board_previews (board_id, content_type, data, sha256, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (board_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, sha256 = excluded.sha256, updated_at = excluded.updated_at`,
      ),
      select: this.db.prepare('SELECT * FROM board_previews WHERE board_id = ?'),
      selectTime: this.db.prepare('SELECT updated_at FROM board_previews WHERE board_id = ?'),
      // The ids travel as one JSON array: one statement for any number of boards.
      updatedAt: this.db.prepare('SELECT board_id, updated_at FROM board_previews WHERE board_id IN (SELECT value FROM json_each(?))'),
      deleteForBoard: this.db.prepare('DELETE FROM board_previews WHERE board_id = ?'),
    };
  }

  put(preview: NewPreviewImage): Promise<PreviewImage> {
    try {
      return Promise.resolve(
        inTransaction(this.db, () => {
          const previous = this.statements.selectTime.get(preview.boardId) as { updated_at: string } | undefined;
          const updatedAt = nextUpdatedAt(previous?.updated_at);
          this.statements.upsert.run(preview.boardId, preview.contentType, preview.data, preview.sha256, updatedAt);
          return { ...preview, updatedAt };
        }),
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  get(boardId: string): Promise<PreviewImage | undefined> {
    return Promise.resolve(toPreviewImage(this.statements.select.get(boardId) as PreviewRow | undefined));
  }

  updatedAt(boardIds: readonly string[]): Promise<Map<string, string>> {
    if (boardIds.length === 0) return Promise.resolve(new Map<string, string>());
    const rows = this.statements.updatedAt.all(JSON.stringify(boardIds)) as unknown as { board_id: string; updated_at: string }[];
    return Promise.resolve(new Map(rows.map((row) => [row.board_id, row.updated_at])));
  }

  deleteForBoard(boardId: string): Promise<boolean> {
    return Promise.resolve(Number(this.statements.deleteForBoard.run(boardId).changes) > 0);
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}
