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
  'internal_error',
  'service_unavailable',
] as const;
export const ApiErrorSchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
