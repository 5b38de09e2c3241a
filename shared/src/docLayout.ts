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
  /** Y.Map of workshop session state (timer, vote rounds, private mode, emotion scores); only the server writes it. */
  session: 'session',
  /** Y.Map card id -> latest live metrics (shared/src/journey/liveMetrics.ts); written only by the server. */
  liveMetrics: 'live-metrics',
} as const;

export const MetaKey = {
  /** tldraw's serialized store schema, so a newer client can migrate older records. */
  schema: 'schema',
  /** The board's title as last renamed (PATCH /api/boards/:id), so open boards follow a rename live. */
  title: 'title',
} as const;

/** Who may write a top-level structure of the board's Y.Doc. */
export type DocStructureWriter =
  /** Participants, each change checked record by record by the structure's own guard. */
  | 'participants'
  /** Only the server (facilitator commands, metrics, the stored schema); participants' writes are reverted. */
  | 'server';

export interface DocStructure {
  /** The shared type the structure is read as: an array holds entries, a map holds keys. */
  kind: 'array' | 'map';
  writer: DocStructureWriter;
  /** The server-side rule set for participants' writes. */
  guard?: 'records' | 'comments';
}

/**
 * Every top-level structure a board may contain, with its owner. The server refuses (reverts in
 * the same broadcast, never stores) a participant's write to any name not listed here, and to
 * any listed structure whose writer is the server. docs/security.md has the role-by-structure table.
 */
export const DOC_STRUCTURES: Readonly<Record<string, DocStructure>> = {
  [DocLayout.records]: { kind: 'array', writer: 'participants', guard: 'records' },
  [DocLayout.comments]: { kind: 'array', writer: 'participants', guard: 'comments' },
  [DocLayout.meta]: { kind: 'map', writer: 'server' },
  [DocLayout.session]: { kind: 'map', writer: 'server' },
  [DocLayout.liveMetrics]: { kind: 'map', writer: 'server' },
};

export function docStructure(name: string): DocStructure | undefined {
  return Object.hasOwn(DOC_STRUCTURES, name) ? DOC_STRUCTURES[name] : undefined;
}
