/**
 * The PostgreSQL schema, one entry per version, applied in order and never edited once
 * released (add a new entry instead). Version n is entry n-1.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE boards (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    locale TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- seq orders one board's log: appends to a board hold its advisory lock until they
  -- commit, so per board the seq order is the commit order (readers may rely on it).
  CREATE TABLE doc_updates (
    seq BIGSERIAL PRIMARY KEY,
    board_id TEXT NOT NULL,
    data BYTEA NOT NULL,
    checksum BIGINT NOT NULL,
    origin TEXT NOT NULL
  );
  CREATE INDEX doc_updates_board ON doc_updates (board_id, seq);
  -- through_seq: every update of the board up to it is folded into data. Rows up to
  -- folded_seq (the previous snapshot's through_seq) are deleted; the rows between stay
  -- one compaction longer, so instances a little behind catch up from rows, not the snapshot.
  CREATE TABLE doc_snapshots (
    board_id TEXT PRIMARY KEY,
    data BYTEA NOT NULL,
    checksum BIGINT NOT NULL,
    through_seq BIGINT NOT NULL,
    folded_seq BIGINT NOT NULL,
    compacted_at TEXT NOT NULL
  );
  CREATE TABLE board_assets (
    board_id TEXT NOT NULL,
    asset_id TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BYTEA NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (board_id, asset_id)
  );
  CREATE TABLE board_versions (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    board_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT,
    created_by TEXT,
    created_at TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    card_count INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    restored_version_id TEXT,
    encoding TEXT NOT NULL,
    snapshot BYTEA NOT NULL
  );
  CREATE INDEX board_versions_board ON board_versions (board_id, seq);
  CREATE TABLE share_links (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL,
    role TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE INDEX share_links_board ON share_links (board_id);
  -- Settings every instance must agree on (the share-link signing key when SECRET is unset).
  CREATE TABLE server_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // Live metrics, webhooks, the portfolio index and ballots, so every instance sees the same.
  `
  CREATE TABLE card_metrics (
    seq BIGSERIAL PRIMARY KEY,
    board_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL,
    target DOUBLE PRECISION,
    direction TEXT NOT NULL,
    measured_at TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE INDEX card_metrics_series ON card_metrics (board_id, card_id, name, measured_at);
  CREATE TABLE board_webhooks (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX board_webhooks_board ON board_webhooks (board_id);
  -- claimed_until: the instance sending a delivery holds it until then, so no other sends it too.
  CREATE TABLE webhook_deliveries (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    webhook_id TEXT NOT NULL,
    board_id TEXT NOT NULL,
    event TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    next_attempt_at TEXT,
    claimed_until TEXT
  );
  CREATE INDEX webhook_deliveries_board ON webhook_deliveries (board_id, seq);
  CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (status);
  CREATE TABLE portfolio_boards (
    board_id TEXT PRIMARY KEY,
    summary TEXT NOT NULL,
    indexed_at TEXT NOT NULL
  );
  CREATE TABLE portfolio_touchpoints (
    board_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    card_id TEXT NOT NULL,
    touchpoint TEXT NOT NULL,
    PRIMARY KEY (board_id, position)
  );
  -- Unrevealed dot-voting ballots (never in the shared document); taken out at the reveal.
  CREATE TABLE board_ballots (
    board_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    voter_id TEXT NOT NULL,
    card_ids TEXT NOT NULL,
    PRIMARY KEY (board_id, round_id, voter_id)
  );
  `,
  // Share links may expire (null: never).
  `
  ALTER TABLE share_links ADD COLUMN expires_at TEXT;
  `,
  // The snapshot a compaction replaced (with the rows after it, which compaction keeps one round
  // longer, it rebuilds a board whose current snapshot is damaged), and the quarantine: original
  // bytes of damaged rows (data NULL: unreadable), kept until an operator removes them.
  `
  CREATE TABLE doc_previous_snapshots (
    board_id TEXT PRIMARY KEY,
    data BYTEA NOT NULL,
    checksum BIGINT NOT NULL,
    through_seq BIGINT NOT NULL,
    compacted_at TEXT NOT NULL
  );
  CREATE TABLE board_quarantine (
    id BIGSERIAL PRIMARY KEY,
    board_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data BYTEA,
    checksum BIGINT,
    reason TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    resolved_at TEXT
  );
  CREATE UNIQUE INDEX board_quarantine_open ON board_quarantine (board_id, kind, seq) WHERE resolved_at IS NULL;
  CREATE INDEX board_quarantine_board ON board_quarantine (board_id, id);
  `,
  // Each board's preview picture for the home page (server/src/previews/), one row per board.
  `
  CREATE TABLE board_previews (
    board_id TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    data BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
];
