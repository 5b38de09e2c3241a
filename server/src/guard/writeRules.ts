import { boardAssetsPath, type Role } from '../../../shared/src/index.ts';

/** One record change as the guard sees it; undefined means "did not exist". */
export interface RecordChange {
  role: Role;
  key: string;
  before: unknown;
  after: unknown;
  /** The writer's own profile record id (`user:…`), proven by its profile key; none for a stock client. */
  profileRecordId?: string;
  /** The board the record belongs to. */
  boardId?: string;
}

/** Returns why the change is not allowed, or null when it is. */
export type WriteRule = (change: RecordChange) => string | null;

function isLocked(record: unknown): boolean {
  return typeof record === 'object' && record !== null && (record as { isLocked?: unknown }).isLocked === true;
}

/**
 * tldraw keeps each participant's profile (name, colour) as a `user` record in the
 * document and rewrites it on every visit; it is presence, not board content.
 */
function isProfile(change: RecordChange): boolean {
  const record = (change.after ?? change.before) as { typeName?: unknown } | undefined;
  return record?.typeName === 'user';
}

export const viewersCannotWrite: WriteRule = (change) =>
  change.role === 'viewer' && !isProfile(change) ? 'viewers cannot change the board' : null;

/** Commenters write comments (their own records); the canvas stays read-only to them. */
export const commentersCannotEditBoard: WriteRule = (change) =>
  change.role === 'commenter' && !isProfile(change) ? 'commenters can only write comments' : null;

/** Locked shapes (template structure a facilitator locked) change only by a facilitator. */
export const onlyFacilitatorsChangeLocked: WriteRule = ({ role, before, after }) => {
  if (role === 'facilitator') return null;
  if (isLocked(before)) return 'this item is locked by the facilitator';
  if (isLocked(after)) return 'only a facilitator can lock items';
  return null;
};

export const DEFAULT_WRITE_RULES: readonly WriteRule[] = [viewersCannotWrite, commentersCannotEditBoard, onlyFacilitatorsChangeLocked];

/**
 * A participant writes only its own profile: the one whose id its profile key proves
 * (shared/src/profileKey.ts). Without this anyone could rename or recolour anyone else.
 */
export const onlyOwnProfile: WriteRule = (change) => {
  if (!isProfile(change)) return null;
  return change.key === change.profileRecordId ? null : 'a participant changes only its own profile';
};

export interface ContentLimits {
  /** Characters of text a person typed into one record: every rich-text run and `text` prop together. */
  maxRecordTextChars: number;
  /** Size of one record as JSON: bounds everything else a record holds (structure, labels, meta). */
  maxRecordBytes: number;
  /** Serialized size of one profile (`user`) record. */
  maxProfileBytes: number;
  /** Origins (scheme://host[:port]) images, videos and embeds may come from besides the board's own assets. */
  allowedMediaOrigins: readonly string[];
}

export const DEFAULT_CONTENT_LIMITS: ContentLimits = { maxRecordTextChars: 20_000, maxRecordBytes: 256 * 1024, maxProfileBytes: 2_048, allowedMediaOrigins: [] };

/**
 * Characters of typed text in `value`: the `text` strings of rich-text runs and text props,
 * wherever they sit, stopping once `limit` is passed. Keys, styles and ids are not text a person
 * typed; the record's size bound (maxRecordBytes) covers them.
 */
export function textLength(value: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const next = stack.pop();
    if (Array.isArray(next)) stack.push(...(next as unknown[]));
    else if (typeof next === 'object' && next !== null) {
      for (const [key, field] of Object.entries(next)) {
        if (key === 'text' && typeof field === 'string') total += field.length;
        else if (typeof field === 'object' && field !== null) stack.push(field);
      }
    }
  }
  return total;
}

function field(record: unknown, ...path: string[]): unknown {
  let value: unknown = record;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** A record as JSON for measuring it; Yjs also carries bigints, which JSON.stringify refuses. */
function jsonText(value: unknown): string {
  try {
    // Without a replacer first: one call per field costs more than the whole stringify (every record of every update goes through here).
    return JSON.stringify(value) ?? '';
  } catch {
    return JSON.stringify(value, (_key, field: unknown) => (typeof field === 'bigint' ? field.toString() : field)) ?? '';
  }
}

/** Whether `url` is one of this board's own asset paths or from an allowed origin. */
function isAllowedMediaUrl(url: string, boardId: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (boardId !== undefined && url.startsWith(`${boardAssetsPath(boardId)}/`) && !url.includes('..')) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && allowedOrigins.includes(parsed.origin);
}

/**
 * What one record may hold, whoever writes it: bounded text (one note of 300 KiB kept every
 * browser busy for over a minute), small profiles, and media only from the board's own assets
 * (every participant's browser loads an image or embed the moment it is on the board).
 */
export function contentRules(limits: ContentLimits = DEFAULT_CONTENT_LIMITS): WriteRule[] {
  const textWithinLimit: WriteRule = ({ after }) => {
    if (after === undefined) return null;
    if (textLength(after, limits.maxRecordTextChars) > limits.maxRecordTextChars) return `a record may hold at most ${limits.maxRecordTextChars} characters of text`;
    if (Buffer.byteLength(jsonText(after)) > limits.maxRecordBytes) return `a record may be at most ${limits.maxRecordBytes} bytes`;
    return null;
  };
  const smallProfiles: WriteRule = (change) => {
    if (change.after === undefined || !isProfile(change)) return null;
    return jsonText(change.after).length > limits.maxProfileBytes ? `a profile may be at most ${limits.maxProfileBytes} bytes` : null;
  };
  const mediaFromTheBoard: WriteRule = ({ after, boardId }) => {
    const typeName = field(after, 'typeName');
    const type = field(after, 'type');
    const urls: unknown[] = [];
    if (typeName === 'asset') urls.push(field(after, 'props', 'src'), field(after, 'props', 'image'), field(after, 'props', 'favicon'));
    else if (typeName === 'shape' && type === 'embed') {
      const url = field(after, 'props', 'url');
      if (typeof url !== 'string' || !isAllowedMediaUrl(url, undefined, limits.allowedMediaOrigins)) return 'embeds from outside addresses are not allowed on this server';
    }
    for (const url of urls) {
      if (url === null || url === undefined || url === '') continue;
      if (typeof url !== 'string' || !isAllowedMediaUrl(url, boardId, limits.allowedMediaOrigins)) {
        return "images and videos must be uploaded to the board (this server loads nothing from outside addresses)";
      }
    }
    return null;
  };
  return [onlyOwnProfile, textWithinLimit, smallProfiles, mediaFromTheBoard];
}
