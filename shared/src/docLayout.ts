/**
 * Where a board lives inside its Y.Doc. Client binding, server and extraction all
 * read these names, so they are defined once.
 */
export const DocLayout = {
  /** Y.Array used by y-utility's YKeyValue: tldraw records keyed by record id. */
  records: 'tldraw-records',
  /** Y.Map with document-level metadata. */
  meta: 'meta',
  /** Y.Array used by YKeyValue: comment threads and comments keyed by id (shared/src/comments.ts). */
  comments: 'comments',
  /** Y.Map card id -> latest live metrics (shared/src/journey/liveMetrics.ts); written only by the server. */
  liveMetrics: 'live-metrics',
} as const;

export const MetaKey = {
  /** tldraw's serialized store schema, so a newer client can migrate older records. */
  schema: 'schema',
} as const;
