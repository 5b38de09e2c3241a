import { z } from 'zod';
import { BoardIdSchema } from './boardId.ts';

export const LOCALES = ['en', 'de'] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

export const CreateBoardRequestSchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters'),
  locale: LocaleSchema.optional(),
});
export type CreateBoardRequest = z.infer<typeof CreateBoardRequestSchema>;

export const BoardSchema = z.object({
  id: BoardIdSchema,
  title: z.string(),
  locale: LocaleSchema,
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
export type Board = z.infer<typeof BoardSchema>;

/** The answer to creating a board: the board plus the facilitator's share link. */
export const CreatedBoardSchema = BoardSchema.extend({
  facilitatorToken: z.string(),
  facilitatorPath: z.string(),
});
export type CreatedBoard = z.infer<typeof CreatedBoardSchema>;

export const BoardListSchema = z.object({ boards: z.array(BoardSchema) });

export const STORED_ROW_KINDS = ['snapshot', 'previous-snapshot', 'update'] as const;

/**
 * A board whose stored rows are damaged. `rebuilt`: served read-only, rebuilt from `rebuiltFrom`
 * (the current snapshot with some update rows left out, the previous snapshot, or the update rows
 * alone) until a facilitator or administrator accepts the rebuild. `unreadable`: not served at all.
 */
export const BoardDamageSchema = z.object({
  state: z.enum(['rebuilt', 'unreadable']),
  rebuiltFrom: z.enum(['snapshot', 'previous-snapshot', 'updates-only']).nullable(),
  damagedRows: z.array(z.object({ kind: z.enum(STORED_ROW_KINDS), seq: z.number().int(), reason: z.string() })),
  message: z.string(),
});
export type BoardDamage = z.infer<typeof BoardDamageSchema>;

/** One board with the state of its storage (null: intact). */
export const BoardStatusSchema = BoardSchema.extend({ damage: BoardDamageSchema.nullable() });
export type BoardStatus = z.infer<typeof BoardStatusSchema>;

/** A quarantined row: the original bytes of a damaged row (download them by id). */
export const QuarantineEntrySchema = z.object({
  id: z.number().int(),
  boardId: z.string(),
  kind: z.enum(STORED_ROW_KINDS),
  seq: z.number().int(),
  size: z.number().int(),
  checksum: z.number().int().nullable(),
  reason: z.string(),
  detectedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type QuarantineEntry = z.infer<typeof QuarantineEntrySchema>;

export const QuarantineListSchema = z.object({ entries: z.array(QuarantineEntrySchema) });

/** Boards with quarantined rows; `damaged`: some are not resolved (the board is read-only). */
export const DamagedBoardListSchema = z.object({
  boards: z.array(z.object({ boardId: z.string(), damaged: z.boolean(), entries: z.array(QuarantineEntrySchema) })),
});
export type DamagedBoardList = z.infer<typeof DamagedBoardListSchema>;
export type BoardList = z.infer<typeof BoardListSchema>;

export const ClientConfigSchema = z.object({
  /** tldraw licence key from the server's TLDRAW_LICENSE_KEY; null in development. */
  tldrawLicenseKey: z.string().nullable(),
  version: z.string(),
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'conflict',
  'internal_error',
  'service_unavailable',
] as const;
export const ApiErrorSchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** A board's title as a rename sends it: trimmed, like a new board's title. */
export const RenameBoardRequestSchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters'),
});
export type RenameBoardRequest = z.infer<typeof RenameBoardRequestSchema>;

/**
 * A board's preview picture (the home page's card): made in the browser of an editor or facilitator
 * from the board's current page, stored with the board, one per board.
 */
export const PREVIEW_IMAGE_TYPES = ['image/png', 'image/webp'] as const;
export type PreviewImageType = (typeof PREVIEW_IMAGE_TYPES)[number];
export const MAX_PREVIEW_BYTES = 256 * 1024;

export const StoredPreviewSchema = z.object({
  contentType: z.enum(PREVIEW_IMAGE_TYPES),
  size: z.number().int().positive(),
  updatedAt: z.string().datetime(),
  /** Same-origin path of the picture; changes whenever the picture does, so caches never show an old one. */
  url: z.string().startsWith('/api/boards/'),
});
export type StoredPreview = z.infer<typeof StoredPreviewSchema>;

export function boardPreviewPath(boardId: string, updatedAt?: string): string {
  const path = `/api/boards/${encodeURIComponent(boardId)}/preview`;
  return updatedAt ? `${path}?v=${encodeURIComponent(updatedAt)}` : path;
}
