import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { VersionKindSchema } from '../../../shared/src/history.ts';
import type { StoredVersion, VersionSnapshot } from './versionStore.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Columns and row mapping shared by the version stores (SQLite and PostgreSQL). */
export const META_COLUMNS =
  'id, board_id, kind, name, created_by, created_at, record_count, card_count, content_hash, restored_version_id';

export interface VersionRow {
  id: string;
  board_id: string;
  kind: string;
  name: string | null;
  created_by: string | null;
  created_at: string;
  record_count: number;
  card_count: number;
  content_hash: string;
  restored_version_id: string | null;
}

export function toVersion(row: VersionRow): StoredVersion {
  return {
    id: row.id,
    boardId: row.board_id,
    kind: VersionKindSchema.catch('activity').parse(row.kind),
    name: row.name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    recordCount: Number(row.record_count),
    cardCount: Number(row.card_count),
    contentHash: row.content_hash,
    restoredVersionId: row.restored_version_id,
  };
}

/** How every version store keeps a snapshot: gzipped JSON, compressed off the event loop. */
export const SNAPSHOT_ENCODING = 'json+gzip';

export function encodeSnapshot(snapshot: VersionSnapshot): Promise<Buffer> {
  return gzipAsync(JSON.stringify(snapshot));
}

/** Values for `(${META_COLUMNS}, encoding, snapshot)`, in that order, with the snapshot encoded. */
export async function insertValues(version: StoredVersion, snapshot: VersionSnapshot): Promise<[...(string | number | null)[], Buffer]> {
  return [
    version.id,
    version.boardId,
    version.kind,
    version.name,
    version.createdBy,
    version.createdAt,
    version.recordCount,
    version.cardCount,
    version.contentHash,
    version.restoredVersionId,
    SNAPSHOT_ENCODING,
    await encodeSnapshot(snapshot),
  ];
}

export async function decodeSnapshot(versionId: string, encoding: string, data: Uint8Array): Promise<VersionSnapshot> {
  if (encoding !== SNAPSHOT_ENCODING) throw new Error(`version ${versionId} has an unknown encoding ${encoding}`);
  return JSON.parse((await gunzipAsync(data)).toString('utf8')) as VersionSnapshot;
}
