import type { Board } from '../../../shared/src/index.ts';
import { LocaleSchema } from '../../../shared/src/index.ts';

/** A board row as both engines store it (boards). */
export interface BoardRow {
  id: string;
  title: string;
  locale: string;
  created_at: string;
  updated_at: string;
}

export function toBoard(row: BoardRow): Board {
  return {
    id: row.id,
    title: row.title,
    locale: LocaleSchema.catch('en').parse(row.locale),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
