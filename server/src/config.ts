import { resolve } from 'node:path';
import { DEFAULT_CONTENT_LIMITS, type ContentLimits } from './guard/writeRules.ts';
import { z } from 'zod';
import type { Role } from '../../shared/src/index.ts';
import type { SyncLimits } from './sync/limits.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import/importLimits.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every setting comes from the environment; the README documents each one. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('warn'),
  TLDRAW_LICENSE_KEY: z.string().optional(),
  CLIENT_DIR: z.string().min(1).default('./dist/client'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('NORMAL'),
  MAX_MESSAGE_BYTES: positiveInt(8 * 1024 * 1024),
  MAX_BODY_BYTES: positiveInt(1024 * 1024),
  MAX_UPLOAD_BYTES: positiveInt(10 * 1024 * 1024),
  MAX_BOARD_ASSET_BYTES: positiveInt(256 * 1024 * 1024),
  ROOM_IDLE_UNLOAD_MS: positiveInt(30_000),
  ROOM_FULL_STATE_CACHE_MS: positiveInt(10_000),
  COMPACT_AFTER_UPDATES: positiveInt(500),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  JOURNEY_DEBOUNCE_MS: positiveInt(500),
  MAX_REJECTIONS_PER_MINUTE: positiveInt(20),
  // What one record may hold (docs/security.md).
  MAX_RECORD_TEXT_CHARS: positiveInt(DEFAULT_CONTENT_LIMITS.maxRecordTextChars),
  MAX_RECORD_BYTES: positiveInt(DEFAULT_CONTENT_LIMITS.maxRecordBytes),
  MAX_PROFILE_BYTES: positiveInt(DEFAULT_CONTENT_LIMITS.maxProfileBytes),
  MEDIA_ALLOWED_ORIGINS: z.string().default(''),
  MAX_MESSAGES_PER_SECOND: positiveInt(200),
  MAX_BYTES_PER_SECOND: positiveInt(4 * 1024 * 1024),
  MAX_AWARENESS_BYTES: positiveInt(32 * 1024),
  MAX_AWARENESS_PER_SECOND: positiveInt(30),
  MAX_CONNECTIONS_PER_BOARD: positiveInt(250),
  MAX_DOC_BYTES: positiveInt(64 * 1024 * 1024),
  MAX_BUFFERED_BYTES: positiveInt(16 * 1024 * 1024),
  HANDSHAKE_TIMEOUT_MS: positiveInt(15_000),
  IDLE_TIMEOUT_MS: positiveInt(10 * 60_000),
  HEARTBEAT_MS: positiveInt(30_000),
  ALLOWED_ORIGINS: z.string().default(''),
  ANONYMOUS_ROLE: z.enum(['none', 'viewer', 'commenter', 'editor', 'facilitator']).default('none'),
  BOARD_CREATION: z.enum(['open', 'admin']).default('open'),
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  SECRET: z.string().min(16, 'SECRET must be at least 16 characters').optional(),
  // Scale-out (see README "Scale-out"): PostgreSQL instead of SQLite, Redis between instances.
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').optional(),
  DATABASE_POOL_SIZE: positiveInt(10),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL').optional(),
  CATCH_UP_INTERVAL_MS: positiveInt(5_000),
  // Reading uploaded tables (README "Import"): each file in a worker thread with these bounds.
  IMPORT_MAX_UNCOMPRESSED_BYTES: positiveInt(DEFAULT_IMPORT_LIMITS.maxUncompressedBytes),
  IMPORT_MAX_COMPRESSION_RATIO: positiveInt(DEFAULT_IMPORT_LIMITS.maxCompressionRatio),
  IMPORT_MAX_CELLS: positiveInt(DEFAULT_IMPORT_LIMITS.maxCells),
  IMPORT_TIMEOUT_MS: positiveInt(DEFAULT_IMPORT_LIMITS.timeoutMs),
  IMPORT_MAX_MEMORY_MB: positiveInt(DEFAULT_IMPORT_LIMITS.maxMemoryMb),
  IMPORT_CONCURRENCY: positiveInt(DEFAULT_IMPORT_LIMITS.concurrency),
}).refine((env) => !env.REDIS_URL || env.DATABASE_URL, {
  message: 'REDIS_URL needs DATABASE_URL: instances that share live updates must share their storage',
  path: ['REDIS_URL'],
});

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  clientDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  tldrawLicenseKey: string | null;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  maxMessageBytes: number;
  maxBodyBytes: number;
  /** Largest uploaded image, and largest total of one board's images. */
  maxUploadBytes: number;
  maxBoardAssetBytes: number;
  roomIdleUnloadMs: number;
  roomFullStateCacheMs: number;
  compactAfterUpdates: number;
  shutdownTimeoutMs: number;
  journeyDebounceMs: number;
  maxRejectionsPerMinute: number;
  /** What one record may hold, and where images, videos and embeds may come from. */
  content: ContentLimits;
  sync: SyncLimits;
  /** Bounds on reading an uploaded CSV or XLSX table. */
  importLimits: ImportLimits;
  /** Role of requests without a share link; null: links are required. */
  anonymousRole: Role | null;
  boardCreation: 'open' | 'admin';
  adminToken: string | null;
  secret: string | null;
  scaleOut: ScaleOutConfig;
}

