import { ACCEPTED_IMAGE_TYPES, type AcceptedImageType } from '../../../shared/src/index.ts';
import type { StoredAsset } from './assetStore.ts';

/** An image row as both engines store it (board_assets). */
export interface AssetRow {
  board_id: string;
  asset_id: string;
  content_type: string;
  size: number;
  data: Uint8Array;
  created_at: string;
}

function isAcceptedType(value: string): value is AcceptedImageType {
  return (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(value);
}

/** Undefined for a row whose type is not one the app serves. */
export function toStoredAsset(row: AssetRow | undefined): StoredAsset | undefined {
  if (!row || !isAcceptedType(row.content_type)) return undefined;
  return {
    boardId: row.board_id,
    id: row.asset_id,
    contentType: row.content_type,
    size: Number(row.size),
    data: row.data,
    createdAt: row.created_at,
  };
}