export interface ScaleOutConfig {
  /** PostgreSQL holds boards, images, versions and share links instead of SQLite. */
  databaseUrl: string | null;
  databasePoolSize: number;
  /** Redis carries live updates and presence between instances. */
  redisUrl: string | null;
  /** How often each held board reads what other instances stored that it did not get live. */
  catchUpIntervalMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.DATA_DIR),
    clientDir: resolve(c.CLIENT_DIR),
    logLevel: c.LOG_LEVEL,
    tldrawLicenseKey: c.TLDRAW_LICENSE_KEY?.trim() ? c.TLDRAW_LICENSE_KEY.trim() : null,
    sqliteSynchronous: c.SQLITE_SYNCHRONOUS,
    maxMessageBytes: c.MAX_MESSAGE_BYTES,
    maxBodyBytes: c.MAX_BODY_BYTES,
    maxUploadBytes: c.MAX_UPLOAD_BYTES,
    maxBoardAssetBytes: c.MAX_BOARD_ASSET_BYTES,
    roomIdleUnloadMs: c.ROOM_IDLE_UNLOAD_MS,
    roomFullStateCacheMs: c.ROOM_FULL_STATE_CACHE_MS,
    compactAfterUpdates: c.COMPACT_AFTER_UPDATES,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    journeyDebounceMs: c.JOURNEY_DEBOUNCE_MS,
    maxRejectionsPerMinute: c.MAX_REJECTIONS_PER_MINUTE,
    content: {
      maxRecordTextChars: c.MAX_RECORD_TEXT_CHARS,
      maxRecordBytes: c.MAX_RECORD_BYTES,
      maxProfileBytes: c.MAX_PROFILE_BYTES,
      allowedMediaOrigins: c.MEDIA_ALLOWED_ORIGINS.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
    },
    anonymousRole: c.ANONYMOUS_ROLE === 'none' ? null : c.ANONYMOUS_ROLE,
    boardCreation: c.BOARD_CREATION,
    adminToken: c.ADMIN_TOKEN ?? null,
    secret: c.SECRET ?? null,
    scaleOut: {
      databaseUrl: c.DATABASE_URL ?? null,
      databasePoolSize: c.DATABASE_POOL_SIZE,
      redisUrl: c.REDIS_URL ?? null,
      catchUpIntervalMs: c.CATCH_UP_INTERVAL_MS,
    },
    importLimits: {
      maxUncompressedBytes: c.IMPORT_MAX_UNCOMPRESSED_BYTES,
      maxCompressionRatio: c.IMPORT_MAX_COMPRESSION_RATIO,
      maxCells: c.IMPORT_MAX_CELLS,
      timeoutMs: c.IMPORT_TIMEOUT_MS,
      maxMemoryMb: c.IMPORT_MAX_MEMORY_MB,
      concurrency: c.IMPORT_CONCURRENCY,
    },
    sync: {
      maxMessageBytes: c.MAX_MESSAGE_BYTES,
      maxMessagesPerSecond: c.MAX_MESSAGES_PER_SECOND,
      maxBytesPerSecond: c.MAX_BYTES_PER_SECOND,
      maxAwarenessBytes: c.MAX_AWARENESS_BYTES,
      maxAwarenessPerSecond: c.MAX_AWARENESS_PER_SECOND,
      maxConnectionsPerBoard: c.MAX_CONNECTIONS_PER_BOARD,
      maxDocBytes: c.MAX_DOC_BYTES,
      maxBufferedBytes: c.MAX_BUFFERED_BYTES,
      handshakeTimeoutMs: c.HANDSHAKE_TIMEOUT_MS,
      idleTimeoutMs: c.IDLE_TIMEOUT_MS,
      heartbeatMs: c.HEARTBEAT_MS,
      allowedOrigins: c.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    },
  };
}
